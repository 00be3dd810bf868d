import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { VoteRow } from './estimation.js';

/** A vote's weight under its voter's current weights (gold pairs train voters, they do not score). */
const NEW_WEIGHT = `CASE WHEN p.gold IS NOT NULL THEN 0 WHEN v.answer = 'yes' THEN vo."yesWeight" WHEN v.answer = 'no' THEN vo."noWeight" ELSE 0 END`;
/**
 * A pair's probability from its weight sum and informative votes ($1: the prior probability). The logistic
 * function as libs/consensus computes it, its argument clamped: PostgreSQL's exp() raises an error where
 * JavaScript's gives Infinity or 0 (a thousand agreeing votes on a pair overflowed it).
 */
const probability = (total: string, informative: string) => {
  const z = `least(greatest(ln($1::float8 / (1 - $1::float8)) + ${total}, -700), 700)`;
  return `CASE WHEN ${informative} > 0 THEN CASE WHEN ${z} >= 0 THEN 1 / (1 + exp(-${z})) ELSE exp(${z}) / (1 + exp(${z})) END END`;
};
/** A pair's verdict ($2: the confirmed threshold); gold pairs keep theirs. */
const verdict = (gold: string, informative: string, prob: string) =>
  `CASE WHEN ${gold} IS TRUE THEN 'likely_right' WHEN ${gold} IS FALSE THEN 'likely_wrong' WHEN ${informative} = 0 THEN 'unknown'
        WHEN ${prob} >= $2::float8 THEN 'likely_right' WHEN ${prob} <= 1 - $2::float8 THEN 'likely_wrong' ELSE 'uncertain' END`;
/** Each pair's score rebuilt from its votes rows ($3, when given: only these pairs). */
const fromVotes = (only: boolean) => `
  SELECT s.*, ${verdict('p2.gold', 's.informative', 's.probability')} AS verdict
    FROM (SELECT "pairId", COALESCE(sum(weight), 0) AS total, count(*)::int AS votes,
                 count(*) FILTER (WHERE answer <> 'unsure' AND weight <> 0)::int AS informative,
                 ${probability('COALESCE(sum(weight), 0)', `count(*) FILTER (WHERE answer <> 'unsure' AND weight <> 0)`)} AS probability
            FROM votes ${only ? 'WHERE "pairId" = ANY($3::uuid[])' : ''} GROUP BY "pairId") s
    JOIN image_labels p2 ON p2.id = s."pairId"`;
const DIFFERS = `abs(p."weightSum" - n.total) > 1e-12 OR p.informative <> n.informative OR p.verdict <> n.verdict
  OR (p.probability IS NULL) <> (n.probability IS NULL) OR abs(p.probability - n.probability) > 1e-12`;

export interface VoterUpdate {
  id: string;
  flag: string;
  counts: boolean;
  yes: number;
  no: number;
  accuracy: number;
}

/**
 * The background estimation's reads and writes. Its writes come in short transactions of a few voters or
 * pairs each: votes lock their voter, then their pair, so one transaction over every voter held every vote up
 * for seconds at 10^6 votes.
 */
