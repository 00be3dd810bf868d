import { createHmac } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import type { AuthContext } from '../common/auth-context.js';
import { roleAtLeast } from '../common/roles.js';
import { ConfigService } from '../config/config.service.js';
import { JwtSecret } from '../auth/jwt-secret.js';
import { type CheckedLabel, LabelsService } from '../labels/labels.service.js';
import type { LabelRefDto } from '../labels/labels.dto.js';
import { MediaRepository } from '../media/media.repository.js';
import { StorageService } from '../storage/storage.service.js';
import type { StoredFormat } from '../uploads/formats.js';
import type { ImageEntity } from '../uploads/image.entity.js';
import { IngestService } from '../uploads/ingest.service.js';
import { imageLinks } from '../uploads/links.js';
import type { ReceivedFile } from '../uploads/upload.interceptor.js';
import { type ImageWithBlob, UploadsRepository } from '../uploads/uploads.repository.js';
import type { DatasetImageDto, DonationResponseDto, ReportResponseDto } from './dataset.dto.js';
import { DatasetRepository } from './dataset.repository.js';
import { DATASET_EVENTS } from './dataset.events.js';
import { OutboxService } from '../webhooks/outbox.service.js';

export const LICENSE = 'CC0-1.0';

/** Donations, the dataset image view and reports. Moderation is in moderation/. */
@Injectable()
export class DatasetService {
  constructor(
    private readonly ingest: IngestService,
    private readonly images: UploadsRepository,
    private readonly repo: DatasetRepository,
    private readonly labels: LabelsService,
    private readonly media: MediaRepository,
    private readonly storage: StorageService,
    private readonly config: ConfigService,
    private readonly events: EventEmitter2,
    private readonly secret: JwtSecret,
    private readonly outbox: OutboxService,
  ) {}

  async donate(auth: AuthContext | undefined, file: ReceivedFile, refs: LabelRefDto[], consent: unknown, base: string): Promise<DonationResponseDto> {
    if (!auth && !this.config.values.dataset.anonymousDonations) throw new UnauthorizedException('Sign in to donate: this server takes no anonymous donations');
    if (!isConsent(consent)) throw new BadRequestException('consent must be true: donating dedicates the image to the public domain (CC0)');
    const checked = this.labels.check(refs);
    const actorId = auth?.user.id ?? null;
    let nearDuplicates = 0;
    const { image, blob } = await this.ingest.ingest({
      source: file.source,
      originalName: file.originalName,
      size: file.size,
      signal: file.signal,
      ownerId: actorId,
      // Datasets want the pixels as taken: no recompression (metadata is still stripped).
      bypassCompression: true,
      checkQuota: false,
      options: { nameFormat: 'random', format: 'keep' },
      extra: { datasetState: 'pending', license: LICENSE, donatedAt: new Date() },
      withinTransaction: async (manager, created, data) => {
        nearDuplicates = await this.enterDataset(manager, created, data, checked, actorId);
      },
      recordEvents: async (manager, created, blob) => {
        await this.recordDonation(manager, created.id, auth, checked, { ...blob, thumbnailUrl: imageLinks(base, created.slug, blob.format as StoredFormat, this.config.values.variants.thumbnailSize).thumbnailUrl });
      },
    });
    this.events.emit(DATASET_EVENTS.donationCreated, { imageId: image.id, donorId: actorId, labels: checked.map((c) => c.name), occurredAt: new Date().toISOString() });
    const links = imageLinks(base, image.slug, blob.format as StoredFormat, this.config.values.variants.thumbnailSize);
    return { id: image.id, state: 'pending', rawUrl: links.rawUrl, labels: await this.labels.pairs(image.id), nearDuplicates, license: LICENSE };
  }

  /** Donates one of my existing uploads (its bytes as stored). */
  async donateUpload(auth: AuthContext, id: string, refs: LabelRefDto[], base: string): Promise<DonationResponseDto> {
    const checked = this.labels.check(refs);
    const found = await this.images.findById(id);
    if (!found || found.image.ownerId !== auth.user.id) throw new NotFoundException('No such upload');
    if (found.image.datasetState) throw new ConflictException(`This upload is already in the dataset (${found.image.datasetState})`);
    const data = await this.readBytes(found);
    const nearDuplicates = await this.repo.transaction(async (manager) => {
      const image = await this.repo.lockImage(manager, id);
      if (!image || image.datasetState) throw new ConflictException('This upload is already in the dataset');
      await this.repo.setState(manager, id, { datasetState: 'pending', license: LICENSE, donatedAt: new Date() });
      await manager.query('UPDATE images SET "expiresAt" = NULL, "maxViews" = NULL WHERE id = $1', [id]);
      const similar = await this.enterDataset(manager, image, data, checked, auth.user.id);
      const thumbnailUrl = imageLinks(base, found.image.slug, found.blob.format as StoredFormat, this.config.values.variants.thumbnailSize).thumbnailUrl;
      await this.recordDonation(manager, id, auth, checked, { ...found.blob, thumbnailUrl });
      return similar;
    });
    this.events.emit(DATASET_EVENTS.donationCreated, { imageId: id, donorId: auth.user.id, labels: checked.map((c) => c.name), occurredAt: new Date().toISOString() });
    const links = imageLinks(base, found.image.slug, found.blob.format as StoredFormat, this.config.values.variants.thumbnailSize);
    return { id, state: 'pending', rawUrl: links.rawUrl, labels: await this.labels.pairs(id), nearDuplicates, license: LICENSE };
  }

