import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { AuthContext } from '../common/auth-context.js';
import { ConfigService } from '../config/config.service.js';
import { DatasetService } from '../dataset/dataset.service.js';
import { compileDatasetQuery } from '../search/dataset-query.js';
import type { StoredFormat } from '../uploads/formats.js';
import { imageLinks } from '../uploads/links.js';
import type { VoterEntity } from '../validation/voter.entity.js';
import type { TaskAnswer } from './annotation-task-answer.entity.js';
import type { AnnotationTaskDto, TaskAnswerResultDto } from './annotations.dto.js';
import { AnnotationTasksRepository } from './annotation-tasks.repository.js';
import { AnnotationsRepository } from './annotations.repository.js';

/** The annotation queue: which pair to draw next, and the "skip" / "not annotatable" answers that shape it. */
@Injectable()
export class AnnotationTasksService {
  constructor(
    private readonly repo: AnnotationTasksRepository,
    private readonly annotations: AnnotationsRepository,
    private readonly dataset: DatasetService,
    private readonly config: ConfigService,
  ) {}

  /** The next pair for this voter to draw, or null when none is left (see AnnotationTasksRepository.nextTask). */
  async next(voter: VoterEntity, options: { query?: string; label?: string }, base: string): Promise<AnnotationTaskDto | null> {
    const threshold = this.config.values.validation.confirmedThreshold;
    const where = options.query ? compileDatasetQuery(options.query, { imageAlias: 'i', usedParams: 5, threshold }) : undefined;
    const { drawingsPerPair, notAnnotatableThreshold } = this.config.values.annotations;
    const task = await this.repo.nextTask(voter.id, { threshold, drawingsPerPair, notAnnotatable: notAnnotatableThreshold, label: options.label, where });
    if (!task) return null;
    const links = imageLinks(base, task.slug, task.format as StoredFormat, this.config.values.variants.thumbnailSize);
    const what = task.parent ? `${task.label} of the ${task.parent}` : task.label;
    return {
      pairId: task.pairId,
      imageId: task.imageId,
      label: task.label,
      parent: task.parent,
      instruction: `Draw every ${what} in this image.`,
      imageUrl: links.rawUrl,
      thumbnailUrl: links.thumbnailUrl,
      width: task.width,
      height: task.height,
      drawings: task.drawings,
    };
  }

  /** Records "skip" or "not annotatable" for this voter (replacing their earlier answer on the pair). */
  async answer(auth: AuthContext | undefined, voter: VoterEntity, pairId: string, answer: TaskAnswer): Promise<TaskAnswerResultDto> {
    const pair = await this.annotations.pair(pairId);
    if (!pair) throw new NotFoundException('No such image–label pair');
    try {
      await this.dataset.visible(auth, pair.imageId);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException('No such image–label pair');
      throw error;
    }
    if (pair.kind === 'meta') throw new BadRequestException(`"${pair.label}" is a metalabel: it is never an annotation task`);
    const notAnnotatable = await this.repo.transaction((manager) => this.repo.answerTask(manager, pairId, voter.id, answer));
    return { pairId, answer, notAnnotatable };
  }
}
