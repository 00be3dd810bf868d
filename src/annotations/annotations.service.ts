import { BadRequestException, ConflictException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { EntityManager } from 'typeorm';
import type { DatasetAnnotation } from '../../libs/dataset-formats/index.js';
import { coverage, type Shape } from '../../libs/geometry/index.js';
import type { AuthContext } from '../common/auth-context.js';
import { ConfigService } from '../config/config.service.js';
import { DatasetService } from '../dataset/dataset.service.js';
import { ANNOTATION_EVENTS, type AnnotationEvent } from '../events/events.js';
import type { VoterEntity } from '../validation/voter.entity.js';
import {
  type AnnotationDto,
  type AnnotationRevisionDto,
  type CreateAnnotationDto,
  mapAnnotation,
  mapRevision,
  type ReviseAnnotationDto,
} from './annotations.dto.js';
import { type AnnotationRow, AnnotationsRepository } from './annotations.repository.js';
import { consensusOf } from './consensus-view.js';
import type { ImageAnnotationsDto, LabelAnnotationsDto } from './image-annotations.dto.js';
import { checkShapes, normalizeShapes } from './shape-check.js';

/** Drawings per image–label pair: creating, revising (optimistic locking), reading, the per-image view, exports. */
@Injectable()
export class AnnotationsService {
  constructor(
    private readonly repo: AnnotationsRepository,
    private readonly dataset: DatasetService,
    private readonly config: ConfigService,
    private readonly events: EventEmitter2,
  ) {}

  async create(auth: AuthContext | undefined, voter: VoterEntity, imageId: string, dto: CreateAnnotationDto): Promise<AnnotationDto> {
    const { image, blob } = await this.dataset.visible(auth, imageId);
    if (image.datasetState !== 'approved') throw new ConflictException(`Only approved images can be annotated; this one is ${image.datasetState}`);
    const pair = await this.repo.pair(dto.pairId);
    if (!pair || pair.imageId !== imageId) throw new NotFoundException('This image has no such label (pairId)');
    if (!pair.labelId) throw new ConflictException(`"${pair.label}" is a label suggestion: it can be annotated once a moderator accepts it into the vocabulary`);
    if (pair.kind === 'meta') throw new BadRequestException(`"${pair.label}" is a metalabel (what the whole picture shows): it cannot be annotated`);
    if (pair.verdict === 'likely_wrong') throw new ConflictException(`The crowd found no ${pair.label} in this image, so there is nothing to draw`);
    const shapes = this.check(dto.shapes, blob.width, blob.height);
    const id = await this.repo.transaction(async (manager) => {
      await this.repo.lockImageStats(manager, imageId);
      const mine = await this.repo.annotationOf(manager, pair.id, voter.id);
      if (mine) {
        throw new ConflictException({
          message: `You already drew this label on this image (annotation ${mine.id}); revise it with PUT /api/annotations/${mine.id}`,
          annotationId: mine.id,
          currentRevision: mine.revision,
        });
      }
      const created = await this.repo.insertAnnotation(manager, { imageId, pairId: pair.id, annotatorId: voter.id });
      await this.repo.insertRevision(manager, { annotationId: created, revision: 1, shapes, authorId: voter.id });
      await this.refreshStats(manager, imageId, blob);
      return created;
    });
    const row = (await this.repo.find(id))!;
    this.emit(ANNOTATION_EVENTS.annotationCreated, row);
    return mapAnnotation(row);
  }

  /**
   * A new revision from the one the client edited. If someone saved another revision since, nothing is
   * written: 409 with the current revision, so the client can merge instead of overwriting it.
   */
  async revise(auth: AuthContext | undefined, voter: VoterEntity, id: string, dto: ReviseAnnotationDto): Promise<AnnotationDto> {
    const existing = await this.visible(auth, id);
    const size = (await this.repo.imageSize(existing.imageId))!;
    const shapes = this.check(dto.shapes, size.width, size.height);
    await this.repo.transaction(async (manager) => {
      await this.repo.lockImageStats(manager, existing.imageId);
      const locked = await this.repo.lockAnnotation(manager, id);
      if (!locked) throw new NotFoundException('No such annotation');
      if (locked.revision !== dto.revision) {
        const current = (await this.repo.find(id, undefined, manager))!;
        const why =
          dto.revision < locked.revision
            ? `revision ${dto.revision} is out of date: revision ${locked.revision} was saved since${current.author ? ` by ${current.author}` : ''}`
            : `revision ${dto.revision} does not exist yet; the current one is ${locked.revision}`;
        throw new ConflictException({ message: `Not saved: ${why}. Apply your change to the current revision and send revision ${locked.revision}.`, currentRevision: locked.revision, current: mapAnnotation(current) });
      }
      await this.repo.insertRevision(manager, { annotationId: id, revision: locked.revision + 1, shapes, authorId: voter.id });
      await this.repo.setCurrentRevision(manager, id, locked.revision + 1);
      await this.refreshStats(manager, existing.imageId, size);
    });
    const row = (await this.repo.find(id))!;
    this.emit(ANNOTATION_EVENTS.annotationRevised, row);
    return mapAnnotation(row);
  }

  async get(auth: AuthContext | undefined, id: string): Promise<AnnotationDto> {
    return mapAnnotation(await this.visible(auth, id));
  }

  async revisions(auth: AuthContext | undefined, id: string): Promise<AnnotationRevisionDto[]> {
    await this.visible(auth, id);
    return (await this.repo.revisions(id)).map(mapRevision);
  }

  async revision(auth: AuthContext | undefined, id: string, n: number): Promise<AnnotationRevisionDto> {
    const current = await this.visible(auth, id);
    const row = await this.repo.find(id, n);
    if (!row) throw new NotFoundException(`Annotation ${id} has no revision ${n}; its revisions are 1 to ${current.revision}`);
    return mapRevision(row);
  }

  /** Every drawing on an image, by label, optionally with each label's consensus shapes. */
  async ofImage(auth: AuthContext | undefined, imageId: string, withConsensus: boolean): Promise<ImageAnnotationsDto> {
    const { blob } = await this.dataset.visible(auth, imageId);
    const rows = await this.repo.ofImage(imageId);
    const byPair = new Map<string, AnnotationRow[]>();
    for (const row of rows) byPair.set(row.pairId, [...(byPair.get(row.pairId) ?? []), row]);
    const { consensusIou, consensusQuorum } = this.config.values.annotations;
    const labels: LabelAnnotationsDto[] = [...byPair.values()].map((group) => ({
      pairId: group[0]!.pairId,
      label: group[0]!.label,
      parent: group[0]!.parent,
      annotations: group.map(mapAnnotation),
      ...(withConsensus
        ? { consensus: consensusOf(group.map((r) => ({ annotationId: r.id, shapes: r.shapes, verdict: r.verdict })), { iouThreshold: consensusIou, quorum: consensusQuorum }) }
        : {}),
    }));
    const stats = await this.repo.stats(imageId);
    return { imageId, width: blob.width, height: blob.height, coverage: stats.coverage, numAnnotations: stats.numAnnotations, labels };
  }

  /**
   * For the export module: the current revision of each annotation of these images, by image and then by
   * image–label pair, in the writers' DatasetAnnotation form. Only validated ones unless asked.
   */
  async annotationsFor(imageIds: string[], options: { validatedOnly: boolean }): Promise<Map<string, Map<string, DatasetAnnotation[]>>> {
    const out = new Map<string, Map<string, DatasetAnnotation[]>>();
    for (const row of await this.repo.forExport(imageIds, options.validatedOnly)) {
      const pairs = out.get(row.imageId) ?? new Map<string, DatasetAnnotation[]>();
      out.set(row.imageId, pairs);
      const list = pairs.get(row.pairId) ?? [];
      pairs.set(row.pairId, list);
      list.push({ id: row.id, shapes: row.shapes, validated: row.verdict === 'likely_right', ...(row.probability === null ? {} : { probability: row.probability }) });
    }
    return out;
  }

  /** The annotation with its current revision, if the caller may see its image; 404 otherwise. */
  async visible(auth: AuthContext | undefined, id: string): Promise<AnnotationRow> {
    const row = await this.repo.find(id);
    if (!row) throw new NotFoundException('No such annotation');
    try {
      await this.dataset.visible(auth, row.imageId);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException('No such annotation');
      throw error;
    }
    return row;
  }

  /** 422 naming every broken rule with its shape index; otherwise the shapes as they will be stored. */
  private check(raw: unknown[], width: number, height: number): Shape[] {
    const { maxShapes, maxPolygonPoints } = this.config.values.annotations;
    const violations = checkShapes(raw, width, height, { maxShapes, maxPolygonPoints });
    if (violations.length > 0) {
      throw new UnprocessableEntityException({ message: violations.map((v) => v.message), violations: violations.map(({ shapeIndex, rule, message }) => ({ shapeIndex, rule, message })) });
    }
    return normalizeShapes(raw);
  }

  /** Recomputes the image's coverage and annotation count; call inside a transaction holding lockImageStats. */
  refreshStats(manager: EntityManager, imageId: string, size: { width: number; height: number }) {
    return this.repo.refreshStats(manager, imageId, (shapes) => (shapes.length === 0 ? 0 : coverage(shapes, size.width, size.height)));
  }

  private emit(name: string, row: AnnotationRow): void {
    const event: AnnotationEvent = {
      annotationId: row.id,
      imageId: row.imageId,
      pairId: row.pairId,
      label: row.label,
      revision: row.revision,
      shapes: row.shapes.length,
      author: row.author,
      occurredAt: new Date().toISOString(),
    };
    this.events.emit(name, event);
  }
}
