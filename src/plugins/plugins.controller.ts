import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/decorators.js';
import { PluginsResponseDto } from './plugins.dto.js';
import { ExportFormatRegistry, NotificationChannelRegistry, StorageDriverRegistry } from './registries.js';

@ApiTags('plugins')
@Controller('api/plugins')
export class PluginsController {
  constructor(
    private readonly storage: StorageDriverRegistry,
    private readonly channels: NotificationChannelRegistry,
    private readonly formats: ExportFormatRegistry,
  ) {}

  @Get()
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'What each plugin registry holds, and from which plugin' })
  @ApiOkResponse({ type: PluginsResponseDto })
  list(): PluginsResponseDto {
    return {
      storageDrivers: this.storage.entries(),
      notificationChannels: this.channels.entries(),
      exportFormats: this.formats.entries(),
    };
  }
}
