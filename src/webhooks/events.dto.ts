import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role, SCOPES, type Scope } from '../common/roles.js';

/*
 * The payload schema of every event Imagehive reports. Each is the `data` of an EventEnvelopeDto; the
 * dispatcher sends the envelope as is (signed `webhook` channel) or turns it into an embed (`discord`).
 * Rule for every payload: ids, names and facts only, never a password, token, secret or hash of one
 * (OutboxService.record refuses keys that look like one).
 */

const uuid = { format: 'uuid' } as const;
const nullableUuid = { type: String, format: 'uuid', nullable: true } as const;
const nullableString = { type: String, nullable: true } as const;
const dateTime = { type: String, format: 'date-time' } as const;

export class UploadCreatedPayload {
  @ApiProperty({ ...uuid })
  imageId: string;

  @ApiProperty({ description: 'The short link id (`/v/<slug>`)' })
  slug: string;

  @ApiProperty({ ...nullableUuid, description: 'The uploader; null for anonymous ingests' })
  ownerId: string | null;

  @ApiProperty({ ...nullableString })
  ownerName: string | null;

  @ApiProperty({ ...nullableString, format: 'uri', description: 'The viewer page; null when no public URL was known' })
  url: string | null;

  @ApiProperty({ ...nullableString, format: 'uri', description: 'The stored file' })
  rawUrl: string | null;

  @ApiProperty({ ...nullableString, format: 'uri', description: 'A small WebP rendition' })
  thumbnailUrl: string | null;

  @ApiProperty({ description: 'Stored size in bytes (after compression)' })
  size: number;

  @ApiProperty({ example: 'image/webp' })
  mimeType: string;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ description: 'Whether Imagehive re-encoded it' })
  compressed: boolean;

  @ApiProperty({ ...dateTime, nullable: true })
  expiresAt: string | null;
}

export const UPLOAD_DELETED_BY = ['owner', 'admin', 'moderator', 'deletion-link', 'expiry'] as const;

export class UploadDeletedPayload {
  @ApiProperty({ ...uuid })
  imageId: string;

  @ApiProperty()
  slug: string;

  @ApiProperty({ ...nullableUuid })
  ownerId: string | null;

  @ApiProperty({ enum: UPLOAD_DELETED_BY, description: 'The owner, an admin, anyone holding the deletion link, or the expiry sweep' })
  by: (typeof UPLOAD_DELETED_BY)[number];

  @ApiProperty({ ...nullableUuid, description: 'The signed-in user who deleted it, when there was one' })
  actorId: string | null;
}

export class DonationCreatedPayload {
  @ApiProperty({ ...uuid })
  imageId: string;

  @ApiProperty({ ...nullableUuid })
  donorId: string | null;

  @ApiProperty({ ...nullableString })
  donorName: string | null;

  @ApiProperty({ type: String, isArray: true, description: 'Labels the donor gave' })
  labels: string[];

  @ApiProperty()
  size: number;

  @ApiProperty()
  mimeType: string;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ ...nullableString, format: 'uri', description: 'Only once the image is unlocked; null while it awaits moderation' })
  thumbnailUrl: string | null;
}

export const MODERATION_STATUSES = ['approved', 'rejected', 'quarantined'] as const;

/** `image.approved`, `image.rejected` and `image.quarantined` share this payload. */
export class ImageModeratedPayload {
  @ApiProperty({ ...uuid })
  imageId: string;

  @ApiProperty({ enum: MODERATION_STATUSES })
  status: (typeof MODERATION_STATUSES)[number];

  @ApiProperty({ ...nullableString, description: 'The status before' })
  previousStatus: string | null;

  @ApiProperty({ ...nullableUuid, description: 'The moderator; null when automatic (e.g. a validation rule)' })
  actorId: string | null;

  @ApiProperty({ ...nullableString })
  actorName: string | null;

  @ApiProperty({ ...nullableString, maxLength: 500 })
  reason: string | null;
}

export class ImageReportedPayload {
  @ApiProperty({ ...uuid })
  reportId: string;

  @ApiProperty({ ...uuid })
  imageId: string;

  @ApiProperty({ ...nullableUuid, description: 'Null for anonymous reports' })
  reporterId: string | null;

  @ApiProperty({ ...nullableString })
  reporterName: string | null;

  @ApiProperty({ description: 'A reason code, e.g. `nsfw`, `copyright`, `personal-data`, `spam`, `other`' })
  reason: string;

  @ApiProperty({ ...nullableString, maxLength: 500, description: 'Free text from the reporter' })
  comment: string | null;
}

export class LabelSuggestedPayload {
  @ApiProperty({ ...uuid })
  suggestionId: string;

  @ApiProperty({ description: 'The suggested label, as typed' })
  label: string;

  @ApiProperty({ ...nullableUuid, description: 'The image it was suggested for, if any' })
  imageId: string | null;

  @ApiProperty({ ...nullableUuid })
  userId: string | null;

  @ApiProperty({ ...nullableString })
  userName: string | null;
}

export const ALERT_KINDS = ['verdict_flip', 'rapid_change', 'spam_burst'] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;

/** From the consensus alerts (docs/consensus.md, "Alerts"). */
export class ValidationAlertPayload {
  @ApiProperty({ enum: ALERT_KINDS })
  kind: (typeof ALERT_KINDS)[number];

