import { AdminSessionEntity } from '../admin/session/admin-session.entity.js';
import { ApiTokenEntity } from '../tokens/api-token.entity.js';
import { InviteEntity } from '../invites/invite.entity.js';
import { BlobEntity } from '../uploads/blob.entity.js';
import { ImageEntity } from '../uploads/image.entity.js';
import { UserEntity } from '../users/user.entity.js';

/** Listed explicitly: TypeORM's entity globs do not load under ESM. */
export const ENTITIES = [UserEntity, InviteEntity, ApiTokenEntity, BlobEntity, ImageEntity, AdminSessionEntity];
