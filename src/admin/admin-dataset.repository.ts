import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PAIR_NAME, PAIRS_FROM } from '../labels/pair-name.sql.js';

/** What a moderator wants to see beside a dataset image in a list. */
export interface ImageFacts {
  labels: string[];
  openReports: number;
  duplicates: number;
  /** The closest near-duplicate and its distance (dHash bits), when flagged. */
  closestId: string | null;
  closestDistance: number | null;
}

/** Read-only lookups for the panel's moderation and label lists: one query per page, never per row. */
@Injectable()
export class AdminDatasetRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async imageFacts(imageIds: string[]): Promise<Map<string, ImageFacts>> {
    if (!imageIds.length) return new Map();
    const rows: Array<ImageFacts & { id: string }> = await this.db.query(
      `SELECT i.id,
              ARRAY(SELECT ${PAIR_NAME} FROM ${PAIRS_FROM} WHERE p."imageId" = i.id ORDER BY 1) AS labels,
              (SELECT COUNT(*)::int FROM image_reports r WHERE r."imageId" = i.id AND r."resolvedAt" IS NULL) AS "openReports",
              (SELECT COUNT(*)::int FROM image_duplicates d WHERE d."imageId" = i.id) AS duplicates,
              (SELECT d."similarImageId" FROM image_duplicates d WHERE d."imageId" = i.id ORDER BY d.distance, d."similarImageId" LIMIT 1) AS "closestId",
              (SELECT MIN(d.distance)::int FROM image_duplicates d WHERE d."imageId" = i.id) AS "closestDistance"
         FROM images i WHERE i.id = ANY($1::uuid[])`,
      [imageIds],
    );
    return new Map(rows.map(({ id, ...facts }) => [id, facts]));
  }

  /** How many image pairs use each suggestion (what decides whether it deserves a place in the vocabulary). */
  async suggestionUsage(suggestionIds: string[]): Promise<Map<string, number>> {
    if (!suggestionIds.length) return new Map();
    const rows: Array<{ id: string; usage: number }> = await this.db.query(
      `SELECT "suggestionId" AS id, COUNT(*)::int AS usage FROM image_labels WHERE "suggestionId" = ANY($1::uuid[]) GROUP BY "suggestionId"`,
      [suggestionIds],
    );
    return new Map(rows.map((r) => [r.id, r.usage]));
  }

  /** Label names of pairs, for the gold-standard list. */
  async pairNames(pairIds: string[]): Promise<Map<string, string>> {
    if (!pairIds.length) return new Map();
    const rows: Array<{ id: string; name: string }> = await this.db.query(
      `SELECT p.id, ${PAIR_NAME} AS name FROM ${PAIRS_FROM} WHERE p.id = ANY($1::uuid[])`,
      [pairIds],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
