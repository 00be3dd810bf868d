import { localDiskDriver } from '../storage/local-disk.driver.js';
import { s3Driver } from '../storage/s3/s3.driver.js';
import { definePlugin } from './define-plugin.js';

/** What Imagehive ships with, registered exactly as an external plugin would be. */
export const BuiltinPlugin = definePlugin({
  name: 'imagehive:builtin',
  storageDrivers: [localDiskDriver, s3Driver],
});
