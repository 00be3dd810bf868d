import { Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { timingSafeEqual } from 'node:crypto';
import { hashToken } from '../../libs/secrets/index.js';
import type { AuthContext } from '../common/auth-context.js';
import { roleAtLeast } from '../common/roles.js';
import { ConfigService } from '../config/config.service.js';
import { EVENTS, type UploadCreatedEvent, type UploadDeletedEvent } from '../events/events.js';
import { BlobStore } from './blob-store.service.js';
import type { StoredFormat } from './formats.js';
import { IngestService, type IngestInput } from './ingest.service.js';
import { deletionUrl, imageLinks } from './links.js';
import { type AdminUploadListQueryDto, mapUpload, type UploadListQueryDto, type UploadPageDto, type UploadResponseDto } from './uploads.dto.js';
import { UploadsRepository } from './uploads.repository.js';
import { OutboxService } from '../webhooks/outbox.service.js';

@Injectable()
export class UploadsService {
  constructor(
    private readonly ingest: IngestService,
    private readonly repo: UploadsRepository,
    private readonly blobs: BlobStore,
    private readonly config: ConfigService,
    private readonly events: EventEmitter2,
    private readonly outbox: OutboxService,
  ) {}

  async upload(auth: AuthContext, input: Omit<IngestInput, 'ownerId'>, base: string): Promise<UploadResponseDto> {
    const thumb = this.config.values.variants.thumbnailSize;
    // upload.created is recorded in the insert's transaction (the outbox); the webhooks deliver it after commit.
    const recordEvents: IngestInput['recordEvents'] = async (manager, image, blob) => {
      const links = imageLinks(base, image.slug, blob.format as StoredFormat, thumb);
      await this.outbox.record(manager, 'upload.created', {
        imageId: image.id,
        slug: image.slug,
        ownerId: auth.user.id,
        ownerName: auth.user.username,
        ...links,
        // A chat's preview of the thumbnail would use up a view-limited link before anyone saw it.
        thumbnailUrl: image.maxViews === null ? links.thumbnailUrl : null,
        size: blob.size,
        mimeType: blob.mimeType,
        width: blob.width,
        height: blob.height,
        compressed: image.compressed,
        expiresAt: image.expiresAt ? image.expiresAt.toISOString() : null,
      });
    };
    const { image, blob, deletionSecret } = await this.ingest.ingest({ ...input, ownerId: auth.user.id, ownerQuota: auth.user.quota, recordEvents });
    const links = imageLinks(base, image.slug, blob.format as StoredFormat, thumb);
    const event: UploadCreatedEvent = {
      imageId: image.id,
      slug: image.slug,
      ownerId: auth.user.id,
      ownerName: auth.user.username,
      ...links,
      size: blob.size,
      mimeType: blob.mimeType,
      width: blob.width,
      height: blob.height,
      compressed: image.compressed,
      occurredAt: new Date().toISOString(),
    };
    this.events.emit(EVENTS.uploadCreated, event);
    return mapUpload(image, blob, links, deletionUrl(base, image.slug, deletionSecret));
  }

  async list(auth: AuthContext, query: UploadListQueryDto | AdminUploadListQueryDto, base: string, everyone = false): Promise<UploadPageDto> {
    const ownerId = everyone ? (query as AdminUploadListQueryDto).ownerId : auth.user.id;
    const page = await this.repo.list({ ownerId, format: query.type, from: query.from, to: query.to, search: query.search }, query);
    const thumb = this.config.values.variants.thumbnailSize;
    return {
      items: page.items.map((image) => mapUpload(image, image.blob!, imageLinks(base, image.slug, image.blob!.format as StoredFormat, thumb))),
      nextCursor: page.nextCursor,
    };
  }

  /** Owners delete their own uploads; admins anyone's. */
  async delete(auth: AuthContext, id: string): Promise<void> {
    const found = await this.repo.findById(id);
    if (!found) throw new NotFoundException('No such upload');
    const isOwner = found.image.ownerId === auth.user.id;
    if (!isOwner && !roleAtLeast(auth.user.role, 'admin')) throw new NotFoundException('No such upload');
    await this.remove(id, isOwner ? 'owner' : 'admin', auth.user.id);
  }

  /** The image when the deletion secret belongs to this link (compared as hashes, in constant time). */
  async checkDeletionSecret(slug: string, secret: string): Promise<{ id: string; viewLimited: boolean } | null> {
    const image = await this.repo.findWithSecret(slug);
    if (!image) return null;
    const a = Buffer.from(image.deletionSecretHash, 'hex');
    const b = Buffer.from(hashToken(secret), 'hex');
    return a.length === b.length && timingSafeEqual(a, b) ? { id: image.id, viewLimited: image.maxViews !== null } : null;
  }

  async deleteWithSecret(slug: string, secret: string): Promise<boolean> {
    const found = await this.checkDeletionSecret(slug, secret);
    if (!found) return false;
    await this.remove(found.id, 'deletion-link');
    return true;
  }

  /** Deletes the row (recording upload.deleted in its transaction), then the bytes and variants when no other link uses them. */
  async remove(id: string, by: UploadDeletedEvent['by'], actorId: string | null = null): Promise<boolean> {
    const { deleted, orphanedBlob } = await this.repo.transaction(async (manager) => {
      const result = await this.repo.deleteImage(manager, id);
      const image = result.deleted;
      if (image) await this.outbox.record(manager, 'upload.deleted', { imageId: id, slug: image.slug, ownerId: image.ownerId, by, actorId });
      return result;
    });
    if (!deleted) return false;
    if (orphanedBlob) await this.blobs.collect(orphanedBlob.sha256, orphanedBlob.storageKey);
    const event: UploadDeletedEvent = { imageId: id, slug: deleted.slug, ownerId: deleted.ownerId, by, occurredAt: new Date().toISOString() };
    // Awaited: every instance's link cache has been told before the delete answers.
    await this.events.emitAsync(EVENTS.uploadDeleted, event);
    return true;
  }

}
