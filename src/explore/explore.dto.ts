import { ApiProperty } from '@nestjs/swagger';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { ToNumber, ValidateInt, ValidateString } from '../common/validation.js';

export class DatasetSearchQueryDto {
  @ValidateString({ min: 0, max: 2000, optional: true, description: 'A label query (docs/query-language.md); empty: every approved image' })
  query?: string;

  @IsOptional()
  @ToNumber()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(0.999)
  @ApiProperty({ required: false, minimum: 0.5, maximum: 0.999, description: 'Probability at which a label counts as confirmed (default validation.confirmedThreshold)' })
  threshold?: number;

  @ValidateInt({ min: 0, max: 1000, optional: true, description: '…and with at least this many yes/no votes (default 3, as the export)' })
  minVotes?: number;

  @ValidateString({ max: 8, optional: true, description: 'Show label names in this language (en, de, …) where translated' })
  lang?: string;

  @ValidateInt({ min: 1, max: 100, optional: true, description: 'Items per page (default 24)' })
  limit?: number;

  @ValidateString({ max: 200, optional: true, description: 'The nextCursor of the previous page' })
  cursor?: string;
}

export class SearchLabelDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'The name in the asked language, or the name itself' })
  display: string;

  @ApiProperty({ type: Number, nullable: true })
  probability: number | null;

  @ApiProperty({ description: 'At or above the threshold, with at least minVotes votes: it counts for queries and exports' })
  confirmed: boolean;
}

export class DatasetSearchItemDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  url: string;

  @ApiProperty()
  rawUrl: string;

  @ApiProperty()
  thumbnailUrl: string;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ type: SearchLabelDto, isArray: true, description: 'Its labels (not parts), confirmed first' })
  labels: SearchLabelDto[];
}

export class DatasetSearchResultDto {
  @ApiProperty({ description: 'How many approved images match, over all pages' })
  count: number;

  @ApiProperty()
  threshold: number;

  @ApiProperty()
  minVotes: number;

  @ApiProperty({ type: DatasetSearchItemDto, isArray: true })
  items: DatasetSearchItemDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}
