import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { compileDatasetQuery } from '../search/dataset-query.js';

export interface Selection {
  query?: string;
  minProbability: number;
  minVotes: number;
}

export interface ImageRow {
  id: string;
  slug: string;
  format: string;
  storageKey: string;
  width: number;
  height: number;
  createdAt: Date;
}

export interface PairRow {
  pairId: string;
  imageId: string;
  name: string;
  probability: number;
  yes: number;
  no: number;
  unsure: number;
}

const PAGE = 500;

/** Approved, visible dataset images matching a query, read in keyset pages so memory stays flat. */
@Injectable()
export class ExportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The WHERE clause of a selection; compiling the query here makes a bad one fail before any output. */
  where(selection: Selection, usedParams: number): { sql: string; params: unknown[] } {
    if (selection.query) {
      const compiled = compileDatasetQuery(selection.query, { imageAlias: 'i', usedParams, threshold: selection.minProbability, minVotes: selection.minVotes });
      return compiled;
    }
    // No query: every image with at least one label that counts (a whole, not a part: parts are not exported,
    // so an image with only a confirmed part would go out with no label at all).
    const t = `$${usedParams + 1}`;
    const v = `$${usedParams + 2}`;
    return {
      sql: `EXISTS (SELECT 1 FROM image_labels q WHERE q."imageId" = i.id AND q."labelId" IS NOT NULL AND q."parentLabelId" IS NULL AND q.probability >= ${t} AND q.yes + q.no >= ${v})`,
      params: [selection.minProbability, selection.minVotes],
    };
  }

  async count(selection: Selection): Promise<number> {
    const where = this.where(selection, 0);
    const [{ n }] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM images i WHERE i."datasetState" = 'approved' AND NOT i.hidden AND (${where.sql})`,
      where.params,
    );
    return n;
  }

  /**
   * One page of matching images after `afterId` (ids ascending). The filter sits in a scalar sub-select so it
   * is checked per image as the id index walks from the cursor: left bare, PostgreSQL turned its EXISTS into a
   * merge semi join whose image_labels side started from the first image on every page, so an export read
   * O(images²) label rows (100,000 images: ~0.7 s per page by the middle, minutes in all).
   */
  page(selection: Selection, afterId: string | null, limit = PAGE): Promise<ImageRow[]> {
    const where = this.where(selection, 2);
    return this.dataSource.query(
      `SELECT i.id, i.slug, b.format, b."storageKey", b.width, b.height, i."createdAt"
         FROM images i JOIN blobs b ON b.sha256 = i."blobSha256"
        WHERE i."datasetState" = 'approved' AND NOT i.hidden AND ($1::uuid IS NULL OR i.id > $1::uuid) AND (SELECT (${where.sql}))
        ORDER BY i.id LIMIT $2`,
      [afterId, limit, ...where.params],
    );
  }

  /** The labels that count on these images: vocabulary labels at or over the thresholds. */
  pairs(imageIds: string[], selection: Selection): Promise<PairRow[]> {
    return this.dataSource.query(
      `SELECT p.id AS "pairId", p."imageId", l.name, p.probability, p.yes, p.no, p.unsure
         FROM image_labels p JOIN labels l ON l.id = p."labelId"
        WHERE p."imageId" = ANY($1::uuid[]) AND p."parentLabelId" IS NULL AND p.probability >= $2 AND p.yes + p.no >= $3
        ORDER BY p."imageId", l.name`,
      [imageIds, selection.minProbability, selection.minVotes],
    );
  }

  /** Near-duplicate partners of these images, so a split can keep look-alikes together. */
  duplicates(imageIds: string[]): Promise<Array<{ a: string; b: string }>> {
    return this.dataSource.query(
      `SELECT "imageId" AS a, "similarImageId" AS b FROM image_duplicates WHERE "imageId" = ANY($1::uuid[]) OR "similarImageId" = ANY($1::uuid[])`,
      [imageIds],
    );
  }
}