@Injectable()
export class ReliabilityRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  votes(): Promise<VoteRow[]> {
    return this.dataSource.query(
      `SELECT v."pairId", v."voterId", v.answer, extract(epoch FROM v."updatedAt")::float8 AS t, p.gold
         FROM votes v JOIN image_labels p ON p.id = v."pairId" WHERE p."labelId" IS NOT NULL`,
    );
  }

  /** Locks the voters (the order votes take them in: voter, then pair) and reads what the estimation keeps. */
  lockVoters(manager: EntityManager, ids: string[]): Promise<Array<{ id: string; flag: string; counted: boolean }>> {
    return manager.query('SELECT id, flag, counted FROM voters WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
  }

  async updateVoters(manager: EntityManager, updates: VoterUpdate[]): Promise<void> {
    await manager.query(
      `UPDATE voters v SET flag = u.flag, counted = u.counted, "yesWeight" = u.yes, "noWeight" = u.no, accuracy = u.accuracy, "updatedAt" = now()
         FROM unnest($1::uuid[], $2::varchar[], $3::boolean[], $4::float8[], $5::float8[], $6::float8[]) AS u(id, flag, counted, yes, no, accuracy)
        WHERE v.id = u.id`,
      [updates.map((u) => u.id), updates.map((u) => u.flag), updates.map((u) => u.counts), updates.map((u) => u.yes), updates.map((u) => u.no), updates.map((u) => u.accuracy)],
    );
  }

  /**
   * Gives these (locked) voters' votes their current weights and moves each affected pair by the difference,
   * then rescores those pairs. Weights within 1e-12 count as unchanged (the estimation's float sums vary in the
   * last bits from run to run). The pair update adds a delta to the pair row as it is when locked, so a vote
   * by another voter committed meanwhile is kept; this voter's votes cannot change, the caller holds the voter.
   */
  async reweigh(manager: EntityManager, voterIds: string[], prior: number, threshold: number): Promise<number> {
    const pairs: Array<{ id: string }> = await manager.query(
      `WITH c AS (
         SELECT v."pairId", v."voterId", v.answer, v.weight AS old, ${NEW_WEIGHT} AS new
           FROM votes v JOIN voters vo ON vo.id = v."voterId" JOIN image_labels p ON p.id = v."pairId"
          WHERE v."voterId" = ANY($1::uuid[]) AND abs(v.weight - ${NEW_WEIGHT}) > 1e-12),
       -- The voterId condition again, so that the update goes by IDX_votes_voter whatever the planner
       -- guesses for the CTE's rows.
       w AS (UPDATE votes v SET weight = c.new FROM c
              WHERE v."voterId" = ANY($1::uuid[]) AND v."pairId" = c."pairId" AND v."voterId" = c."voterId"),
       d AS (SELECT "pairId", sum(new - old) AS delta,
                    (count(*) FILTER (WHERE answer <> 'unsure' AND new <> 0) - count(*) FILTER (WHERE answer <> 'unsure' AND old <> 0))::int AS informative
               FROM c GROUP BY "pairId")
       UPDATE image_labels p SET "weightSum" = p."weightSum" + d.delta, informative = p.informative + d.informative
         FROM d WHERE p.id = d."pairId" RETURNING p.id`,
      [voterIds],
    );
    if (pairs.length > 0) await this.scoreStored(manager, pairs.map((p) => p.id), prior, threshold);
    return pairs.length;
  }

  /** Probability and verdict from the (locked) pairs' stored weight sum and informative count. */
  private async scoreStored(manager: EntityManager, pairIds: string[], prior: number, threshold: number): Promise<void> {
    await manager.query(
      `UPDATE image_labels p SET probability = n.probability, verdict = ${verdict('p.gold', 'p.informative', 'n.probability')}
         FROM (SELECT id, ${probability('"weightSum"', 'informative')} AS probability FROM image_labels WHERE id = ANY($3::uuid[])) n
        WHERE p.id = n.id`,
      [prior, threshold, pairIds],
    );
  }

  /**
   * Pairs whose stored score differs from the one their votes give (float drift of the incremental updates,
   * a changed gold flag or setting), with their vote counts. Reads only: it locks nothing.
   */
  stalePairs(prior: number, threshold: number): Promise<Array<{ pairId: string; votes: number }>> {
    return this.dataSource.query(
      `SELECT n."pairId", n.votes FROM (${fromVotes(false)}) n JOIN image_labels p ON p.id = n."pairId" WHERE ${DIFFERS} ORDER BY n."pairId"`,
      [prior, threshold],
    );
  }

  /**
   * Rebuilds these pairs' scores from their votes. The pairs are locked first (in id order; the caller holds no
   * voter): a vote writes its row and its pair's counters together under the pair lock, so the votes read after
   * that are exactly the ones the pair has counted.
   */
  async rescore(manager: EntityManager, pairIds: string[], prior: number, threshold: number): Promise<void> {
    await manager.query('SELECT id FROM image_labels WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [pairIds]);
    await manager.query(
      `UPDATE image_labels p SET "weightSum" = n.total, informative = n.informative, probability = n.probability, verdict = n.verdict
         FROM (${fromVotes(true)}) n
        WHERE n."pairId" = p.id AND (${DIFFERS})`,
      [prior, threshold, pairIds],
    );
  }
}
