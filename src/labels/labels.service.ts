import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { validateLabelName } from '../../libs/vocabulary/index.js';
import type { AuthContext } from '../common/auth-context.js';
import { roleAtLeast } from '../common/roles.js';
import { ConfigService } from '../config/config.service.js';
import { UploadsRepository } from '../uploads/uploads.repository.js';
import type {
  AcceptSuggestionDto,
  ImageLabelDto,
  LabelDetailDto,
  LabelRefDto,
  LabelSearchQueryDto,
  LabelSummaryDto,
  SuggestionPageDto,
  SuggestionQueryDto,
  SuggestionResultDto,
} from './labels.dto.js';
import { OutboxService } from '../webhooks/outbox.service.js';
import { LabelsRepository } from './labels.repository.js';

export interface CheckedLabel {
  name: string;
  of?: string;
}

@Injectable()
export class LabelsService {
  constructor(
    private readonly labels: LabelsRepository,
    private readonly images: UploadsRepository,
    private readonly config: ConfigService,
    private readonly outbox: OutboxService,
  ) {}

  async search(query: LabelSearchQueryDto): Promise<LabelSummaryDto[]> {
    const rows = await this.labels.search(query.search ?? '', {
      language: query.lang,
      kind: query.kind,
      includeRetired: query.includeRetired ?? false,
      limit: query.limit ?? 20,
    });
    return rows.map(({ id, name, kind, description, retired, matched, language }) => ({
      id,
      name,
      kind: kind as LabelSummaryDto['kind'],
      description,
      retired,
      matched,
      language,
    }));
  }

  async detail(name: string): Promise<LabelDetailDto> {
    const label = (await this.labels.findByName(name)) ?? (await this.labels.resolveNames([name])).get(name.toLowerCase());
    if (!label) throw new NotFoundException(`No label "${name}"`);
    const [terms, children, parts, [{ n }]] = await this.labels.detail(label.id);
    const parent = label.parentId ? await this.labels.findById(label.parentId) : null;
    return {
      id: label.id,
      name: label.name,
      kind: label.kind,
      description: label.description,
      plural: label.plural,
      parent: parent?.name ?? null,
      children: children.map((c) => c.name),
      parts: parts.map((p) => p.name),
      terms,
      origin: label.origin,
      retired: label.retired,
      images: n,
    };
  }

  /** Validates names up front (400 for empty, too long or punctuation-only), before anything is stored. */
  check(refs: LabelRefDto[]): CheckedLabel[] {
    return refs.map((ref) => {
      const name = validateLabelName(ref.label);
      if (!name.ok) throw new BadRequestException(`Label "${ref.label.slice(0, 80)}": ${name.reason}`);
      if (ref.of === undefined) return { name: name.name };
      const of = validateLabelName(ref.of);
      if (!of.ok) throw new BadRequestException(`Label "${ref.of.slice(0, 80)}": ${of.reason}`);
      return { name: name.name, of: of.name };
    });
  }

  /** Who may label an image: its donor (pending or approved), anyone signed-in once approved, moderators always. */
  async labelImage(auth: AuthContext, imageId: string, refs: LabelRefDto[]): Promise<ImageLabelDto[]> {
    const checked = this.check(refs);
    const found = await this.images.findById(imageId);
    const image = found?.image;
    const moderator = roleAtLeast(auth.user.role, 'moderator');
    const visible = image?.datasetState && (moderator || image.datasetState === 'approved' || (image.ownerId === auth.user.id && image.datasetState === 'pending'));
    if (!image || !visible || (image.hidden && !moderator)) throw new NotFoundException('No such dataset image');
    await this.labels.transaction((manager) => this.attach(manager, imageId, checked, auth.user.id));
    return this.pairs(imageId);
  }

  /**
   * Attaches each label: known names (any language, synonyms too) become pairs with the label; unknown ones
   * become suggestions (with a usage count) instead of errors. A part must be a declared part of its whole.
   */
  async attach(manager: EntityManager, imageId: string, labels: CheckedLabel[], actorId: string | null): Promise<void> {
    const known = await this.labels.resolveNames(labels.flatMap((l) => (l.of ? [l.name, l.of] : [l.name])), manager);
    for (const { name, of } of labels) {
      let parentLabelId: string | null = null;
      if (of) {
        const whole = known.get(of.toLowerCase());
        const part = known.get(name.toLowerCase());
        if (!whole) throw new BadRequestException(`"${of}" is not a label of the vocabulary, so it has no parts yet`);
        if (!part || !(await this.labels.isPartOf(manager, whole.id, part.id))) {
          throw new BadRequestException(`"${name}" is not a part of "${whole.name}"`);
        }
        parentLabelId = whole.id;
      }
      const label = known.get(name.toLowerCase());
      let suggestionId: string | null = null;
      if (!label) {
        const { suggestion, created } = await this.labels.suggestion(manager, name, actorId);
        suggestionId = suggestion.id;
        if (created) await this.outbox.record(manager, 'label.suggested', { suggestionId, label: suggestion.name, imageId, userId: actorId, userName: null });
      }
      await this.labels.attach(manager, { imageId, labelId: label?.id ?? null, suggestionId, parentLabelId, addedById: actorId });
    }
  }

