import { Injectable } from '@nestjs/common';
import { goldRate, rankTasks, serveGold, type VoterFlag } from '../../libs/consensus/index.js';
import { ConfigService } from '../config/config.service.js';
import { compileDatasetQuery } from '../search/dataset-query.js';
import type { StoredFormat } from '../uploads/formats.js';
import { imageLinks } from '../uploads/links.js';
import type { ValidationTaskDto } from './validation.dto.js';
import { type TaskRow, ValidationRepository } from './validation.repository.js';
import type { VoterEntity } from './voter.entity.js';

const POOL = 200;

/** The next pairs for a voter: unseen, not their own, most informative first, with gold mixed in for trainees. */
@Injectable()
export class TasksService {
  constructor(
    private readonly repo: ValidationRepository,
    private readonly config: ConfigService,
  ) {}

  async next(voter: VoterEntity, options: { query?: string; label?: string; count: number }, base: string): Promise<ValidationTaskDto[]> {
    const where = options.query
      ? compileDatasetQuery(options.query, { imageAlias: 'i', usedParams: 5, threshold: this.config.values.validation.confirmedThreshold })
      : undefined;
    const find = (gold: boolean, limit: number) => this.repo.candidates(voter.id, voter.userId, { label: options.label, where, gold, limit });
    const regular = await find(false, POOL);
    const ranked = rankTasks(
      regular.map((r, pair) => ({ pair, probability: r.probability ?? this.config.values.validation.priorProbability, votes: Number(r.votes) })),
      options.count,
    ).map((c) => regular[c.pair]);
    // A voter in training gets gold pairs (known answers) first; later ones see gold at the rate their
    // standing calls for, in random slots so gold cannot be told apart.
    const { trainingGold } = this.config.values.validation;
    const inTraining = trainingGold > 0 && !voter.counted;
    const rate = goldRate(voter.flag as VoterFlag, voter.goldAnswered);
    const goldWanted = inTraining || ranked.length === 0 ? options.count : Array.from({ length: options.count }, () => serveGold(rate, Math.random())).filter(Boolean).length;
    const gold = goldWanted ? await find(true, goldWanted) : [];
    const tasks: TaskRow[] = [...ranked.slice(0, options.count - gold.length)];
    if (inTraining) tasks.unshift(...gold);
    else for (const g of gold) tasks.splice(Math.floor(Math.random() * (tasks.length + 1)), 0, g);
    const thumb = this.config.values.variants.thumbnailSize;
    return tasks.slice(0, options.count).map((t) => {
      const links = imageLinks(base, t.slug, t.format as StoredFormat, thumb);
      return {
        pairId: t.pairId,
        imageId: t.imageId,
        label: t.label,
        parent: t.parent,
        question: t.parent ? `Is there a ${t.label} of the ${t.parent} in this image?` : `Is there a ${t.label} in this image?`,
        imageUrl: links.rawUrl,
        thumbnailUrl: links.thumbnailUrl,
      };
    });
  }
}