  @ApiProperty({ enum: ALERT_SEVERITIES })
  severity: (typeof ALERT_SEVERITIES)[number];

  @ApiProperty({ description: 'One sentence for people' })
  message: string;

  @ApiProperty({ ...nullableUuid })
  imageId: string | null;

  @ApiProperty({ ...nullableString })
  label: string | null;

  @ApiProperty({ ...nullableUuid, description: 'The voter a spam burst came from' })
  userId: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Kind-specific numbers (from, to, since, window, count…)' })
  details: Record<string, unknown>;
}

export const USER_CREATED_VIA = ['registration', 'invite', 'bootstrap', 'admin'] as const;

export class UserCreatedPayload {
  @ApiProperty({ ...uuid })
  userId: string;

  @ApiProperty()
  username: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ enum: USER_CREATED_VIA, description: 'Open registration, an invite code, the first-admin bootstrap, or an admin' })
  via: (typeof USER_CREATED_VIA)[number];
}

export class UserRoleChangedPayload {
  @ApiProperty({ ...uuid })
  userId: string;

  @ApiProperty()
  username: string;

  @ApiProperty({ enum: ROLES })
  from: Role;

  @ApiProperty({ enum: ROLES })
  to: Role;

  @ApiProperty({ ...nullableUuid })
  actorId: string | null;

  @ApiProperty({ ...nullableString })
  actorName: string | null;
}

export class TokenCreatedPayload {
  @ApiProperty({ ...uuid })
  tokenId: string;

  @ApiProperty({ ...uuid })
  userId: string;

  @ApiProperty()
  username: string;

  @ApiProperty({ description: 'The name its owner gave it' })
  name: string;

  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes: Scope[];

  @ApiProperty({ ...dateTime, nullable: true })
  expiresAt: string | null;
}

export class TokenRevokedPayload {
  @ApiProperty({ ...uuid })
  tokenId: string;

  @ApiProperty({ ...uuid })
  userId: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  name: string;
}

export class WebhookPingPayload {
  @ApiProperty({ ...uuid })
  subscriptionId: string;

  @ApiProperty()
  subscriptionName: string;

  @ApiPropertyOptional({ ...nullableString })
  requestedBy: string | null;
}

/** Every event type: its payload class and a sentence for the docs. */
export const EVENT_CATALOG = {
  'upload.created': { payload: UploadCreatedPayload, title: 'New upload', description: 'An image was uploaded (ShareX or the API).' },
  'upload.deleted': { payload: UploadDeletedPayload, title: 'Upload deleted', description: 'An upload was deleted by its owner, an admin, its deletion link, or expiry.' },
  'donation.created': { payload: DonationCreatedPayload, title: 'New donation', description: 'An image was donated to the dataset (it awaits moderation).' },
  'image.approved': { payload: ImageModeratedPayload, title: 'Image approved', description: 'A moderator unlocked a donated image.' },
  'image.rejected': { payload: ImageModeratedPayload, title: 'Image rejected', description: 'A moderator rejected a donated image.' },
  'image.quarantined': { payload: ImageModeratedPayload, title: 'Image quarantined', description: 'An image was hidden pending review (by a moderator or a rule).' },
  'image.reported': { payload: ImageReportedPayload, title: 'Image reported', description: 'Someone reported an image.' },
  'label.suggested': { payload: LabelSuggestedPayload, title: 'Label suggested', description: 'Someone suggested a label that is not in the vocabulary.' },
  'validation.alert': { payload: ValidationAlertPayload, title: 'Validation alert', description: 'The consensus raised an alert: a verdict flip, a rapid change, or a spam burst.' },
  'user.created': { payload: UserCreatedPayload, title: 'New user', description: 'An account was created.' },
  'user.role_changed': { payload: UserRoleChangedPayload, title: 'Role changed', description: 'An admin changed a user’s role.' },
  'token.created': { payload: TokenCreatedPayload, title: 'API token created', description: 'A user created an API token (its secret is never sent).' },
  'token.revoked': { payload: TokenRevokedPayload, title: 'API token revoked', description: 'A user revoked an API token.' },
  'webhook.ping': { payload: WebhookPingPayload, title: 'Test delivery', description: 'Sent to one subscription only, by POST /api/admin/webhooks/{id}/test.' },
} as const;

export type EventType = keyof typeof EVENT_CATALOG;
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

/** The payload type of each event, for OutboxService.record. */
export type EventPayloads = { [K in EventType]: InstanceType<(typeof EVENT_CATALOG)[K]['payload']> };

export const EVENT_PAYLOAD_MODELS = [...new Set(Object.values(EVENT_CATALOG).map((e) => e.payload))];

/** What a `webhook` subscriber receives as the JSON body (and what the Discord embed is made from). */
export class EventEnvelopeDto {
  @ApiProperty({ ...uuid, description: 'The event id: the same on every retry and every subscriber; use it to drop duplicates' })
  id: string;

  @ApiProperty({ enum: EVENT_TYPES })
  type: EventType;

  @ApiProperty({ ...dateTime, description: 'When the change happened (its transaction)' })
  occurredAt: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The payload of the event type (see the *Payload schemas)' })
  data: Record<string, unknown>;
}
