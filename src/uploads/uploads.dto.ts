import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';
import { PageInfoDto, PageQueryDto } from '../common/pagination.js';
import { ValidateEnum, ValidateString, ValidateUUID } from '../common/validation.js';
import { IMAGE_TYPES } from '../config/config.schema.js';
import type { BlobEntity } from './blob.entity.js';
import type { ImageEntity } from './image.entity.js';
import { type ImageLinks } from './links.js';

export class UploadResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'The short link id' })
  slug: string;

  @ApiProperty({ description: 'The short link: a page that embeds well in Discord and forums' })
  url: string;

  @ApiProperty({ description: 'The image bytes themselves, with an extension' })
  rawUrl: string;

  @ApiProperty({ description: 'A small WebP preview' })
  thumbnailUrl: string;

  @ApiProperty({ description: 'Opens a confirmation page that deletes the upload; carries its own secret. Shown only at upload.', required: false })
  deletionUrl?: string;

  @ApiProperty()
  width: number;

  @ApiProperty()
  height: number;

  @ApiProperty({ description: 'Stored size in bytes' })
  size: number;

  @ApiProperty({ description: 'Size as uploaded, in bytes' })
  originalSize: number;

  @ApiProperty({ example: 'image/webp' })
  mimeType: string;

  @ApiProperty({ description: 'SHA-256 of the stored bytes' })
  sha256: string;

  @ApiProperty({ description: 'Whether the image was re-encoded to make it smaller' })
  compressed: boolean;

  @ApiProperty({ type: String, nullable: true })
  originalName: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;

  @ApiProperty({ type: Number, nullable: true })
  maxViews: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class UploadListQueryDto extends PageQueryDto {
  @ValidateEnum(IMAGE_TYPES, { optional: true, description: 'Stored format' })
  type?: (typeof IMAGE_TYPES)[number];

  @ValidateString({ max: 100, optional: true, description: 'Part of the original file name or the link id' })
  search?: string;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @ApiProperty({ required: false, type: String, format: 'date-time', description: 'Uploaded at or after' })
  from?: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @ApiProperty({ required: false, type: String, format: 'date-time', description: 'Uploaded before' })
  to?: Date;
}

export class AdminUploadListQueryDto extends UploadListQueryDto {
  @ValidateUUID({ optional: true, description: 'Only this owner’s uploads' })
  ownerId?: string;
}

export class UploadPageDto extends PageInfoDto {
  @ApiProperty({ type: UploadResponseDto, isArray: true })
  items: UploadResponseDto[];
}

export function mapUpload(image: ImageEntity, blob: BlobEntity, links: ImageLinks, deletionUrl?: string): UploadResponseDto {
  return {
    id: image.id,
    slug: image.slug,
    ...links,
    ...(deletionUrl ? { deletionUrl } : {}),
    width: blob.width,
    height: blob.height,
    size: blob.size,
    originalSize: image.originalSize,
    mimeType: blob.mimeType,
    sha256: blob.sha256,
    compressed: image.compressed,
    originalName: image.originalName,
    expiresAt: image.expiresAt ? image.expiresAt.toISOString() : null,
    maxViews: image.maxViews,
    createdAt: image.createdAt.toISOString(),
  };
}
