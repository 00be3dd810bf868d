import { ConflictException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AuthContext } from '../common/auth-context.js';
import { paginate } from '../common/pagination.js';
import { ConfigService } from '../config/config.service.js';
import { DATASET_EVENTS } from '../dataset/dataset.events.js';
import { staffDeletion } from '../events/events.js';
import { DatasetRepository } from '../dataset/dataset.repository.js';
import type { StoredFormat } from '../uploads/formats.js';
import { type DatasetState, ImageEntity } from '../uploads/image.entity.js';
import { imageLinks } from '../uploads/links.js';
import { UploadsService } from '../uploads/uploads.service.js';
import { OutboxService } from '../webhooks/outbox.service.js';
import type { ModerationAction, ModerationResultDto, QueuePageDto, QueueQueryDto } from './moderation.dto.js';

const TARGET: Record<Exclude<ModerationAction, 'delete'>, Exclude<DatasetState, 'pending'>> = { approve: 'approved', reject: 'rejected', quarantine: 'quarantined' };
const EVENT: Record<Exclude<ModerationAction, 'delete'>, string> = {
  approve: DATASET_EVENTS.imageApproved,
  reject: DATASET_EVENTS.imageRejected,
  quarantine: DATASET_EVENTS.imageQuarantined,
};

@Injectable()
export class ModerationService {
  constructor(
    @InjectRepository(ImageEntity) private readonly images: Repository<ImageEntity>,
    private readonly repo: DatasetRepository,
    private readonly uploads: UploadsService,
    private readonly config: ConfigService,
    private readonly events: EventEmitter2,
    private readonly outbox: OutboxService,
  ) {}

  /** Oldest first, so nothing waits forever behind new donations. */
  async queue(query: QueueQueryDto, base: string): Promise<QueuePageDto> {
    const q = this.images.createQueryBuilder('i').innerJoinAndSelect('i.blob', 'b').leftJoinAndSelect('i.owner', 'o').where('i.datasetState IS NOT NULL');
    const queue = query.queue ?? 'pending';
    if (queue === 'reported') q.andWhere('(i.hidden OR EXISTS (SELECT 1 FROM image_reports r WHERE r."imageId" = i.id AND r."resolvedAt" IS NULL))');
    else if (queue === 'flagged') q.andWhere(`i.datasetState = 'pending' AND EXISTS (SELECT 1 FROM image_duplicates d WHERE d."imageId" = i.id)`);
    else q.andWhere('i.datasetState = :queue', { queue });
    const page = await paginate(q, 'i', query, { order: 'ASC', column: 'donatedAt' });
    const facts = await this.repo.queueFacts(page.items.map((i) => i.id));
    const thumb = this.config.values.variants.thumbnailSize;
    const items = page.items.map((image) => {
      const { labels = [], reportReasons = [], nearDuplicates = [] } = facts.get(image.id) ?? {};
      return {
        id: image.id,
        state: image.datasetState!,
        hidden: image.hidden,
        thumbnailUrl: imageLinks(base, image.slug, image.blob!.format as StoredFormat, thumb).thumbnailUrl,
        donor: image.owner?.username ?? null,
        donatedAt: image.donatedAt ? image.donatedAt.toISOString() : null,
        labels,
        reports: reportReasons.length,
        reportReasons,
        nearDuplicates,
      };
    });
    return { items, nextCursor: page.nextCursor };
  }

  async act(auth: AuthContext, id: string, action: ModerationAction, reason?: string): Promise<ModerationResultDto> {
    if (action === 'delete') return this.delete(auth, id, reason);
    const target = TARGET[action];
    const from = await this.repo.transaction(async (manager) => {
      const image = await this.repo.lockImage(manager, id);
      if (!image) return null;
      if (!image.datasetState) throw new ConflictException('This image is a private upload, not a dataset image');
      // Approving an approved image dismisses its reports (and shows it again if they had hidden it).
      const dismissing = action === 'approve' && image.datasetState === 'approved';
      if (image.datasetState === target && !dismissing) throw new ConflictException(`The image is already ${target}`);
      await this.repo.setState(manager, id, { datasetState: target, hidden: false });
      const resolved = await this.repo.resolveReports(manager, id);
      if (dismissing && !image.hidden && resolved === 0) throw new ConflictException('The image is already approved and has no open reports');
      await this.repo.audit(manager, { imageId: id, actorId: auth.user.id, action: target, fromState: image.datasetState, toState: target, detail: reason ?? null });
      await this.outbox.record(manager, EVENT[action] as 'image.approved', {
        imageId: id,
        status: target,
        previousStatus: image.datasetState,
        actorId: auth.user.id,
        actorName: auth.user.username,
        reason: reason ?? null,
      });
      return image.datasetState;
    });
    // Outside the transaction: on the embedded database a second query inside it would wait for itself.
    if (from === null) throw await this.missing(id);
    // Awaited: every instance's link cache has been told before the action answers.
    await this.events.emitAsync(EVENT[action], { imageId: id, from, to: target, by: auth.user.username, reason: reason ?? null, occurredAt: new Date().toISOString() });
    return { id, result: 'ok', state: target };
  }

  /** Many images, one action: each gets its own outcome; one failure does not stop the rest. */
  async batch(auth: AuthContext, ids: string[], action: ModerationAction, reason?: string): Promise<ModerationResultDto[]> {
    const results: ModerationResultDto[] = [];
    for (const id of [...new Set(ids)]) {
      try {
        results.push(await this.act(auth, id, action, reason));
      } catch (error) {
        if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
        results.push({ id, result: error instanceof NotFoundException ? 'not_found' : 'conflict', message: error.message });
      }
    }
    return results;
  }

  private async delete(auth: AuthContext, id: string, reason?: string): Promise<ModerationResultDto> {
    const image = await this.images.findOneBy({ id });
    if (!image) throw await this.missing(id);
    if (!image.datasetState) throw new ConflictException('This image is a private upload, not a dataset image');
    if (!(await this.uploads.remove(id, staffDeletion(auth.user.role), auth.user.id))) throw await this.missing(id);
    // After the bytes are gone, the trail (no foreign key) still says who removed it and why.
    await this.repo.transaction((manager) =>
      this.repo.audit(manager, { imageId: id, actorId: auth.user.id, action: 'deleted', fromState: image.datasetState, toState: null, detail: reason ?? null }),
    );
    return { id, result: 'ok', state: 'deleted' };
  }

  private async missing(id: string): Promise<HttpException> {
    const deletedAt = await this.repo.wasDeleted(id);
    return deletedAt
      ? new ConflictException(`The image was deleted on ${deletedAt.toISOString()}`)
      : new NotFoundException('No such image');
  }
}
