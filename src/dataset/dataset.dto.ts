import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, ValidateNested } from 'class-validator';
import { ValidateString } from '../common/validation.js';
import { ImageLabelDto, LabelRefDto } from '../labels/labels.dto.js';
import { DATASET_STATES, type DatasetState } from '../uploads/image.entity.js';

export class DonationResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DATASET_STATES })
  state: DatasetState;

  @ApiProperty({ description: 'The image itself (visible to you and moderators until approved)' })
  rawUrl: string;

  @ApiProperty({ type: ImageLabelDto, isArray: true })
  labels: ImageLabelDto[];

  @ApiProperty({ description: 'Earlier dataset images that look almost the same; moderators will compare them' })
  nearDuplicates: number;

  @ApiProperty({ example: 'CC0-1.0' })
  license: string;
}

export class DonateUploadDto {
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LabelRefDto)
  @ApiProperty({ type: LabelRefDto, isArray: true, required: false })
  labels?: LabelRefDto[];

  @IsIn([true], { message: 'consent must be true: donating dedicates the image to the public domain (CC0)' })
  @ApiProperty({ enum: [true], description: 'You dedicate the image to the public domain (CC0 1.0)' })
  consent: true;
}

export class ReportDto {
  @ValidateString({ min: 3, max: 500, description: 'What is wrong with the image' })
  reason: string;
}

export class ReportResponseDto {
  @ApiProperty({ description: 'Open reports on the image' })
  reports: number;

  @ApiProperty({ description: 'Hidden pending review (enough reports)' })
  hidden: boolean;
}

export class AuditEntryDto {
  @ApiProperty()
  action: string;

  @ApiProperty({ type: String, nullable: true })
  fromState: string | null;

  @ApiProperty({ type: String, nullable: true })
  toState: string | null;

  @ApiProperty({ type: String, nullable: true })
  detail: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Username; null for anonymous donors and the system' })
  actor: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  at: string;
}

export class DatasetImageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DATASET_STATES })
  state: DatasetState;

  @ApiProperty()
  hidden: boolean;

  @ApiProperty()
  rawUrl: string;

  @ApiProperty()
  thumbnailUrl: string;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ example: 'CC0-1.0' })
  license: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  donatedAt: string | null;

  @ApiProperty({ type: ImageLabelDto, isArray: true })
  labels: ImageLabelDto[];

  @ApiProperty({ type: AuditEntryDto, isArray: true, required: false, description: 'Who did what (moderators and the donor)' })
  history?: AuditEntryDto[];
}

