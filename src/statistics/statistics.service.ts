import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigService } from '../config/config.service.js';
import type { LabelStatisticsDto, StatisticsDto } from './statistics.dto.js';

/** Dataset figures, read from the counters the vote path keeps (no scans of the votes table per label). */
@Injectable()
export class StatisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
  ) {}

  async overview(): Promise<StatisticsDto> {
    const threshold = this.config.values.validation.confirmedThreshold;
    const [totals] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM images WHERE "datasetState" IS NOT NULL)::int AS "datasetImages",
              (SELECT count(*) FROM images WHERE "datasetState" = 'approved')::int AS "approvedImages",
              (SELECT count(*) FROM images WHERE "datasetState" = 'pending')::int AS "pendingImages",
              (SELECT count(*) FROM labels WHERE NOT retired)::int AS labels,
              (SELECT count(*) FROM image_labels WHERE "labelId" IS NOT NULL)::int AS pairs,
              (SELECT count(*) FROM image_labels WHERE probability >= $1)::int AS "confirmedPairs",
              (SELECT COALESCE(sum(yes + no + unsure), 0) FROM image_labels)::int AS votes,
              (SELECT count(*) FROM voters)::int AS voters,
              (SELECT count(*) FROM label_suggestions WHERE state = 'open')::int AS "openSuggestions"`,
      [threshold],
    );
    const perLabel = await this.dataSource.query(
      `SELECT l.name AS label, count(*)::int AS images, count(*) FILTER (WHERE p.probability >= $1)::int AS confirmed,
              COALESCE(sum(p.yes + p.no + p.unsure), 0)::int AS votes
         FROM image_labels p JOIN labels l ON l.id = p."labelId"
        GROUP BY l.name ORDER BY images DESC, l.name LIMIT 50`,
      [threshold],
    );
    const perDay = await this.dataSource.query(
      `SELECT d::date AS day,
              (SELECT count(*) FROM images WHERE "donatedAt" >= d AND "donatedAt" < d + interval '1 day')::int AS donations,
              (SELECT count(*) FROM votes WHERE "createdAt" >= d AND "createdAt" < d + interval '1 day')::int AS votes
         FROM generate_series(date_trunc('day', now()) - interval '29 days', date_trunc('day', now()), interval '1 day') d
        ORDER BY d`,
    );
    return { totals, perLabel, perDay: perDay.map((r: { day: Date | string; donations: number; votes: number }) => ({ ...r, day: String(r.day instanceof Date ? r.day.toISOString() : r.day).slice(0, 10) })) };
  }

  async label(name: string): Promise<LabelStatisticsDto> {
    const threshold = this.config.values.validation.confirmedThreshold;
    const rows = await this.dataSource.query(
      `SELECT l.name AS label, count(p.id)::int AS images, count(p.id) FILTER (WHERE p.probability >= $2)::int AS confirmed,
              COALESCE(sum(p.yes), 0)::int AS yes, COALESCE(sum(p.no), 0)::int AS no, COALESCE(sum(p.unsure), 0)::int AS unsure,
              count(p.id) FILTER (WHERE p.verdict = 'uncertain')::int AS uncertain
         FROM labels l LEFT JOIN image_labels p ON p."labelId" = l.id
        WHERE l.id IN (SELECT "labelId" FROM label_terms WHERE lower(term) = lower($1))
        GROUP BY l.name LIMIT 1`,
      [name, threshold],
    );
    if (!rows.length) throw new NotFoundException(`No label "${name}"`);
    return rows[0];
  }
}
