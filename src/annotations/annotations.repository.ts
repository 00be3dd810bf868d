import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Shape } from '../../libs/geometry/index.js';
import type { VoterEntity } from '../validation/voter.entity.js';
import type { AnnotationRevisionEntity } from './annotation-revision.entity.js';
import type { AnnotationAnswer, AnnotationVoteEntity } from './annotation-vote.entity.js';
import type { RevisionScore } from './revision-score.js';

/** What an annotation needs to know about its pair: the label, its kind, and the crowd's verdict on it. */
export interface PairInfo {
  id: string;
  imageId: string;
  labelId: string | null;
  kind: string | null;
  label: string | null;
  parent: string | null;
  verdict: string;
}

/** An annotation with one of its revisions (the current one unless asked otherwise), as the API shows it. */
export interface AnnotationRow {
  id: string;
  imageId: string;
  pairId: string;
  label: string;
  parent: string | null;
  currentRevision: number;
  revision: number;
  revisionId: string;
  shapes: Shape[];
  authorId: string;
  author: string | null;
  annotator: string | null;
  yes: number;
  no: number;
  probability: number | null;
  verdict: AnnotationRevisionEntity['verdict'];
  createdAt: Date;
  updatedAt: Date;
  revisedAt: Date;
}

const ANNOTATION_SELECT = `
  SELECT a.id, a."imageId", a."pairId", l.name AS label, parent.name AS parent, a.revision AS "currentRevision",
         r.revision, r.id AS "revisionId", r.shapes, r."authorId", au.username AS author, cu.username AS annotator,
         r.yes, r.no, r.probability, r.verdict, a."createdAt", a."updatedAt", r."createdAt" AS "revisedAt"
    FROM annotations a
    JOIN image_labels p ON p.id = a."pairId"
    JOIN labels l ON l.id = p."labelId"
    LEFT JOIN labels parent ON parent.id = p."parentLabelId"
    JOIN voters cv ON cv.id = a."annotatorId" LEFT JOIN users cu ON cu.id = cv."userId"`;
const AUTHOR_JOIN = `JOIN voters av ON av.id = r."authorId" LEFT JOIN users au ON au.id = av."userId"`;

export interface VoteWithVoter {
  voteId: string;
  revisionId: string;
  answer: AnnotationAnswer;
  weight: number;
  voter: VoterEntity;
}

