import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { ToNumber, ValidateInt, ValidateQueryBoolean, ValidateString } from '../common/validation.js';

export class SelectionQueryDto {
  @ValidateString({ max: 2000, optional: true, description: 'Label query (docs/query-language.md); default: images with any label that counts' })
  query?: string;

  @IsOptional()
  @ToNumber()
  @IsNumber({}, { message: 'minProbability must be a number from 0 to 1' })
  @Min(0)
  @Max(1)
  @ApiProperty({ required: false, minimum: 0, maximum: 1, description: 'A label counts from this probability (default validation.confirmedThreshold)' })
  minProbability?: number;

  @ValidateInt({ min: 0, max: 1000, optional: true, description: '…and with at least this many yes/no votes (default 3): one yes is never "100 %"' })
  minVotes?: number;
}

export class ExportQueryDto extends SelectionQueryDto {
  @ValidateString({ max: 32, description: 'coco, yolo, yolo-seg, voc, csv, jsonl, imagefolder (or a plugin format)' })
  format: string;

  @ValidateQueryBoolean({ optional: true, description: 'Put the image files in the zip beside the annotations' })
  images?: boolean;

  @ValidateString({ max: 100, optional: true, description: 'Deterministic split, e.g. train:0.8,val:0.1,test:0.1 (near-duplicates stay together)' })
  split?: string;

  @ValidateInt({ min: 0, max: 2_147_483_647, optional: true, description: 'Seed of the split (default 0)' })
  seed?: number;
}

export class BrowseQueryDto extends SelectionQueryDto {
  @ValidateString({ max: 64, optional: true, description: 'nextCursor of the previous page' })
  cursor?: string;

  @ValidateInt({ min: 1, max: 200, optional: true, description: 'Default 50' })
  limit?: number;
}

export class BrowseLabelDto {
  @ApiProperty()
  name: string;

  @ApiProperty()
  probability: number;

  @ApiProperty()
  yes: number;

  @ApiProperty()
  no: number;

  @ApiProperty()
  unsure: number;
}

export class BrowseImageDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  url: string;

  @ApiProperty()
  thumbnailUrl: string;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ type: BrowseLabelDto, isArray: true })
  labels: BrowseLabelDto[];
}

export class BrowsePageDto {
  @ApiProperty({ type: BrowseImageDto, isArray: true })
  items: BrowseImageDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class CountDto {
  @ApiProperty()
  count: number;
}
