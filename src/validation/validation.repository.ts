import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ImageLabelEntity } from '../labels/image-label.entity.js';
import type { VoteAnswer, VoteEntity } from './vote.entity.js';
import type { VoterEntity } from './voter.entity.js';

export type PairRow = ImageLabelEntity & { ownerId: string | null; datasetState: string | null; hidden: boolean };

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

@Injectable()
export class ValidationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Finds or creates the voter for a user or an anonymous key. */
  async voter(identity: { userId: string } | { anonKey: string }): Promise<VoterEntity> {
    const [column, value] = 'userId' in identity ? ['userId', identity.userId] : ['anonKey', identity.anonKey];
    await this.dataSource.query(`INSERT INTO voters ("${column}") VALUES ($1) ON CONFLICT DO NOTHING`, [value]);
    const [row] = await this.dataSource.query(`SELECT * FROM voters WHERE "${column}" = $1`, [value]);
    return row as VoterEntity;
  }

  lockPair(manager: EntityManager, pairId: string): Promise<PairRow | undefined> {
    return manager
      .query(
        `SELECT p.*, i."ownerId", i."datasetState", i.hidden FROM image_labels p JOIN images i ON i.id = p."imageId"
          WHERE p.id = $1 FOR UPDATE OF p`,
        [pairId],
      )
      .then((rows: PairRow[]) => rows[0]);
  }

  lockVoter(manager: EntityManager, id: string): Promise<VoterEntity> {
    return manager.query('SELECT * FROM voters WHERE id = $1 FOR UPDATE', [id]).then((rows: VoterEntity[]) => rows[0]);
  }

  existingVote(manager: EntityManager, pairId: string, voterId: string): Promise<VoteEntity | undefined> {
    return manager.query('SELECT * FROM votes WHERE "pairId" = $1 AND "voterId" = $2', [pairId, voterId]).then((rows: VoteEntity[]) => rows[0]);
  }

  async saveVote(manager: EntityManager, pairId: string, voterId: string, answer: VoteAnswer, weight: number): Promise<void> {
    await manager.query(
      `INSERT INTO votes ("pairId", "voterId", answer, weight) VALUES ($1, $2, $3, $4)
       ON CONFLICT ("pairId", "voterId") DO UPDATE SET answer = EXCLUDED.answer, weight = EXCLUDED.weight, "updatedAt" = now()`,
      [pairId, voterId, answer, weight],
    );
  }

  async updatePair(manager: EntityManager, id: string, fields: Partial<ImageLabelEntity>): Promise<void> {
    await manager.getRepository<ImageLabelEntity>('ImageLabelEntity').update({ id }, fields);
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
   */
  candidates(voterId: string, userId: string | null, options: { label?: string; where?: { sql: string; params: unknown[] }; gold: boolean; limit: number }): Promise<TaskRow[]> {
    const params: unknown[] = [voterId, userId, options.label ?? null, options.gold, options.limit];
    const extra = options.where ? ` AND (${options.where.sql})` : '';
    params.push(...(options.where?.params ?? []));
    return this.dataSource.query(
      `SELECT p.id AS "pairId", i.id AS "imageId", i.slug, b.format, l.name AS label, parent.name AS parent,
              p.probability, (p.yes + p.no + p.unsure) AS votes, p.gold
         FROM image_labels p
         JOIN images i ON i.id = p."imageId" AND i."datasetState" = 'approved' AND NOT i.hidden
         JOIN blobs b ON b.sha256 = i."blobSha256"
         JOIN labels l ON l.id = p."labelId"
         LEFT JOIN labels parent ON parent.id = p."parentLabelId"
        WHERE NOT EXISTS (SELECT 1 FROM votes v WHERE v."pairId" = p.id AND v."voterId" = $1)
          AND ($2::uuid IS NULL OR i."ownerId" IS DISTINCT FROM $2::uuid)
          AND ($3::text IS NULL OR lower(l.name) = lower($3::text))
          AND ((p.gold IS NOT NULL) = $4)${extra}
        ORDER BY (p.yes + p.no) ASC, abs(COALESCE(p.probability, 0.5) - 0.5) ASC, p.id
        LIMIT $5`,
      params,
    );
  }

  pairsOfImage(imageId: string) {
    return this.dataSource.query(
      `SELECT p.id, COALESCE(l.name, s.name) AS name, parent.name AS parent, (p."suggestionId" IS NOT NULL) AS suggestion,
              p.yes, p.no, p.unsure, p.probability, p.verdict
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
