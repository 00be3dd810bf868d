import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import { applyVote, pairProbability, pairVerdict, priorWeight, type PairScore, type ScoredVote } from '../../libs/consensus/index.js';
import { ConfigService } from '../config/config.service.js';
import type { VoteAnswer } from './vote.entity.js';
import type { VoterEntity } from './voter.entity.js';
import { OutboxService } from '../webhooks/outbox.service.js';
import { type PairRow, type PairUpdate, ValidationRepository } from './validation.repository.js';

export const VALIDATION_ALERT_EVENT = 'validation.alert';

export interface Voter {
  id: string;
  userId: string | null;
}

export interface VoteOutcome {
  pairId: string;
  answer: VoteAnswer;
  replaced: boolean;
  /** Whether the vote moved the pair (false while the voter is in training, and for unsure votes). */
  counted: boolean;
}

/**
 * One vote, in one transaction with the pair's counters and score: the pair row is locked, so concurrent votes
 * on a pair queue up and the counters stay exact; a repeated vote replaces the earlier one.
 */
@Injectable()
export class VotingService {
  constructor(
    private readonly repo: ValidationRepository,
    private readonly config: ConfigService,
    private readonly events: EventEmitter2,
    private readonly outbox: OutboxService,
  ) {}

  /** Marks a pair as gold (true: the label is right, false: wrong) or unmarks it (null); 404 for no such pair. */
  async setGold(pairId: string, gold: boolean | null): Promise<void> {
    const result = await this.repo.setGold(pairId, gold);
    if (result === 'missing') throw new NotFoundException('No such pair');
    if (result === 'suggestion') throw new ConflictException('A suggested label is not voted on until it is accepted, so it cannot be a gold pair');
  }

  /** A moderator has looked at an alert: it leaves the open list (and the dashboard's count). */
  async resolveAlert(id: string): Promise<void> {
    const result = await this.repo.resolveAlert(id);
    if (result === 'missing') throw new NotFoundException('No such alert');
    if (result === 'already') throw new ConflictException('This alert is resolved already');
  }

  async vote(voter: Voter, pairId: string, answer: VoteAnswer): Promise<VoteOutcome> {
    const alerts: Array<Record<string, unknown>> = [];
    const outcome = await this.repo.transaction(async (manager) => {
      // The voter before the pair: the background recompute locks every voter before it writes pairs, so a
      // vote that held its pair while waiting for its voter deadlocked with it (a 500 under load). Two
      // statements, not one: the earlier vote must be read with a snapshot taken after the voter lock is held
      // (a single statement reads it as of its start, missing a concurrent request's vote by the same voter).
      const voterRow = await this.repo.lockVoter(manager, voter.id);
      const pair = await this.repo.lockPair(manager, pairId, voter.id);
      if (!pair || pair.datasetState !== 'approved' || pair.hidden || !pair.labelId) throw new NotFoundException('No such image–label pair to validate');
      if (voter.userId && pair.ownerId === voter.userId) throw new ForbiddenException('You cannot validate labels on your own donation');
      const previous: ScoredVote | null = pair.previousAnswer ? { answer: pair.previousAnswer, weight: pair.previousWeight ?? 0 } : null;
      const gold = pair.gold !== null;
      if (gold && !previous && answer !== 'unsure') await this.scoreGold(manager, voterRow, answer === 'yes' ? pair.gold! : !pair.gold!);
      const weights = this.effectiveWeights(voterRow);
      const asRegular = answer === 'unsure' ? 0 : answer === 'yes' ? weights.yes : weights.no;
      const weight = gold ? 0 : asRegular;
      const before: PairScore = { weightSum: pair.weightSum, answered: pair.yes + pair.no, informative: pair.informative, unsure: pair.unsure };
      const state = applyVote(before, previous, { answer, weight });
      const counts = { yes: pair.yes, no: pair.no, unsure: pair.unsure };
      if (previous) counts[previous.answer]--;
      counts[answer]++;
      const { fields, alert } = await this.scorePair(manager, pair, state, counts);
      await this.repo.saveVote(manager, { pairId, voterId: voter.id, answer, weight }, fields);
      if (alert) alerts.push(alert);
      // As for a regular pair: a gold pair answered "not counted" would tell a voter which pairs are gold.
      return { pairId, answer, replaced: !!previous, counted: asRegular !== 0 };
    });
    for (const alert of alerts) this.events.emit(VALIDATION_ALERT_EVENT, alert);
    return outcome;
  }

