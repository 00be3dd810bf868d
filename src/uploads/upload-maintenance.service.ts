import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ClusterLockRepository } from '../cluster/cluster-lock.repository.js';
import { ConfigService } from '../config/config.service.js';
import { BlobStore } from './blob-store.service.js';
import { UploadsRepository } from './uploads.repository.js';
import { UploadsService } from './uploads.service.js';
import { PeriodicJob } from '../common/periodic-job.js';

const BATCH = 200;

/**
 * Start-up repair of what a crash left, and the scheduled removal of expired and used-up links. Every
 * instance schedules both; a cluster lock lets one run each at a time, and each removal is claimed by its
 * own row delete (uploads.remove), so a link is removed, and announced, once.
 */
@Injectable()
export class UploadMaintenanceService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('UploadMaintenance');
  private readonly job = new PeriodicJob(this.logger, 'Expiry sweep failed', () => this.expire());

  constructor(
    private readonly config: ConfigService,
    private readonly blobs: BlobStore,
    private readonly repo: UploadsRepository,
    private readonly uploads: UploadsService,
    private readonly locks: ClusterLockRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Temp files of uploads a crash interrupted: never committed, so nothing refers to them.
    await rm(join(this.config.dataDir, 'tmp', 'uploads'), { recursive: true, force: true });
    await this.locks.runExclusive('uploads:blob-sweep', () => this.blobs.sweep());
    await this.expire();
    this.job.start(this.config.values.uploads.expirySweepSeconds);
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  /** Deletes links past their expiry or view limit, bytes included; returns how many this instance removed. */
  async expire(now = new Date()): Promise<number> {
    const removed = await this.locks.runExclusive('uploads:expiry', () => this.expireNow(now));
    return removed === 'skipped' ? 0 : removed;
  }

  private async expireNow(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const batch = await this.repo.findExpired(now, BATCH);
      for (const image of batch) if (await this.uploads.remove(image.id, 'expiry')) total++;
      if (batch.length < BATCH) break;
    }
    if (total) this.logger.log(`Removed ${total} expired or used-up link(s)`);
    return total;
  }
}
