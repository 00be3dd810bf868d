import type { AdminResourceDefinition } from './definition.js';
import { invitesResource } from './invites.resource.js';
import { tokensResource } from './tokens.resource.js';
import { uploadsResource } from './uploads.resource.js';
import { usersResource } from './users.resource.js';

/** The panel's resources, in menu order. Later modules add theirs here (see definition.ts). */
export const ADMIN_RESOURCES: AdminResourceDefinition[] = [uploadsResource, usersResource, invitesResource, tokensResource];
