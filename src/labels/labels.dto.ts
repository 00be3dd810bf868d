import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ValidateEnum, ValidateInt, ValidateQueryBoolean, ValidateString } from '../common/validation.js';
import { LABEL_KINDS, type LabelKind } from './label.entity.js';

export class LabelSearchQueryDto {
  @ValidateString({ max: 64, optional: true, min: 0, description: 'Prefix of a name, plural, synonym or translation (any language)' })
  search?: string;

  @ValidateString({ max: 8, optional: true, description: 'Only match terms in this language (en, de, …)' })
  lang?: string;

  @ValidateEnum(LABEL_KINDS, { optional: true })
  kind?: LabelKind;

  @ValidateQueryBoolean({ optional: true, description: 'Include labels removed from the vocabulary' })
  includeRetired?: boolean;

  @ValidateInt({ min: 1, max: 100, optional: true, description: 'Default 20' })
  limit?: number;
}

export class LabelSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: LABEL_KINDS })
  kind: LabelKind;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ description: 'The term that matched (a name, plural, synonym or translation)' })
  matched: string;

  @ApiProperty({ description: 'Language of the matched term' })
  language: string;

  @ApiProperty()
  retired: boolean;
}

export class LabelTermDto {
  @ApiProperty()
  language: string;

  @ApiProperty()
  term: string;

  @ApiProperty({ enum: ['name', 'plural', 'synonym'] })
  role: string;
}

export class LabelDetailDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: LABEL_KINDS })
  kind: LabelKind;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, nullable: true })
  plural: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Is-a parent' })
  parent: string | null;

  @ApiProperty({ type: String, isArray: true, description: 'Labels that are a kind of this one' })
  children: string[];

  @ApiProperty({ type: String, isArray: true, description: 'Parts (has-a): ear, tail…' })
  parts: string[];

  @ApiProperty({ type: LabelTermDto, isArray: true, description: 'Names, plurals, synonyms per language' })
  terms: LabelTermDto[];

  @ApiProperty({ enum: ['wordlist', 'suggestion'] })
  origin: string;

  @ApiProperty()
  retired: boolean;

  @ApiProperty({ description: 'Images labelled with it' })
  images: number;
}

export class LabelRefDto {
  @IsString()
  @MaxLength(200)
  @ApiProperty({ example: 'ear' })
  label: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  @ApiProperty({ required: false, example: 'dog', description: 'The whole this label is a part of (dog.has=ear)' })
  of?: string;
}

export class AttachLabelsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LabelRefDto)
  @ApiProperty({ type: LabelRefDto, isArray: true })
  labels: LabelRefDto[];
}

export class ImageLabelDto {
  @ApiProperty({ format: 'uuid', description: 'The image–label pair the crowd validates' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'Not (yet) in the vocabulary: a suggestion moderators review' })
  suggestion: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The whole, for a part label' })
  parent: string | null;
}

export class SuggestionQueryDto {
  @ValidateEnum(['open', 'accepted', 'rejected'] as const, { optional: true, description: 'Default open' })
  state?: 'open' | 'accepted' | 'rejected';

  @ValidateString({ max: 64, optional: true, description: 'The nextCursor of the previous page' })
  cursor?: string;

  @ValidateInt({ min: 1, max: 500, optional: true, description: 'Default 100' })
  limit?: number;
}

export class SuggestionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ['open', 'accepted', 'rejected'] })
  state: string;

  @ApiProperty({ description: 'Images using it' })
  usage: number;

  @ApiProperty({ description: 'Used by at least dataset.trendingThreshold images' })
  trending: boolean;
}

export class SuggestionPageDto {
  @ApiProperty({ type: SuggestionDto, isArray: true })
  items: SuggestionDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class AcceptSuggestionDto {
  @IsString()
  @MaxLength(64)
  @ApiProperty({ description: 'Suggestion id or name' })
  suggestion: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @ApiProperty({ required: false, description: 'Accept under this name instead' })
  as?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  @ApiProperty({ required: false, description: 'Merge into this existing label (its pairs carry over)' })
  mergeInto?: string;
}

export class AcceptSuggestionsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AcceptSuggestionDto)
  @ApiProperty({ type: AcceptSuggestionDto, isArray: true })
  items: AcceptSuggestionDto[];
}

export class RejectSuggestionsDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  @ApiProperty({ type: String, isArray: true, description: 'Suggestion ids or names' })
  suggestions: string[];
}

export class SuggestionResultDto {
  @ApiProperty()
  suggestion: string;

  @ApiProperty({ enum: ['accepted', 'merged', 'rejected', 'not_found', 'not_open', 'invalid'] })
  result: string;

  @ApiProperty({ required: false })
  label?: string;

  @ApiProperty({ required: false, description: 'Pairs moved onto the label' })
  moved?: number;

  @ApiProperty({ required: false })
  message?: string;
}