  async pairs(imageId: string): Promise<ImageLabelDto[]> {
    return (await this.labels.pairsOf(imageId)).map(({ id, name, suggestion, parent }) => ({ id, name, suggestion, parent }));
  }

  async suggestions(query: SuggestionQueryDto): Promise<SuggestionPageDto> {
    const limit = query.limit ?? 100;
    const offset = query.cursor ? Number(Buffer.from(query.cursor, 'base64url').toString()) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0 || offset > 2_147_483_647) throw new BadRequestException('cursor is not a cursor this server handed out');
    const rows = await this.labels.suggestions(query.state ?? 'open', offset, limit + 1);
    const threshold = this.config.values.dataset.trendingThreshold;
    return {
      items: rows.slice(0, limit).map((r) => ({ id: r.id, name: r.name, state: r.state, usage: r.usage, trending: r.usage >= threshold })),
      nextCursor: rows.length > limit ? Buffer.from(String(offset + limit)).toString('base64url') : null,
    };
  }

  /** Accepts many suggestions at once; each item reports its own outcome so one bad item spoils nothing. */
  async accept(auth: AuthContext, items: AcceptSuggestionDto[]): Promise<SuggestionResultDto[]> {
    const results: SuggestionResultDto[] = [];
    for (const item of items) results.push(await this.labels.transaction((manager) => this.acceptOne(manager, auth, item)));
    return results;
  }

  private async acceptOne(manager: EntityManager, auth: AuthContext, item: AcceptSuggestionDto): Promise<SuggestionResultDto> {
    const [suggestion] = await this.labels.findSuggestions(manager, [item.suggestion]);
    if (!suggestion) return { suggestion: item.suggestion, result: 'not_found' };
    if (suggestion.state !== 'open') return { suggestion: suggestion.name, result: 'not_open', message: `already ${suggestion.state}` };
    const target = item.mergeInto ?? item.as ?? suggestion.name;
    const valid = validateLabelName(target);
    if (!valid.ok) return { suggestion: suggestion.name, result: 'invalid', message: valid.reason };
    let label = await this.labels.findByName(valid.name, manager);
    if (item.mergeInto && !label) return { suggestion: suggestion.name, result: 'invalid', message: `no label "${item.mergeInto}" to merge into` };
    const merged = !!label;
    if (!label) {
      label = await this.labels.createLabel(manager, valid.name);
      await this.labels.addTerm(manager, label.id, 'en', valid.name, 'name');
    }
    if (merged || item.as) await this.labels.addTerm(manager, label.id, 'en', suggestion.name, 'synonym');
    const { moved } = await this.labels.moveSuggestionPairs(manager, suggestion.id, label.id);
    await this.labels.resolveSuggestion(manager, suggestion.id, 'accepted', label.id, auth.user.id);
    return { suggestion: suggestion.name, result: merged ? 'merged' : 'accepted', label: label.name, moved };
  }

  async reject(auth: AuthContext, refs: string[]): Promise<SuggestionResultDto[]> {
    return this.labels.transaction(async (manager) => {
      const found = await this.labels.findSuggestions(manager, refs);
      const results: SuggestionResultDto[] = [];
      for (const ref of refs) {
        const s = found.find((f) => f.id === ref || f.name.toLowerCase() === ref.toLowerCase());
        if (!s) results.push({ suggestion: ref, result: 'not_found' });
        else if (s.state !== 'open') results.push({ suggestion: s.name, result: 'not_open', message: `already ${s.state}` });
        else {
          const removed = await this.labels.deleteSuggestionPairs(manager, s.id);
          await this.labels.resolveSuggestion(manager, s.id, 'rejected', null, auth.user.id);
          results.push({ suggestion: s.name, result: 'rejected', moved: removed });
        }
      }
      return results;
    });
  }

}
