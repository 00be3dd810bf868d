import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigService } from '../config/config.service.js';

const TIMEOUT_MS = 2_000;

@Injectable()
export class HealthRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
  ) {}

  async databaseReachable(): Promise<{ ok: true; kind: 'postgres' | 'pglite' } | { ok: false; reason: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
      return { ok: true, kind: this.config.usesEmbeddedDatabase ? 'pglite' : 'postgres' };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }
}
