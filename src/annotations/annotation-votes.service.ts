import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { applyVote } from '../../libs/consensus/index.js';
import type { AuthContext } from '../common/auth-context.js';
import { ConfigService } from '../config/config.service.js';
import type { VoterEntity } from '../validation/voter.entity.js';
import { VotingService } from '../validation/voting.service.js';
import type { AnnotationAnswer } from './annotation-vote.entity.js';
import { type AnnotationVoteResultDto, mapValidation } from './annotations.dto.js';
import { AnnotationsRepository } from './annotations.repository.js';
import { AnnotationsService } from './annotations.service.js';
import { finishScore, type ScoreSettings, scoreVotes, stateOf } from './revision-score.js';
import { PeriodicJob } from '../common/periodic-job.js';

/**
 * Yes/no votes on one revision of a drawing, weighted exactly like label votes: the voter's effective weight
 * from validation/ (nothing in training or when flagged, the learned weights once known, the prior before).
 * When the background estimation changes voters' weights, `rescore` brings the stored votes up to date.
 */
@Injectable()
export class AnnotationVotesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AnnotationVotes');
  private readonly job = new PeriodicJob(this.logger, 'Annotation rescore failed', () => this.rescore());

  constructor(
    private readonly repo: AnnotationsRepository,
    private readonly annotations: AnnotationsService,
    private readonly voting: VotingService,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start(this.config.values.validation.recomputeSeconds);
  }

  onModuleDestroy(): Promise<void> {
    return this.job.stop();
  }

  private get settings(): ScoreSettings {
    const { priorProbability, confirmedThreshold } = this.config.values.validation;
    return { priorProbability, threshold: confirmedThreshold };
  }

  private weightOf(voter: VoterEntity, answer: AnnotationAnswer): number {
    return this.voting.effectiveWeights(voter)[answer];
  }

  async vote(auth: AuthContext | undefined, voter: VoterEntity, annotationId: string, n: number, answer: AnnotationAnswer): Promise<AnnotationVoteResultDto> {
    const annotation = await this.annotations.visible(auth, annotationId);
    const size = (await this.repo.imageSize(annotation.imageId))!;
    return this.repo.transaction(async (manager) => {
      await this.repo.lockImageStats(manager, annotation.imageId);
      const revision = await this.repo.lockRevision(manager, annotationId, n);
      if (!revision) throw new NotFoundException(`Annotation ${annotationId} has no revision ${n}`);
      if (revision.current !== n) {
        throw new ConflictException({
          message: `Revision ${n} was replaced by revision ${revision.current}; votes go to the current revision (they never carry over)`,
          currentRevision: revision.current,
        });
      }
      if (revision.authorId === voter.id) throw new ForbiddenException('You cannot validate your own drawing');
      const voterRow = await this.repo.voter(manager, voter.id);
      const weight = this.weightOf(voterRow, answer);
      const previous = await this.repo.existingVote(manager, revision.id, voter.id);
      await this.repo.saveVote(manager, revision.id, voter.id, answer, weight);
      const state = applyVote(stateOf(revision), previous ? { answer: previous.answer, weight: previous.weight } : null, { answer, weight });
      const counts = { yes: revision.yes, no: revision.no };
      if (previous) counts[previous.answer]--;
      counts[answer]++;
      const score = finishScore(state, counts, this.settings);
      await this.repo.updateScore(manager, revision.id, score);
      if ((score.verdict === 'likely_right') !== (revision.verdict === 'likely_right')) await this.annotations.refreshStats(manager, annotation.imageId, size);
      return { annotationId, revision: n, answer, replaced: !!previous, counted: weight !== 0, validation: mapValidation(score) };
    });
  }

  /**
   * Re-weights every annotation vote with its voter's current effective weight and rescores the revisions
   * whose votes changed (and the coverage of their images). Returns the number of revisions rescored.
   */
  async rescore(): Promise<number> {
    const votes = await this.repo.votesWithVoters();
    const stale = new Set(votes.filter((v) => this.weightOf(v.voter, v.answer) !== v.weight).map((v) => v.revisionId));
    for (const revisionId of stale) {
      const info = await this.repo.imageOfRevision(revisionId);
      if (!info) continue;
      const size = (await this.repo.imageSize(info.imageId))!;
      await this.repo.transaction(async (manager) => {
        await this.repo.lockImageStats(manager, info.imageId);
        const revision = await this.repo.lockRevision(manager, info.annotationId, info.revision);
        if (!revision) return;
        const fresh = await this.repo.votesWithVoters(manager, revisionId);
        const scored = fresh.map((v) => ({ ...v, next: this.weightOf(v.voter, v.answer) }));
        for (const v of scored) if (v.next !== v.weight) await this.repo.setVoteWeight(manager, v.voteId, v.next);
        const score = scoreVotes(scored.map((v) => ({ answer: v.answer, weight: v.next })), this.settings);
        await this.repo.updateScore(manager, revisionId, score);
        const flipped = (score.verdict === 'likely_right') !== (revision.verdict === 'likely_right');
        if (flipped && revision.current === revision.revision) await this.annotations.refreshStats(manager, info.imageId, size);
      });
    }
    return stale.size;
  }
}
