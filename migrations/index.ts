import { Foundation1763700000000 } from './1763700000000-Foundation.js';
import { Uploads1795242688011 } from './1795242688011-Uploads.js';
import { AdminSessions1795244290374 } from './1795244290374-AdminSessions.js';

/** Every migration, oldest first; listed explicitly because TypeORM's globs do not load under ESM. */
export const MIGRATIONS: Function[] = [Foundation1763700000000, Uploads1795242688011, AdminSessions1795244290374];
