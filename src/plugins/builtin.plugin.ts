import { datasetFormats } from '../../libs/dataset-formats/index.js';
import { localDiskDriver } from '../storage/local-disk.driver.js';
import { discordChannel } from '../webhooks/channels/discord.channel.js';
import { webhookChannel } from '../webhooks/channels/webhook.channel.js';
import { s3Driver } from '../storage/s3/s3.driver.js';
import { definePlugin } from './define-plugin.js';

/** What Imagehive ships with, registered exactly as an external plugin would be. */
export const BuiltinPlugin = definePlugin({
  name: 'imagehive:builtin',
  storageDrivers: [localDiskDriver, s3Driver],
  exportFormats: [...datasetFormats],
  notificationChannels: [discordChannel, webhookChannel],
});