@Injectable()
export class AnnotationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Takes the image's stats row as a lock: writes to one image's annotations queue up, so its stats stay exact. */
  async lockImageStats(manager: EntityManager, imageId: string): Promise<void> {
    await manager.query('INSERT INTO image_annotation_stats ("imageId") VALUES ($1) ON CONFLICT DO NOTHING', [imageId]);
    await manager.query('SELECT 1 FROM image_annotation_stats WHERE "imageId" = $1 FOR UPDATE', [imageId]);
  }

  pair(pairId: string, manager: EntityManager = this.dataSource.manager): Promise<PairInfo | undefined> {
    return manager
      .query(
        `SELECT p.id, p."imageId", p."labelId", l.kind, COALESCE(l.name, s.name) AS label, parent.name AS parent, p.verdict
           FROM image_labels p LEFT JOIN labels l ON l.id = p."labelId" LEFT JOIN label_suggestions s ON s.id = p."suggestionId"
           LEFT JOIN labels parent ON parent.id = p."parentLabelId" WHERE p.id = $1`,
        [pairId],
      )
      .then((rows: PairInfo[]) => rows[0]);
  }

  imageSize(imageId: string, manager: EntityManager = this.dataSource.manager): Promise<{ width: number; height: number } | undefined> {
    return manager
      .query('SELECT b.width, b.height FROM images i JOIN blobs b ON b.sha256 = i."blobSha256" WHERE i.id = $1', [imageId])
      .then((rows: Array<{ width: number; height: number }>) => rows[0]);
  }

  annotationOf(manager: EntityManager, pairId: string, annotatorId: string): Promise<{ id: string; revision: number } | undefined> {
    return manager
      .query('SELECT id, revision FROM annotations WHERE "pairId" = $1 AND "annotatorId" = $2', [pairId, annotatorId])
      .then((rows: Array<{ id: string; revision: number }>) => rows[0]);
  }

  async insertAnnotation(manager: EntityManager, fields: { imageId: string; pairId: string; annotatorId: string }): Promise<string> {
    const [row] = await manager.query('INSERT INTO annotations ("imageId", "pairId", "annotatorId") VALUES ($1, $2, $3) RETURNING id', [
      fields.imageId,
      fields.pairId,
      fields.annotatorId,
    ]);
    return row.id;
  }

  async insertRevision(manager: EntityManager, fields: { annotationId: string; revision: number; shapes: Shape[]; authorId: string }): Promise<void> {
    await manager.query('INSERT INTO annotation_revisions ("annotationId", revision, shapes, "authorId") VALUES ($1, $2, $3::jsonb, $4)', [
      fields.annotationId,
      fields.revision,
      JSON.stringify(fields.shapes),
      fields.authorId,
    ]);
  }

  lockAnnotation(manager: EntityManager, id: string): Promise<{ id: string; imageId: string; pairId: string; revision: number } | undefined> {
    return manager.query('SELECT id, "imageId", "pairId", revision FROM annotations WHERE id = $1 FOR UPDATE', [id]).then((rows) => rows[0]);
  }

  async setCurrentRevision(manager: EntityManager, id: string, revision: number): Promise<void> {
    await manager.query('UPDATE annotations SET revision = $2, "updatedAt" = now() WHERE id = $1', [id, revision]);
  }

  /** The annotation with its current revision (or revision `n`). */
  find(id: string, n?: number, manager: EntityManager = this.dataSource.manager): Promise<AnnotationRow | undefined> {
    return manager
      .query(`${ANNOTATION_SELECT} JOIN annotation_revisions r ON r."annotationId" = a.id AND r.revision = COALESCE($2::int, a.revision) ${AUTHOR_JOIN} WHERE a.id = $1`, [
        id,
        n ?? null,
      ])
      .then((rows: AnnotationRow[]) => rows[0]);
  }

  revisions(id: string): Promise<AnnotationRow[]> {
    return this.dataSource.query(
      `${ANNOTATION_SELECT} JOIN annotation_revisions r ON r."annotationId" = a.id ${AUTHOR_JOIN} WHERE a.id = $1 ORDER BY r.revision`,
      [id],
    );
  }

  /** Every annotation of an image with its current revision, by pair and age. */
  ofImage(imageId: string): Promise<AnnotationRow[]> {
    return this.dataSource.query(
      `${ANNOTATION_SELECT} JOIN annotation_revisions r ON r."annotationId" = a.id AND r.revision = a.revision ${AUTHOR_JOIN}
        WHERE a."imageId" = $1 ORDER BY p."createdAt", p.id, a."createdAt", a.id`,
      [imageId],
    );
  }

  lockRevision(manager: EntityManager, annotationId: string, n: number): Promise<(AnnotationRevisionEntity & { current: number }) | undefined> {
    return manager
      .query(
        `SELECT r.*, a.revision AS current FROM annotation_revisions r JOIN annotations a ON a.id = r."annotationId"
          WHERE r."annotationId" = $1 AND r.revision = $2 FOR UPDATE OF r`,
        [annotationId, n],
      )
      .then((rows) => rows[0]);
  }

  voter(manager: EntityManager, id: string): Promise<VoterEntity> {
    return manager.query('SELECT * FROM voters WHERE id = $1', [id]).then((rows: VoterEntity[]) => rows[0]);
  }

  existingVote(manager: EntityManager, revisionId: string, voterId: string): Promise<AnnotationVoteEntity | undefined> {
    return manager.query('SELECT * FROM annotation_votes WHERE "revisionId" = $1 AND "voterId" = $2', [revisionId, voterId]).then((rows) => rows[0]);
  }

  async saveVote(manager: EntityManager, revisionId: string, voterId: string, answer: AnnotationAnswer, weight: number): Promise<void> {
    await manager.query(
      `INSERT INTO annotation_votes ("revisionId", "voterId", answer, weight) VALUES ($1, $2, $3, $4)
       ON CONFLICT ("revisionId", "voterId") DO UPDATE SET answer = EXCLUDED.answer, weight = EXCLUDED.weight, "updatedAt" = now()`,
      [revisionId, voterId, answer, weight],
    );
  }

  async setVoteWeight(manager: EntityManager, voteId: string, weight: number): Promise<void> {
    await manager.query('UPDATE annotation_votes SET weight = $2 WHERE id = $1', [voteId, weight]);
  }

  async updateScore(manager: EntityManager, revisionId: string, score: RevisionScore): Promise<void> {
    await manager.query('UPDATE annotation_revisions SET yes = $2, no = $3, informative = $4, "weightSum" = $5, probability = $6, verdict = $7 WHERE id = $1', [
      revisionId,
      score.yes,
      score.no,
      score.informative,
      score.weightSum,
      score.probability,
      score.verdict,
    ]);
  }

  /** Votes with their voters: of one revision (inside its transaction), or of all revisions. */
  votesWithVoters(manager: EntityManager = this.dataSource.manager, revisionId?: string): Promise<VoteWithVoter[]> {
    return manager
      .query(
        `SELECT v.id AS "voteId", v."revisionId", v.answer, v.weight, row_to_json(vo) AS voter
           FROM annotation_votes v JOIN voters vo ON vo.id = v."voterId"
          WHERE $1::uuid IS NULL OR v."revisionId" = $1 ORDER BY v."revisionId", v.id`,
        [revisionId ?? null],
      )
      .then((rows: VoteWithVoter[]) => rows);
  }

  imageOfRevision(revisionId: string): Promise<{ imageId: string; annotationId: string; revision: number } | undefined> {
    return this.dataSource
      .query('SELECT a."imageId", a.id AS "annotationId", r.revision FROM annotation_revisions r JOIN annotations a ON a.id = r."annotationId" WHERE r.id = $1', [revisionId])
      .then((rows) => rows[0]);
  }

  /** Writes the image's coverage (from its validated drawings' current shapes) and annotation count. */
  async refreshStats(manager: EntityManager, imageId: string, measure: (validatedShapes: Shape[]) => number): Promise<{ coverage: number; numAnnotations: number }> {
    const rows: Array<{ shapes: Shape[] }> = await manager.query(
      `SELECT r.shapes FROM annotations a JOIN annotation_revisions r ON r."annotationId" = a.id AND r.revision = a.revision
        WHERE a."imageId" = $1 AND r.verdict = 'likely_right'`,
      [imageId],
    );
    const [{ n }] = await manager.query('SELECT count(*)::int AS n FROM annotations WHERE "imageId" = $1', [imageId]);
    const coverage = measure(rows.flatMap((r) => r.shapes));
    await manager.query('UPDATE image_annotation_stats SET coverage = $2, "numAnnotations" = $3, "updatedAt" = now() WHERE "imageId" = $1', [imageId, coverage, n]);
    return { coverage, numAnnotations: n };
  }

  stats(imageId: string): Promise<{ coverage: number; numAnnotations: number }> {
    return this.dataSource
      .query('SELECT coverage, "numAnnotations" FROM image_annotation_stats WHERE "imageId" = $1', [imageId])
      .then((rows) => rows[0] ?? { coverage: 0, numAnnotations: 0 });
  }

  /** Current shapes of an annotation, for drawing its outline on the image. */
  outline(annotationId: string): Promise<{ imageId: string; revision: number; shapes: Shape[] } | undefined> {
    return this.dataSource
      .query(
        `SELECT a."imageId", a.revision, r.shapes FROM annotations a JOIN annotation_revisions r ON r."annotationId" = a.id AND r.revision = a.revision WHERE a.id = $1`,
        [annotationId],
      )
      .then((rows) => rows[0]);
  }

  /** Current revisions of the images' annotations, for exports; only validated ones unless asked. */
  forExport(imageIds: string[], validatedOnly: boolean): Promise<Array<{ id: string; imageId: string; pairId: string; labelId: string; shapes: Shape[]; verdict: string; probability: number | null }>> {
    if (imageIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT a.id, a."imageId", a."pairId", p."labelId", r.shapes, r.verdict, r.probability
         FROM annotations a JOIN annotation_revisions r ON r."annotationId" = a.id AND r.revision = a.revision
         JOIN image_labels p ON p.id = a."pairId"
        WHERE a."imageId" = ANY($1::uuid[]) AND (NOT $2 OR r.verdict = 'likely_right')
        ORDER BY a."imageId", a."pairId", a."createdAt", a.id`,
      [imageIds, validatedOnly],
    );
  }
}