  private recordDonation(
    manager: EntityManager,
    imageId: string,
    auth: AuthContext | undefined,
    labels: CheckedLabel[],
    blob: { size: number; mimeType: string; width: number; height: number; thumbnailUrl: string },
  ): Promise<string | null> {
    return this.outbox.record(manager, 'donation.created', {
      imageId,
      donorId: auth?.user.id ?? null,
      donorName: auth?.user.username ?? null,
      labels: labels.map((l) => l.name),
      size: blob.size,
      mimeType: blob.mimeType,
      width: blob.width,
      height: blob.height,
      thumbnailUrl: blob.thumbnailUrl,
    });
  }

  /** Exact duplicates are refused; near ones flagged for moderators; labels attached; all in the donation's transaction. */
  private async enterDataset(manager: EntityManager, image: ImageEntity, data: Buffer, labels: CheckedLabel[], actorId: string | null): Promise<number> {
    const existing = await this.repo.datasetImageWithBlob(manager, image.blobSha256, image.id);
    if (existing) throw new ConflictException({ message: `These exact bytes are already in the dataset as image ${existing}`, existingImageId: existing });
    const hash = await this.media.perceptualHash(data);
    await this.repo.setHash(manager, image.id, hash);
    const similar = await this.repo.similar(manager, image.id, hash, this.config.values.dataset.nearDuplicateDistance);
    for (const s of similar) await this.repo.flagDuplicate(manager, image.id, s.id, s.distance);
    await this.labels.attach(manager, image.id, labels, actorId);
    await this.repo.audit(manager, {
      imageId: image.id,
      actorId,
      action: 'donated',
      toState: 'pending',
      detail: [labels.length && `labels: ${labels.map((l) => l.name).join(', ')}`, similar.length && `${similar.length} near-duplicate(s)`].filter(Boolean).join('; ') || null,
    });
    return similar.length;
  }

  private async readBytes({ blob }: ImageWithBlob): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.storage.get().read(blob.storageKey)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** A dataset image as the caller may see it: public once approved; the donor and moderators see more. */
  async get(auth: AuthContext | undefined, id: string, base: string): Promise<DatasetImageDto> {
    const found = await this.visible(auth, id);
    const { image, blob } = found;
    const links = imageLinks(base, image.slug, blob.format as StoredFormat, this.config.values.variants.thumbnailSize);
    const privileged = auth && (roleAtLeast(auth.user.role, 'moderator') || image.ownerId === auth.user.id);
    return {
      id: image.id,
      state: image.datasetState!,
      hidden: image.hidden,
      rawUrl: links.rawUrl,
      thumbnailUrl: links.thumbnailUrl,
      width: blob.width,
      height: blob.height,
      license: image.license ?? LICENSE,
      donatedAt: image.donatedAt ? image.donatedAt.toISOString() : null,
      labels: await this.labels.pairs(image.id),
      ...(privileged
        ? { history: (await this.repo.history(image.id)).map((h) => ({ action: h.action, fromState: h.fromState, toState: h.toState, detail: h.detail, actor: h.actor, at: h.createdAt.toISOString() })) }
        : {}),
    };
  }

  /** 404 unless the caller may see this dataset image (it does not say whether it exists). */
  async visible(auth: AuthContext | undefined, id: string): Promise<ImageWithBlob> {
    const found = await this.images.findById(id);
    const image = found?.image;
    if (!found || !image?.datasetState) throw new NotFoundException('No such dataset image');
    if (auth && roleAtLeast(auth.user.role, 'moderator')) return found;
    const donor = auth !== undefined && image.ownerId === auth.user.id;
    const allowed = image.datasetState === 'approved' ? !image.hidden || donor : donor && image.datasetState !== 'quarantined';
    if (!allowed) throw new NotFoundException('No such dataset image');
    return found;
  }

  async report(auth: AuthContext | undefined, id: string, reason: string, clientIp: string): Promise<ReportResponseDto> {
    await this.visible(auth, id);
    // Anonymous reporters are told apart by a keyed hash of their address, never by the address itself.
    const reporterKey = createHmac('sha256', this.secret.value).update(auth ? `user:${auth.user.id}` : `ip:${clientIp}`).digest('hex');
    const outcome = await this.repo.transaction(async (manager) => {
      const image = await this.repo.lockImage(manager, id);
      if (!image) throw new NotFoundException('No such dataset image');
      const report = await this.repo.report(manager, id, auth?.user.id ?? null, reporterKey, reason);
      if (report === null) throw new ConflictException('You have already reported this image');
      const { open } = report;
      await this.outbox.record(manager, 'image.reported', {
        reportId: report.id,
        imageId: id,
        reporterId: auth?.user.id ?? null,
        reporterName: auth?.user.username ?? null,
        reason,
        comment: null,
      });
      await this.repo.audit(manager, { imageId: id, actorId: auth?.user.id ?? null, action: 'reported', detail: reason });
      const hide = !image.hidden && open >= this.config.values.dataset.reportsToHide;
      if (hide) {
        await manager.query('UPDATE images SET hidden = true WHERE id = $1', [id]);
        await this.repo.audit(manager, { imageId: id, actorId: null, action: 'hidden', detail: `${open} open reports` });
      }
      return { reports: open, hidden: image.hidden || hide };
    });
    // Awaited: every instance's link cache has been told (the image may be hidden now) before the report answers.
    await this.events.emitAsync(DATASET_EVENTS.imageReported, { imageId: id, reason, reports: outcome.reports, hidden: outcome.hidden, occurredAt: new Date().toISOString() });
    return outcome;
  }
}

function isConsent(value: unknown): boolean {
  return value === true || (typeof value === 'string' && ['true', '1', 'yes', 'on'].includes(value.trim().toLowerCase()));
}
