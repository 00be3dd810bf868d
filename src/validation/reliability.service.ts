import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ConfigService } from '../config/config.service.js';
import { OutboxService } from '../webhooks/outbox.service.js';
import { VALIDATION_ALERT_EVENT } from './voting.service.js';
import { PeriodicJob } from '../common/periodic-job.js';
import { voteTable, type VoteRow } from './estimation.js';
import { EstimationThread } from './estimation-thread.js';

const LOCK = 7_248_301_457;
/** A vote's weight under its voter's current weights (gold pairs train voters, they do not score). */
const NEW_WEIGHT = `CASE WHEN p.gold IS NOT NULL THEN 0 WHEN v.answer = 'yes' THEN vo."yesWeight" WHEN v.answer = 'no' THEN vo."noWeight" ELSE 0 END`;

export interface RecomputeStats {
  votes: number;
  voters: number;
  pairs: number;
  counted: number;
  flagged: number;
}

/**
 * The background half of the consensus: Dawid–Skene EM over every vote learns each voter's reliability (gold
 * pairs anchor it), then every pair's score is rebuilt from those weights. Votes never wait for this; between
 * runs each vote updates its pair incrementally with the weights of the last run.
 */
@Injectable()
export class ReliabilityService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Reliability');
  private readonly job = new PeriodicJob(this.logger, 'Reliability recompute failed', () => this.recompute());

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService,
    private readonly events: EventEmitter2,
    private readonly outbox: OutboxService,
    private readonly estimation: EstimationThread,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.values.validation.recomputeSeconds);
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  async recompute(): Promise<RecomputeStats> {
    const alerts: Array<Record<string, unknown>> = [];
    const stats = await this.dataSource.transaction(async (manager) => {
      // One instance at a time; the others skip this round.
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [LOCK]);
      if (!locked) return { votes: 0, voters: 0, pairs: 0, counted: 0, flagged: 0 };
      const rows: VoteRow[] = await manager.query(
        `SELECT v."pairId", v."voterId", v.answer, extract(epoch FROM v."updatedAt")::float8 AS t, p.gold
           FROM votes v JOIN image_labels p ON p.id = v."pairId" WHERE p."labelId" IS NOT NULL`,
      );
      if (rows.length === 0) return { votes: 0, voters: 0, pairs: 0, counted: 0, flagged: 0 };
      const { table, gold, voterIds } = await voteTable(rows);
      const { validation } = this.config.values;
      // EM in a worker thread: at 10^6 votes it is seconds of CPU, during which the server answered nothing.
      const result = await this.estimation.run({ table, options: { gold, voterPrior: { mean: validation.voterPriorAccuracy, strength: 4 } } });
      const before: Array<{ id: string; flag: string; counted: boolean }> = await manager.query('SELECT id, flag, counted FROM voters WHERE id = ANY($1::uuid[])', [voterIds]);
      const previous = new Map(before.map((v) => [v.id, v]));
      let counted = 0;
      let flagged = 0;
      const updates = voterIds.map((id, j) => {
        const flag = result.flag[j];
        const was = previous.get(id);
        // Votes count once a voter passed training (gold) or the estimation trusts them; never while flagged.
        const counts = (was?.counted || flag === 'trusted' || validation.trainingGold === 0) && flag !== 'suspected_spammer' && flag !== 'adversarial';
        if (counts) counted++;
        if (flag === 'suspected_spammer' || flag === 'adversarial') flagged++;
        if (was?.flag === 'trusted' && (flag === 'suspected_spammer' || flag === 'adversarial')) {
          alerts.push({ kind: 'voter_collapse', voterId: id, flag, accuracy: result.accuracy[j] });
        }
        return { id, flag, counts, yes: counts ? result.yes[j] : 0, no: counts ? result.no[j] : 0, accuracy: result.accuracy[j] };
      });
      // One statement for all voters: a query per voter held every voter's row lock (which each vote takes)
      // for seconds once there were thousands of them.
      await manager.query(
        `UPDATE voters v SET flag = u.flag, counted = u.counted, "yesWeight" = u.yes, "noWeight" = u.no, accuracy = u.accuracy, "updatedAt" = now()
           FROM unnest($1::uuid[], $2::varchar[], $3::boolean[], $4::float8[], $5::float8[], $6::float8[]) AS u(id, flag, counted, yes, no, accuracy)
          WHERE v.id = u.id`,
        [updates.map((u) => u.id), updates.map((u) => u.flag), updates.map((u) => u.counts), updates.map((u) => u.yes), updates.map((u) => u.no), updates.map((u) => u.accuracy)],
      );
      for (const a of alerts) {
        const detail = `voter now ${a.flag} (accuracy ${(a.accuracy as number).toFixed(2)})`;
        await manager.query(`INSERT INTO validation_alerts (kind, "voterId", detail) VALUES ('voter_collapse', $1, $2)`, [a.voterId, detail]);
        await this.outbox.record(manager, 'validation.alert', {
          kind: 'spam_burst',
          severity: 'warning',
          message: `A trusted voter's reliability collapsed: ${detail}`,
          imageId: null,
          label: null,
          userId: null,
          details: { voterId: a.voterId, flag: a.flag },
        });
      }
      await this.rescore(manager, validation.priorProbability, validation.confirmedThreshold);
      return { votes: rows.length, voters: voterIds.length, pairs: gold.length, counted, flagged };
    });
    for (const a of alerts) this.events.emit(VALIDATION_ALERT_EVENT, { ...a, occurredAt: new Date().toISOString() });
    return stats;
  }

  /**
   * Every vote takes its voter's current weight; every pair's score is rebuilt from its votes. Only rows whose
   * value changes are written (weights within 1e-12 count as unchanged: the estimation's float sums vary in the
   * last bits from run to run): rewriting every vote and pair locked all of them, so votes queued behind this
   * transaction for seconds once there were 10^6 votes.
   */
  private async rescore(manager: EntityManager, prior: number, threshold: number): Promise<void> {
    await manager.query(
      `UPDATE votes v SET weight = ${NEW_WEIGHT} FROM voters vo, image_labels p
        WHERE vo.id = v."voterId" AND p.id = v."pairId" AND abs(v.weight - ${NEW_WEIGHT}) > 1e-12`,
    );
    await manager.query(
      `UPDATE image_labels p SET "weightSum" = n.total, informative = n.informative, probability = n.probability, verdict = n.verdict
         FROM (SELECT s.*, CASE WHEN p2.gold IS TRUE THEN 'likely_right' WHEN p2.gold IS FALSE THEN 'likely_wrong'
                                WHEN s.informative = 0 THEN 'unknown'
                                WHEN s.probability >= $2::float8 THEN 'likely_right'
                                WHEN s.probability <= 1 - $2::float8 THEN 'likely_wrong'
                                ELSE 'uncertain' END AS verdict
                 FROM (SELECT "pairId", COALESCE(sum(weight), 0) AS total, count(*) FILTER (WHERE answer <> 'unsure' AND weight <> 0)::int AS informative,
                              CASE WHEN count(*) FILTER (WHERE answer <> 'unsure' AND weight <> 0) > 0
                                   THEN 1 / (1 + exp(-(ln($1::float8 / (1 - $1::float8)) + COALESCE(sum(weight), 0)))) END AS probability
                         FROM votes GROUP BY "pairId") s
                 JOIN image_labels p2 ON p2.id = s."pairId") n
        WHERE n."pairId" = p.id
          AND (abs(p."weightSum" - n.total) > 1e-12 OR p.informative <> n.informative OR p.verdict <> n.verdict
               OR (p.probability IS NULL) <> (n.probability IS NULL) OR abs(p.probability - n.probability) > 1e-12)`,
      [prior, threshold],
    );
  }
}
