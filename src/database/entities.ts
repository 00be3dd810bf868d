import { AnnotationRevisionEntity } from '../annotations/annotation-revision.entity.js';
import { AnnotationTaskAnswerEntity } from '../annotations/annotation-task-answer.entity.js';
import { AnnotationVoteEntity } from '../annotations/annotation-vote.entity.js';
import { AnnotationEntity } from '../annotations/annotation.entity.js';
import { ImageAnnotationStatsEntity } from '../annotations/image-annotation-stats.entity.js';
import { ImageAuditEntity } from '../dataset/image-audit.entity.js';
import { ImageDuplicateEntity } from '../dataset/image-duplicate.entity.js';
import { ImageReportEntity } from '../dataset/image-report.entity.js';
import { ImageLabelEntity } from '../labels/image-label.entity.js';
import { LabelPartEntity } from '../labels/label-part.entity.js';
import { LabelSuggestionEntity } from '../labels/label-suggestion.entity.js';
import { LabelTermEntity } from '../labels/label-term.entity.js';
import { LabelEntity } from '../labels/label.entity.js';
import { AdminSessionEntity } from '../admin/session/admin-session.entity.js';
import { ApiTokenEntity } from '../tokens/api-token.entity.js';
import { InviteEntity } from '../invites/invite.entity.js';
import { BlobEntity } from '../uploads/blob.entity.js';
import { ValidationAlertEntity } from '../validation/validation-alert.entity.js';
import { VoteEntity } from '../validation/vote.entity.js';
import { VoterEntity } from '../validation/voter.entity.js';
import { ImageEntity } from '../uploads/image.entity.js';
import { UserEntity } from '../users/user.entity.js';
import { SettingEntity } from './setting.entity.js';
import { OutboxEventEntity } from '../webhooks/outbox-event.entity.js';
import { WebhookDeliveryEntity } from '../webhooks/webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from '../webhooks/webhook-subscription.entity.js';

/** Listed explicitly: TypeORM's entity globs do not load under ESM. */
export const ENTITIES = [
  UserEntity,
  InviteEntity,
  ApiTokenEntity,
  BlobEntity,
  ImageEntity,
  LabelEntity,
  LabelTermEntity,
  LabelPartEntity,
  LabelSuggestionEntity,
  ImageLabelEntity,
  ImageReportEntity,
  ImageAuditEntity,
  ImageDuplicateEntity,
  VoterEntity,
  VoteEntity,
  ValidationAlertEntity,
  OutboxEventEntity,
  WebhookSubscriptionEntity,
  WebhookDeliveryEntity,
  AdminSessionEntity,
  AnnotationEntity,
  AnnotationRevisionEntity,
  AnnotationVoteEntity,
  AnnotationTaskAnswerEntity,
  ImageAnnotationStatsEntity,
  SettingEntity,
];
