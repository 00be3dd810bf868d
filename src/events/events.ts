import type { Role } from '../common/roles.js';

/**
 * Events on the internal, in-process bus (@nestjs/event-emitter), emitted after commit. Webhooks do not use
 * it: they are recorded in the changing transaction through OutboxService (src/webhooks), see docs/webhooks.md.
 */
export const EVENTS = {
  uploadCreated: 'upload.created',
  uploadDeleted: 'upload.deleted',
} as const;

export interface UploadCreatedEvent {
  imageId: string;
  slug: string;
  ownerId: string | null;
  ownerName: string | null;
  url: string;
  rawUrl: string;
  thumbnailUrl: string;
  size: number;
  mimeType: string;
  width: number;
  height: number;
  compressed: boolean;
  occurredAt: string;
}

/** A staff member's deletion is recorded under their own role, not always as an admin's. */
export function staffDeletion(role: Role): 'admin' | 'moderator' {
  return role === 'admin' ? 'admin' : 'moderator';
}

export interface UploadDeletedEvent {
  imageId: string;
  slug: string;
  ownerId: string | null;
  /** Who deleted it: the owner, an admin or moderator, anyone holding the deletion link, or its expiry. */
  by: 'owner' | 'admin' | 'moderator' | 'deletion-link' | 'expiry';
  occurredAt: string;
}

/** Annotation events (annotations/): a new drawing, or a new revision of one. Names in ANNOTATION_EVENTS. */
export const ANNOTATION_EVENTS = {
  annotationCreated: 'annotation.created',
  annotationRevised: 'annotation.revised',
} as const;

export interface AnnotationEvent {
  annotationId: string;
  imageId: string;
  pairId: string;
  label: string;
  /** 1 for annotation.created. */
  revision: number;
  shapes: number;
  /** Who saved it: a username, or null for an anonymous annotator. */
  author: string | null;
  occurredAt: string;
}