  /**
   * What this voter's answers weigh now: nothing in training or when flagged; the learned weights once the
   * estimation knows them; the prior's until then. With trainingGold 0 there is no training phase.
   * Public: annotation votes (annotations/) are weighted by the same rule.
   */
  effectiveWeights(voter: VoterEntity): { yes: number; no: number } {
    const { trainingGold, voterPriorAccuracy } = this.config.values.validation;
    if (voter.flag === 'suspected_spammer' || voter.flag === 'adversarial') return { yes: 0, no: 0 };
    if (!voter.counted && trainingGold > 0) return { yes: 0, no: 0 };
    if (voter.accuracy !== null && voter.counted) return { yes: voter.yesWeight, no: voter.noWeight };
    return priorWeight(voterPriorAccuracy);
  }

  /** Gold answers train the voter: enough right ones and their votes start to count. */
  private async scoreGold(manager: EntityManager, voter: VoterEntity, correct: boolean): Promise<void> {
    const { trainingGold, trainingAccuracy } = this.config.values.validation;
    const goldAnswered = voter.goldAnswered + 1;
    const goldCorrect = voter.goldCorrect + (correct ? 1 : 0);
    const passes = goldAnswered >= trainingGold && goldCorrect / goldAnswered >= trainingAccuracy;
    const fields: Partial<VoterEntity> = { goldAnswered, goldCorrect, counted: voter.counted || passes };
    await this.repo.updateVoter(manager, voter.id, fields);
    Object.assign(voter, fields);
  }

  /** The pair's new counters, score and alert window; records a swing alert (and its outbox event) if the vote caused one. */
  private async scorePair(manager: EntityManager, pair: PairRow, state: PairScore, counts: { yes: number; no: number; unsure: number }): Promise<{ fields: PairUpdate; alert?: Record<string, unknown> }> {
    const { priorProbability, alertSwing, alertWindowSeconds, confirmedThreshold } = this.config.values.validation;
    const probability = state.informative > 0 ? pairProbability(state, priorProbability) : null;
    const verdict = pair.gold !== null ? (pair.gold ? 'likely_right' : 'likely_wrong') : pairVerdict(state, priorProbability, { right: confirmedThreshold, wrong: 1 - confirmedThreshold });
    const now = new Date();
    let baselineProbability = pair.baselineProbability;
    let baselineAt = pair.baselineAt;
    let alert: Record<string, unknown> | undefined;
    if (probability !== null) {
      const expired = !baselineAt || now.getTime() - new Date(baselineAt).getTime() > alertWindowSeconds * 1000;
      if (baselineProbability === null || expired) {
        baselineProbability = probability;
        baselineAt = now;
      } else if (Math.abs(probability - baselineProbability) > alertSwing) {
        const detail = `probability moved from ${baselineProbability.toFixed(2)} to ${probability.toFixed(2)} within ${alertWindowSeconds} s`;
        const id = await this.repo.alert(manager, 'probability_swing', detail, { pairId: pair.id });
        await this.outbox.record(manager, 'validation.alert', {
          kind: 'rapid_change',
          severity: 'warning',
          message: detail,
          imageId: pair.imageId,
          label: null,
          userId: null,
          details: { pairId: pair.id, from: baselineProbability, to: probability, alertId: id },
        });
        alert = { alertId: id, kind: 'probability_swing', pairId: pair.id, imageId: pair.imageId, from: baselineProbability, to: probability, occurredAt: now.toISOString() };
        // One swing, one alert: the window restarts from here.
        baselineProbability = probability;
        baselineAt = now;
      }
    }
    const fields: PairUpdate = {
      ...counts,
      informative: state.informative,
      weightSum: state.weightSum,
      probability,
      verdict,
      baselineProbability,
      baselineAt: baselineAt === null ? null : new Date(baselineAt),
    };
    return { fields, alert };
  }
}
