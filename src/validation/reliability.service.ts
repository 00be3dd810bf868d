import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ConfigService } from '../config/config.service.js';
import { withSessionLock } from '../database/session-lock.js';
import { OutboxService } from '../webhooks/outbox.service.js';
import { VALIDATION_ALERT_EVENT } from './voting.service.js';
import { PeriodicJob } from '../common/periodic-job.js';
import { voteTable, type VoterEstimates } from './estimation.js';
import { EstimationThread } from './estimation-thread.js';
import { ReliabilityRepository, type VoterUpdate } from './reliability.repository.js';

const LOCK = 7_248_301_457;
const NONE: RecomputeStats = { votes: 0, voters: 0, pairs: 0, counted: 0, flagged: 0 };

export interface RecomputeStats {
  votes: number;
  voters: number;
  pairs: number;
  counted: number;
  flagged: number;
}

/**
 * The background half of the consensus: Dawid–Skene EM over every vote learns each voter's reliability (gold
 * pairs anchor it), then every pair's score is rebuilt from those weights. Votes never wait for more than one
 * short batch of this; between runs each vote updates its pair incrementally with the weights of the last run.
 */
@Injectable()
export class ReliabilityService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Reliability');
  private readonly job = new PeriodicJob(this.logger, 'Reliability recompute failed', () => this.recompute());
  /** The session lock keeps other instances out; this keeps a second run of this one out (the embedded database has no other guard). */
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repo: ReliabilityRepository,
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
    if (this.running) return NONE;
    this.running = true;
    try {
      // One instance at a time; the others skip this round.
      return (await withSessionLock(this.dataSource, LOCK, () => this.run())) ?? NONE;
    } finally {
      this.running = false;
    }
  }

  private async run(): Promise<RecomputeStats> {
    const rows = await this.repo.votes();
    if (rows.length === 0) return NONE;
    const { table, gold, voterIds } = await voteTable(rows);
    const { validation } = this.config.values;
    // EM in a worker thread: at 10^6 votes it is seconds of CPU, during which the server answered nothing.
    const result = await this.estimation.run({ table, options: { gold, voterPrior: { mean: validation.voterPriorAccuracy, strength: 4 } } });
    const stats = { votes: rows.length, voters: voterIds.length, pairs: gold.length, counted: 0, flagged: 0 };
    const votesOf = new Map<string, number>();
    for (const row of rows) votesOf.set(row.voterId, (votesOf.get(row.voterId) ?? 0) + 1);
    const { recomputeBatchVotes: budget, priorProbability: prior, confirmedThreshold: threshold } = validation;
    // Batches of voters with about `budget` votes between them, each its own transaction: a vote waits for one
    // batch at most (one transaction over all voters held every vote up for seconds at 10^6 votes).
    for (const batch of batches(voterIds.length, (j) => votesOf.get(voterIds[j]) ?? 0, budget)) {
      // On the embedded database a query completes without leaving the event loop, so back-to-back batches
      // starved every request (timers, sockets) until the last: each batch goes in a turn of its own.
      await yieldToEventLoop();
      const alerts = await this.repo.transaction((manager) => this.writeVoters(manager, batch, voterIds, result, stats));
      for (const a of alerts) this.events.emit(VALIDATION_ALERT_EVENT, { ...a, occurredAt: new Date().toISOString() });
    }
    // What the deltas left behind (float drift, a gold flag or setting changed): rebuilt from the votes.
    const stale = await this.repo.stalePairs(prior, threshold);
    for (const batch of batches(stale.length, (k) => stale[k].votes, budget)) {
      await yieldToEventLoop();
      await this.repo.transaction((manager) => this.repo.rescore(manager, batch.map((k) => stale[k].pairId), prior, threshold));
    }
    return stats;
  }

  /** One batch: the voters' new reliabilities, their votes' weights and the pairs those move; returns the alerts to emit. */
  private async writeVoters(manager: EntityManager, batch: number[], voterIds: string[], result: VoterEstimates, stats: RecomputeStats): Promise<Array<Record<string, unknown>>> {
    const { trainingGold, priorProbability, confirmedThreshold } = this.config.values.validation;
    const previous = new Map((await this.repo.lockVoters(manager, batch.map((j) => voterIds[j]))).map((v) => [v.id, v]));
    const alerts: Array<Record<string, unknown>> = [];
    const updates: VoterUpdate[] = [];
    for (const j of batch) {
      const id = voterIds[j];
      const was = previous.get(id);
      if (!was) continue; // deleted since the votes were read
      const flag = result.flag[j];
      const bad = flag === 'suspected_spammer' || flag === 'adversarial';
      // Votes count once a voter passed training (gold) or the estimation trusts them; never while flagged.
      const counts = (was.counted || flag === 'trusted' || trainingGold === 0) && !bad;
      if (counts) stats.counted++;
      if (bad) stats.flagged++;
      if (was.flag === 'trusted' && bad) alerts.push({ kind: 'voter_collapse', voterId: id, flag, accuracy: result.accuracy[j] });
      updates.push({ id, flag, counts, yes: counts ? result.yes[j] : 0, no: counts ? result.no[j] : 0, accuracy: result.accuracy[j] });
    }
    if (updates.length === 0) return alerts;
    await this.repo.updateVoters(manager, updates);
    for (const a of alerts) await this.recordCollapse(manager, a);
    await this.repo.reweigh(manager, updates.map((u) => u.id), priorProbability, confirmedThreshold);
    return alerts;
  }

  private async recordCollapse(manager: EntityManager, a: Record<string, unknown>): Promise<void> {
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
}

/** Splits the indices 0..count-1, in order, into runs whose sizes add up to at most `budget` (or one index). */
export function* batches(count: number, size: (index: number) => number, budget: number): Generator<number[]> {
  let batch: number[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (batch.length > 0 && total + size(i) > budget) {
      yield batch;
      batch = [];
      total = 0;
    }
    batch.push(i);
    total += size(i);
  }
  if (batch.length > 0) yield batch;
}
