import { ApiProperty } from '@nestjs/swagger';

export class RegistryEntryDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'The plugin that registered it' })
  plugin: string;
}

export class PluginsResponseDto {
  @ApiProperty({ type: RegistryEntryDto, isArray: true })
  storageDrivers: RegistryEntryDto[];

  @ApiProperty({ type: RegistryEntryDto, isArray: true })
  notificationChannels: RegistryEntryDto[];

  @ApiProperty({ type: RegistryEntryDto, isArray: true })
  exportFormats: RegistryEntryDto[];
}
