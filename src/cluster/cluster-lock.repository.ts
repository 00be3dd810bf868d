import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigService } from '../config/config.service.js';

/**
 * Jobs that every instance schedules but only one should run at a time (sweeps). A PostgreSQL session
 * advisory lock, tried, not waited for: the instance that gets it does the work, the others skip this round.
 * If the holder dies its session ends and the lock goes with it.
 */
@Injectable()
export class ClusterLockRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
  ) {}

  /** Runs `work` unless another instance is running the job of this name; `skipped` when it did not run. */
  async runExclusive<T>(job: string, work: () => Promise<T>): Promise<T | 'skipped'> {
    // The lock holds a connection for the whole job; with PGlite's single session (or a pool of one) `work`
    // would wait for it forever. PGlite has one process anyway.
    if (this.config.usesEmbeddedDatabase || this.config.values.database.poolSize < 2) return work();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock(hashtextextended($1, 7)) AS locked', [`imagehive:job:${job}`]);
      if (!locked) return 'skipped';
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 7))', [`imagehive:job:${job}`]);
      }
    } finally {
      await runner.release();
    }
  }
}
