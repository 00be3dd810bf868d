import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../common/pagination.js';
import { ValidateBoolean, ValidateEnum, ValidateUUID } from '../common/validation.js';
import { EventEnvelopeDto, EVENT_TYPES } from './events.dto.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from './webhook-delivery.entity.js';
import { SUBSCRIPTION_SOURCES, type SubscriptionSource } from './webhook-subscription.entity.js';

/** Names from the API; `config:` names are reserved for subscriptions from imagehive.yml. */
export const SUBSCRIPTION_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;
/** An event type, `*`, or `prefix.*`. */
export const EVENT_PATTERN = /^(\*|[a-z]+\.\*|[a-z]+\.[a-z_]+)$/;

export class CreateWebhookDto {
  @IsString()
  @Matches(SUBSCRIPTION_NAME, { message: '$property must be 1-64 letters, digits, spaces, _ . or -, starting with a letter or digit' })
  @ApiProperty({ example: 'discord-uploads', pattern: SUBSCRIPTION_NAME.source })
  name: string;

  @IsString()
  @MaxLength(64)
  @ApiProperty({ example: 'webhook', description: 'A notification channel: `webhook`, `discord`, or a plugin’s (GET /api/plugins)' })
  channel: string;

  @IsString()
  @MaxLength(2048)
  @ApiProperty({ format: 'uri', example: 'https://hooks.example.com/imagehive' })
  url: string;

  @IsString({ each: true })
  @Matches(EVENT_PATTERN, { each: true, message: 'each value in $property must be an event type, * or prefix.*' })
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @ApiProperty({ type: String, isArray: true, example: ['upload.created', 'image.*'], description: `Event types, \`*\` for all, or \`prefix.*\`. Types: ${EVENT_TYPES.join(', ')}` })
  events: string[];

  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  @ApiPropertyOptional({ description: 'The signing secret for channels that sign (`webhook`); generated when omitted. Shown in this response only' })
  secret?: string;

  @ValidateBoolean({ optional: true, description: 'Default true' })
  enabled?: boolean;

  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Channel options; Discord: `username`, `avatarUrl`' })
  options?: Record<string, unknown>;
}

export class UpdateWebhookDto {
  @IsOptional()
  @IsString()
  @Matches(SUBSCRIPTION_NAME, { message: '$property must be 1-64 letters, digits, spaces, _ . or -, starting with a letter or digit' })
  @ApiPropertyOptional({ pattern: SUBSCRIPTION_NAME.source })
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @ApiPropertyOptional({ format: 'uri' })
  url?: string;

  @IsOptional()
  @IsString({ each: true })
  @Matches(EVENT_PATTERN, { each: true, message: 'each value in $property must be an event type, * or prefix.*' })
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @ApiPropertyOptional({ type: String, isArray: true })
  events?: string[];

  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(256)
  @ApiPropertyOptional({ description: 'A new signing secret (shown in this response only)' })
  secret?: string;

  @ValidateBoolean({ optional: true, description: 'Generate a new signing secret (shown in this response only)' })
  rotateSecret?: boolean;

  @ValidateBoolean({ optional: true })
  enabled?: boolean;

  @IsOptional()
  @IsObject()
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  options?: Record<string, unknown>;
}

export class WebhookResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  channel: string;

  @ApiProperty({ description: 'With any credential in it hidden (e.g. Discord’s webhook token)' })
  url: string;

  @ApiProperty({ type: String, isArray: true })
  events: string[];

  @ApiProperty()
  enabled: boolean;

  @ApiProperty({ enum: SUBSCRIPTION_SOURCES, description: '`config` ones come from imagehive.yml and are read-only here' })
  source: SubscriptionSource;

  @ApiProperty({ description: 'Whether deliveries are signed (the secret itself is never shown again)' })
  signed: boolean;

  @ApiProperty({ type: 'object', additionalProperties: true })
  options: Record<string, unknown>;

  @ApiProperty({ description: 'Deliveries waiting or in flight' })
  pending: number;

  @ApiProperty({ description: 'Dead-lettered deliveries' })
  dead: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export class WebhookWithSecretResponseDto extends WebhookResponseDto {
  @ApiPropertyOptional({ description: 'The signing secret, only in the response that set it' })
  secret?: string;
}

export class DeliveryListQueryDto extends PageQueryDto {
  @ValidateEnum(DELIVERY_STATUSES, { optional: true })
  status?: DeliveryStatus;

  @ValidateUUID({ optional: true })
  subscriptionId?: string;

  @ValidateEnum(EVENT_TYPES, { optional: true })
  eventType?: string;

  @ValidateUUID({ optional: true })
  eventId?: string;
}

export class DeliveryResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  subscriptionId: string;

  @ApiProperty()
  subscriptionName: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;

  @ApiProperty()
  attempts: number;

  @ApiProperty({ type: String, format: 'date-time' })
  nextAttemptAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt: string | null;

  @ApiProperty({ type: Number, nullable: true })
  lastStatusCode: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed' })
  lastError: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: EventEnvelopeDto })
  event: EventEnvelopeDto;
}

export class DeliveryPageDto extends PageInfoDto {
  @ApiProperty({ type: DeliveryResponseDto, isArray: true })
  items: DeliveryResponseDto[];
}

export class RetryResponseDto {
  @ApiProperty({ type: String, isArray: true, description: 'Deliveries queued again' })
  retried: string[];
}

export class TestDeliveryResponseDto {
  @ApiProperty({ format: 'uuid', description: 'The `webhook.ping` event; follow it with GET /api/admin/webhooks/deliveries?eventId=' })
  eventId: string;
}

export class EventTypeDto {
  @ApiProperty({ enum: EVENT_TYPES })
  type: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  description: string;

  @ApiProperty({ description: 'The payload schema in this OpenAPI document, e.g. `#/components/schemas/UploadCreatedPayload`' })
  schema: string;
}

export class WebhookListDto {
  @ApiProperty({ type: WebhookResponseDto, isArray: true })
  items: WebhookResponseDto[];
}
