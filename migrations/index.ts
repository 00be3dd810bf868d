import { Foundation1763700000000 } from './1763700000000-Foundation.js';
import { Uploads1795242688011 } from './1795242688011-Uploads.js';
import { Dataset1795243839121 } from './1795243839121-Dataset.js';
import { Validation1795245069953 } from './1795245069953-Validation.js';
import { Webhooks1795244245359 } from './1795244245359-Webhooks.js';
import { AdminSessions1795244290374 } from './1795244290374-AdminSessions.js';
import { Annotations1795245578964 } from './1795245578964-Annotations.js';
import { TaskOrder1795250000000 } from './1795250000000-TaskOrder.js';
import { Settings1795257046460 } from './1795257046460-Settings.js';

/** Every migration, oldest first; listed explicitly because TypeORM's globs do not load under ESM. */
export const MIGRATIONS: Function[] = [
  Foundation1763700000000,
  Uploads1795242688011,
  Dataset1795243839121,
  Webhooks1795244245359,
  AdminSessions1795244290374,
  Validation1795245069953,
  Annotations1795245578964,
  TaskOrder1795250000000,
  Settings1795257046460,
];
