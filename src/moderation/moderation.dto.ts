import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { PageQueryDto } from '../common/pagination.js';
import { ValidateEnum, ValidateString } from '../common/validation.js';
import { DATASET_STATES, type DatasetState } from '../uploads/image.entity.js';

export const MODERATION_ACTIONS = ['approve', 'reject', 'quarantine', 'delete'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];
export const QUEUES = ['pending', 'reported', 'flagged', 'approved', 'rejected', 'quarantined'] as const;
export type Queue = (typeof QUEUES)[number];

export class QueueQueryDto extends PageQueryDto {
  @ValidateEnum(QUEUES, {
    optional: true,
    description: 'pending (default), reported (open reports or hidden), flagged (near-duplicates), or any state',
  })
  queue?: Queue;
}

export class ModerationActionDto {
  @ValidateEnum(MODERATION_ACTIONS)
  action: ModerationAction;

  @ValidateString({ max: 500, optional: true, description: 'Why; kept in the audit trail' })
  reason?: string;
}

export class BatchModerationDto extends ModerationActionDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  @ApiProperty({ type: String, format: 'uuid', isArray: true })
  ids: string[];
}

export class QueueItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DATASET_STATES })
  state: DatasetState;

  @ApiProperty()
  hidden: boolean;

  @ApiProperty({ description: 'Preview (moderators can also fetch the bytes from /api/moderation/images/:id/file)' })
  thumbnailUrl: string;

  @ApiProperty({ type: String, nullable: true })
  donor: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  donatedAt: string | null;

  @ApiProperty({ type: String, isArray: true })
  labels: string[];

  @ApiProperty({ description: 'Open reports' })
  reports: number;

  @ApiProperty({ type: String, isArray: true })
  reportReasons: string[];

  @ApiProperty({ description: 'Near-duplicates: earlier dataset images that look almost the same', type: Object, isArray: true })
  nearDuplicates: Array<{ imageId: string; distance: number }>;
}

export class QueuePageDto {
  @ApiProperty({ type: QueueItemDto, isArray: true })
  items: QueueItemDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ModerationResultDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['ok', 'not_found', 'conflict'] })
  result: 'ok' | 'not_found' | 'conflict';

  @ApiProperty({ required: false, enum: [...DATASET_STATES, 'deleted'] })
  state?: DatasetState | 'deleted';

  @ApiProperty({ required: false })
  message?: string;
}
