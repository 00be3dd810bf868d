import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiProperty({ enum: ['postgres', 'pglite'], required: false })
  database?: 'postgres' | 'pglite';
}
