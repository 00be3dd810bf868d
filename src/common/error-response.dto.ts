import { ApiProperty } from '@nestjs/swagger';

/** Every error has this shape, so ShareX can show `{json:message}`. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'username must be longer than or equal to 3 characters' })
  message: string;

  @ApiProperty({ example: 'Bad Request' })
  error: string;

  @ApiProperty({ required: false, description: 'Each validation problem, when there are several' })
  details?: string[];

  @ApiProperty({ required: false, description: 'Request id, also in the X-Request-Id header and the logs' })
  requestId?: string;
}
