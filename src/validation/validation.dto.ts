import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { ValidateEnum, ValidateInt, ValidateString } from '../common/validation.js';
import { ANSWERS, type VoteAnswer } from './vote.entity.js';

export class NextTasksQueryDto {
  @ValidateString({ max: 2000, optional: true, description: 'Only images matching this query (see docs/query-language.md)' })
  query?: string;

  @ValidateString({ max: 64, optional: true, description: 'Only pairs of this label' })
  label?: string;

  @ValidateInt({ min: 1, max: 50, optional: true, description: 'How many tasks (default 10)' })
  count?: number;
}

export class ValidationTaskDto {
  @ApiProperty({ format: 'uuid', description: 'Vote on this id' })
  pairId: string;

  @ApiProperty({ format: 'uuid' })
  imageId: string;

  @ApiProperty()
  label: string;

  @ApiProperty({ type: String, nullable: true, description: 'The whole, for a part label' })
  parent: string | null;

  @ApiProperty({ example: 'Is there a dog in this image?' })
  question: string;

  @ApiProperty()
  imageUrl: string;

  @ApiProperty()
  thumbnailUrl: string;
}

export class VoteDto {
  @ValidateEnum(ANSWERS)
  answer: VoteAnswer;
}

export class BatchVoteItemDto {
  @IsUUID()
  @ApiProperty({ format: 'uuid' })
  pairId: string;

  @IsIn(ANSWERS as unknown as string[], { message: `answer must be one of: ${ANSWERS.join(', ')}` })
  @ApiProperty({ enum: ANSWERS })
  answer: VoteAnswer;
}

export class BatchVoteDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BatchVoteItemDto)
  @ApiProperty({ type: BatchVoteItemDto, isArray: true })
  votes: BatchVoteItemDto[];
}

export class VoteResultDto {
  @ApiProperty({ format: 'uuid' })
  pairId: string;

  @ApiProperty({ enum: ['ok', 'not_found', 'forbidden'] })
  result: 'ok' | 'not_found' | 'forbidden';

  @ApiProperty({ description: 'It replaced your earlier vote on this pair', required: false })
  replaced?: boolean;

  @ApiProperty({ description: 'Your vote moved the verdict (false while you are in training)', required: false })
  counted?: boolean;
}

export class PairVotesDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  parent: string | null;

  @ApiProperty()
  suggestion: boolean;

  @ApiProperty()
  yes: number;

  @ApiProperty()
  no: number;

  @ApiProperty()
  unsure: number;

  @ApiProperty({ type: Number, nullable: true, description: 'P(label is right); null while unknown' })
  probability: number | null;

  @ApiProperty({ enum: ['unknown', 'likely_right', 'likely_wrong', 'uncertain'] })
  verdict: string;
}

export class GoldDto {
  @IsIn(['right', 'wrong', null])
  @ApiProperty({ enum: ['right', 'wrong'], nullable: true, description: 'The known answer; null unmarks the pair' })
  answer: 'right' | 'wrong' | null;
}

export class ValidationAlertDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['probability_swing', 'voter_collapse'] })
  kind: 'probability_swing' | 'voter_collapse';

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  pairId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  voterId: string | null;

  @ApiProperty({ description: 'What happened, for people' })
  detail: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Always null here: only open alerts are listed' })
  resolvedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}
