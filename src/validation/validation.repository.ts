import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_MAX_VOTES } from '../../libs/consensus/index.js';
import type { ImageLabelEntity } from '../labels/image-label.entity.js';
import type { VoteAnswer } from './vote.entity.js';
import type { VoterEntity } from './voter.entity.js';

export type PairRow = ImageLabelEntity & {
  ownerId: string | null;
  datasetState: string | null;
  hidden: boolean;
  /** The locking voter's earlier vote on the pair, if any. */
  previousAnswer: VoteAnswer | null;
  previousWeight: number | null;
};

/** What a vote writes to its pair. */
export type PairUpdate = Pick<ImageLabelEntity, 'yes' | 'no' | 'unsure' | 'informative' | 'weightSum' | 'probability' | 'verdict' | 'baselineProbability' | 'baselineAt'>;

export interface TaskRow {
  pairId: string;
  imageId: string;
  slug: string;
  format: string;
  label: string;
  parent: string | null;
  probability: number | null;
  votes: number;
  gold: boolean | null;
}

/** How many pairs, per task asked for, the task query takes from the top of the queue before filtering. */
const CANDIDATE_FACTOR = 4;

@Injectable()
export class ValidationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Finds or creates the voter for a user or an anonymous key. Looked up first: the voter exists on all but
   * their first request, and an INSERT that conflicts costs a round trip (and a dead tuple's worth of work).
   */
  async voter(identity: { userId: string } | { anonKey: string }): Promise<VoterEntity> {
    const [column, value] = 'userId' in identity ? ['userId', identity.userId] : ['anonKey', identity.anonKey];
    const find = () => this.dataSource.query(`SELECT * FROM voters WHERE "${column}" = $1`, [value]).then((rows: VoterEntity[]) => rows[0]);
    const found = await find();
    if (found) return found;
    const [created] = await this.dataSource.query(`INSERT INTO voters ("${column}") VALUES ($1) ON CONFLICT DO NOTHING RETURNING *`, [value]);
    return (created as VoterEntity | undefined) ?? (await find()); // a concurrent first request created it
  }

  /**
   * Locks the pair and reads, in the same statement, this voter's earlier vote on it. The earlier vote cannot
   * change while this transaction waits for the pair: the caller holds the voter's lock, which every writer of
   * this voter's votes (their other requests, the background estimation) takes first.
   */
  lockPair(manager: EntityManager, pairId: string, voterId: string): Promise<PairRow | undefined> {
    return manager
      .query(
        `SELECT p.*, i."ownerId", i."datasetState", i.hidden, v.answer AS "previousAnswer", v.weight AS "previousWeight"
           FROM image_labels p JOIN images i ON i.id = p."imageId"
           LEFT JOIN votes v ON v."pairId" = p.id AND v."voterId" = $2
          WHERE p.id = $1 FOR UPDATE OF p`,
        [pairId, voterId],
      )
      .then((rows: PairRow[]) => rows[0]);
  }

  lockVoter(manager: EntityManager, id: string): Promise<VoterEntity> {
    return manager.query('SELECT * FROM voters WHERE id = $1 FOR UPDATE', [id]).then((rows: VoterEntity[]) => rows[0]);
  }

  /** Upserts the vote and writes the pair's new counters and score in one statement (one round trip). */
  async saveVote(manager: EntityManager, vote: { pairId: string; voterId: string; answer: VoteAnswer; weight: number }, pair: PairUpdate): Promise<void> {
    await manager.query(
      `WITH vote AS (
         INSERT INTO votes ("pairId", "voterId", answer, weight) VALUES ($1, $2, $3, $4)
         ON CONFLICT ("pairId", "voterId") DO UPDATE SET answer = EXCLUDED.answer, weight = EXCLUDED.weight, "updatedAt" = now())
       UPDATE image_labels SET yes = $5, no = $6, unsure = $7, informative = $8, "weightSum" = $9, probability = $10,
              verdict = $11, "baselineProbability" = $12, "baselineAt" = $13::timestamptz
        WHERE id = $1`,
      [
        vote.pairId,
        vote.voterId,
        vote.answer,
        vote.weight,
        pair.yes,
        pair.no,
        pair.unsure,
        pair.informative,
        pair.weightSum,
        pair.probability,
        pair.verdict,
        pair.baselineProbability,
        pair.baselineAt?.toISOString() ?? null,
      ],
    );
  }

  async updateVoter(manager: EntityManager, id: string, fields: Partial<VoterEntity>): Promise<void> {
    await manager.getRepository<VoterEntity>('VoterEntity').update({ id }, fields);
  }

  async alert(manager: EntityManager, kind: 'probability_swing' | 'voter_collapse', detail: string, refs: { pairId?: string; voterId?: string }): Promise<string> {
    const [row] = await manager.query(
      'INSERT INTO validation_alerts (kind, "pairId", "voterId", detail) VALUES ($1, $2, $3, $4) RETURNING id',
      [kind, refs.pairId ?? null, refs.voterId ?? null, detail],
    );
    return row.id;
  }

  /**
   * Candidate tasks for a voter: pairs of approved, visible images with a vocabulary label, that the voter has
   * not voted on and did not donate, fewest votes and most uncertain first (the caller ranks them finely).
   *
   * It sorted every approved pair on each request. Now the first CANDIDATE_FACTOR × limit pairs in that order
   * come from the partial index IDX_image_labels_task_order (or the gold one) in a materialized CTE, whatever
   * the planner's statistics say, and only those are filtered. When that leaves fewer than `limit` (a voter who
   * has seen the top of the queue, a narrow filter, few pairs), the whole order is searched, as before. Either
   * way the rows are the first `limit` of the filtered order: the candidates are a prefix of the whole order.
   */
  async candidates(voterId: string, userId: string | null, options: { label?: string; where?: { sql: string; params: unknown[] }; gold: boolean; limit: number }): Promise<TaskRow[]> {
    const run = (candidates: number | null): Promise<TaskRow[]> =>
      this.dataSource.query(this.candidatesSql(options), [voterId, userId, options.label ?? null, options.limit, candidates, ...(options.where?.params ?? [])]);
    const first = await run(CANDIDATE_FACTOR * options.limit);
    return first.length >= options.limit ? first : run(null); // LIMIT NULL: every pair
  }

  /** The ORDER BY and the gold/label conditions are spelled exactly as the partial indexes are (migration TaskOrder). */
  private candidatesSql(options: { where?: { sql: string }; gold: boolean }): string {
    const order = '(p.yes + p.no), abs(COALESCE(p.probability, 0.5) - 0.5), p.id';
    const extra = options.where ? ` AND (${options.where.sql})` : '';
    // Pairs the crowd is done with (DEFAULT_MAX_VOTES, unsure included) are skipped here, where the index is
    // walked: unsure votes do not move a pair down the order, so 200 of them at its head emptied everyone's queue.
    const done = options.gold ? '' : ` AND p.yes + p.no + p.unsure < ${DEFAULT_MAX_VOTES}`;
    return `WITH c AS MATERIALIZED (
        SELECT p.* FROM image_labels p WHERE p.gold IS ${options.gold ? 'NOT NULL' : 'NULL'} AND p."labelId" IS NOT NULL${done}
         ORDER BY ${order} LIMIT $5::int)
      SELECT p.id AS "pairId", i.id AS "imageId", i.slug, b.format, l.name AS label, parent.name AS parent,
             p.probability, (p.yes + p.no + p.unsure) AS votes, p.gold
        FROM c p
        JOIN images i ON i.id = p."imageId" AND i."datasetState" = 'approved' AND NOT i.hidden
        JOIN blobs b ON b.sha256 = i."blobSha256"
        JOIN labels l ON l.id = p."labelId"
        LEFT JOIN labels parent ON parent.id = p."parentLabelId"
       WHERE NOT EXISTS (SELECT 1 FROM votes v WHERE v."pairId" = p.id AND v."voterId" = $1)
         AND ($2::uuid IS NULL OR i."ownerId" IS DISTINCT FROM $2::uuid)
         AND ($3::text IS NULL OR lower(l.name) = lower($3::text))${extra}
       ORDER BY ${order}
       LIMIT $4`;
  }

  /** An image's pairs with their counters; a gold pair's verdict (its known answer) only for staff. */
  pairsOfImage(imageId: string, staff = false) {
    const verdict = staff ? 'p.verdict' : `CASE WHEN p.gold IS NULL THEN p.verdict ELSE 'unknown' END AS verdict`;
    return this.dataSource.query(
      `SELECT p.id, COALESCE(l.name, s.name) AS name, parent.name AS parent, (p."suggestionId" IS NOT NULL) AS suggestion,
              p.yes, p.no, p.unsure, p.probability, ${verdict}
         FROM image_labels p LEFT JOIN labels l ON l.id = p."labelId" LEFT JOIN label_suggestions s ON s.id = p."suggestionId"
         LEFT JOIN labels parent ON parent.id = p."parentLabelId"
        WHERE p."imageId" = $1 ORDER BY p."createdAt", name`,
      [imageId],
    );
  }

  openAlerts(limit: number) {
    return this.dataSource.query('SELECT * FROM validation_alerts WHERE "resolvedAt" IS NULL ORDER BY "createdAt" DESC LIMIT $1', [limit]);
  }

  /** Marks an open alert seen; false when there is no such open alert. */
  /** Resolves an open alert: 'resolved', or why not. */
  async resolveAlert(id: string): Promise<'resolved' | 'already' | 'missing'> {
    const [, count]: [unknown[], number] = await this.dataSource.query('UPDATE validation_alerts SET "resolvedAt" = now() WHERE id = $1 AND "resolvedAt" IS NULL', [id]);
    if (count > 0) return 'resolved';
    const [found] = await this.dataSource.query('SELECT 1 FROM validation_alerts WHERE id = $1', [id]);
    return found ? 'already' : 'missing';
  }

  /** Marks a pair as gold (or takes it out); only vocabulary pairs can join, suggestions are never voted on. */
  async setGold(pairId: string, gold: boolean | null): Promise<'set' | 'suggestion' | 'missing'> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      'UPDATE image_labels SET gold = $2 WHERE id = $1 AND ("labelId" IS NOT NULL OR $2::boolean IS NULL)',
      [pairId, gold],
    );
    if (count > 0) return 'set';
    const [found] = await this.dataSource.query('SELECT 1 FROM image_labels WHERE id = $1', [pairId]);
    return found ? 'suggestion' : 'missing';
  }
}
