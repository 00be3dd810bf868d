import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CompiledDatasetQuery } from '../search/dataset-query.js';

export interface SearchRow {
  id: string;
  slug: string;
  format: string;
  width: number;
  height: number;
  createdAt: Date;
}

export interface SearchLabelRow {
  imageId: string;
  name: string;
  display: string;
  probability: number | null;
  /** yes + no: the votes that decide (unsure ones do not). */
  votes: number;
}

/** Public, approved, not hidden: what anyone may browse. */
const VISIBLE = `i."datasetState" = 'approved' AND NOT i.hidden`;

@Injectable()
export class ExploreRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `where` must have been compiled with usedParams 0. */
  async count(where?: CompiledDatasetQuery): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM images i WHERE ${VISIBLE}${where ? ` AND (${where.sql})` : ''}`, where?.params ?? []);
    return row.n;
  }

  /** Newest first by (createdAt, id); `where` must have been compiled with usedParams 3. */
  page(limit: number, after: { t: string; id: string } | null, where?: CompiledDatasetQuery): Promise<SearchRow[]> {
    return this.dataSource.query(
      `SELECT i.id, i.slug, b.format, b.width, b.height, i."createdAt"
         FROM images i JOIN blobs b ON b.sha256 = i."blobSha256"
        WHERE ${VISIBLE}
          AND ($2::timestamptz IS NULL OR (i."createdAt", i.id) < ($2::timestamptz, $3::uuid))${where ? ` AND (${where.sql})` : ''}
        ORDER BY i."createdAt" DESC, i.id DESC
        LIMIT $1`,
      [limit, after?.t ?? null, after?.id ?? null, ...(where?.params ?? [])],
    );
  }

  /** The vocabulary labels (not parts) of these images, named in `language` where a translation exists. */
  labels(imageIds: string[], language: string): Promise<SearchLabelRow[]> {
    if (!imageIds.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT p."imageId", l.name, COALESCE(tr.term, l.name) AS display, p.probability, p.yes + p.no AS votes
         FROM image_labels p JOIN labels l ON l.id = p."labelId"
         LEFT JOIN LATERAL (SELECT t.term FROM label_terms t WHERE t."labelId" = l.id AND t.language = $2 AND t.role = 'name' ORDER BY t.term LIMIT 1) tr ON TRUE
        WHERE p."imageId" = ANY($1::uuid[]) AND p."parentLabelId" IS NULL
        ORDER BY p.probability DESC NULLS LAST, l.name`,
      [imageIds, language],
    );
  }
}
