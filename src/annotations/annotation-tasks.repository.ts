import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { TaskAnswer } from './annotation-task-answer.entity.js';

export interface TaskRow {
  pairId: string;
  imageId: string;
  slug: string;
  format: string;
  width: number;
  height: number;
  label: string;
  parent: string | null;
  drawings: number;
}

/** The annotation queue's queries. */
@Injectable()
export class AnnotationTasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * One annotation task for a voter: a confirmed object label on an approved, visible image that still wants
   * drawings (drawings the crowd rejected do not count), that not enough people called not annotatable, and
   * that this voter has neither drawn nor answered. Fewest drawings first; among equals a per-voter shuffle,
   * so concurrent annotators spread out.
   */
  nextTask(
    voterId: string,
    options: { threshold: number; drawingsPerPair: number; notAnnotatable: number; label?: string; where?: { sql: string; params: unknown[] } },
  ): Promise<TaskRow | undefined> {
    const params: unknown[] = [voterId, options.threshold, options.drawingsPerPair, options.notAnnotatable, options.label ?? null];
    const extra = options.where ? ` AND (${options.where.sql})` : '';
    params.push(...(options.where?.params ?? []));
    return this.dataSource
      .query(
        `SELECT * FROM (
           SELECT p.id AS "pairId", i.id AS "imageId", i.slug, b.format, b.width, b.height, l.name AS label, parent.name AS parent,
                  (SELECT count(*)::int FROM annotations a JOIN annotation_revisions r ON r."annotationId" = a.id AND r.revision = a.revision
                    WHERE a."pairId" = p.id AND r.verdict <> 'likely_wrong') AS drawings,
                  (SELECT count(*)::int FROM annotation_task_answers x WHERE x."pairId" = p.id AND x.answer = 'not_annotatable') AS refusals
             FROM image_labels p
             JOIN images i ON i.id = p."imageId" AND i."datasetState" = 'approved' AND NOT i.hidden
             JOIN blobs b ON b.sha256 = i."blobSha256"
             JOIN labels l ON l.id = p."labelId" AND l.kind = 'object'
             LEFT JOIN labels parent ON parent.id = p."parentLabelId"
            WHERE (p.gold IS TRUE OR (p.probability IS NOT NULL AND p.probability >= $2::float8))
              AND NOT EXISTS (SELECT 1 FROM annotation_task_answers x WHERE x."pairId" = p.id AND x."voterId" = $1)
              AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a."pairId" = p.id AND a."annotatorId" = $1)
              AND ($5::text IS NULL OR lower(l.name) = lower($5::text))${extra}
         ) t
         WHERE t.drawings < $3 AND t.refusals < $4
         ORDER BY t.drawings, md5(t."pairId"::text || $1::text), t."pairId"
         LIMIT 1`,
        params,
      )
      .then((rows: TaskRow[]) => rows[0]);
  }

  /** Records a voter's skip or not-annotatable answer (replacing their earlier one); returns the pair's not-annotatable count. */
  async answerTask(manager: EntityManager, pairId: string, voterId: string, answer: TaskAnswer): Promise<number> {
    await manager.query(
      `INSERT INTO annotation_task_answers ("pairId", "voterId", answer) VALUES ($1, $2, $3)
       ON CONFLICT ("pairId", "voterId") DO UPDATE SET answer = EXCLUDED.answer, "updatedAt" = now()`,
      [pairId, voterId, answer],
    );
    const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM annotation_task_answers WHERE "pairId" = $1 AND answer = 'not_annotatable'`, [pairId]);
    return n;
  }
}
