import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ImageLabelEntity } from './image-label.entity.js';
import { LabelSuggestionEntity } from './label-suggestion.entity.js';
import { LabelEntity } from './label.entity.js';

export interface LabelSearchRow {
  id: string;
  name: string;
  kind: string;
  description: string | null;
  retired: boolean;
  matched: string;
  language: string;
}

export interface SuggestionRow {
  id: string;
  name: string;
  state: string;
  usage: number;
  createdAt: Date;
}

@Injectable()
export class LabelsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Labels whose name, plural, synonym or translation starts with the prefix, in any language (or one). */
  search(prefix: string, options: { language?: string; kind?: string; includeRetired: boolean; limit: number }): Promise<LabelSearchRow[]> {
    const pattern = `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.dataSource.query(
      `SELECT DISTINCT ON (l.id) l.id, l.name, l.kind, l.description, l.retired, t.term AS matched, t.language,
              (lower(t.term) = lower($1)) AS exact
         FROM label_terms t JOIN labels l ON l.id = t."labelId"
        WHERE lower(t.term) LIKE $2
          AND ($3::text IS NULL OR t.language = $3)
          AND ($4::text IS NULL OR l.kind = $4)
          AND ($5 OR NOT l.retired)
        ORDER BY l.id, (lower(t.term) = lower($1)) DESC, length(t.term)`,
      [prefix, pattern, options.language ?? null, options.kind ?? null, options.includeRetired],
    ).then((rows: Array<LabelSearchRow & { exact: boolean }>) =>
      rows.sort((a, b) => Number(b.exact) - Number(a.exact) || a.matched.length - b.matched.length || a.name.localeCompare(b.name)).slice(0, options.limit),
    );
  }

  findByName(name: string, manager: EntityManager = this.dataSource.manager): Promise<LabelEntity | null> {
    return manager.getRepository(LabelEntity).createQueryBuilder('l').where('lower(l.name) = lower(:name)', { name }).getOne();
  }

  /** Resolves names to labels by any of their terms (name, synonym, translation), canonical name first. */
  async resolveNames(names: string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, LabelEntity>> {
    if (names.length === 0) return new Map();
    const rows: Array<{ key: string } & LabelEntity> = await manager.query(
      `SELECT DISTINCT ON (lower(t.term)) lower(t.term) AS key, l.*
         FROM label_terms t JOIN labels l ON l.id = t."labelId"
        WHERE lower(t.term) = ANY($1) AND NOT l.retired
        ORDER BY lower(t.term), (t.role = 'name') DESC, (lower(l.name) = lower(t.term)) DESC`,
      [names.map((n) => n.toLowerCase())],
    );
    return new Map(rows.map((r) => [r.key, r]));
  }

  detail(id: string) {
    return Promise.all([
      this.dataSource.query('SELECT language, term, role FROM label_terms WHERE "labelId" = $1 ORDER BY language, role, term', [id]),
      this.dataSource.query('SELECT name FROM labels WHERE "parentId" = $1 AND NOT retired ORDER BY name', [id]),
      this.dataSource.query('SELECT l.name FROM label_parts p JOIN labels l ON l.id = p."partId" WHERE p."labelId" = $1 ORDER BY l.name', [id]),
      this.dataSource.query('SELECT count(*)::int AS n FROM image_labels WHERE "labelId" = $1', [id]),
    ]) as Promise<[Array<{ language: string; term: string; role: string }>, Array<{ name: string }>, Array<{ name: string }>, Array<{ n: number }>]>;
  }

  findById(id: string): Promise<LabelEntity | null> {
    return this.dataSource.getRepository(LabelEntity).findOneBy({ id });
  }

  isPartOf(manager: EntityManager, wholeId: string, partId: string): Promise<boolean> {
    return manager.query('SELECT 1 FROM label_parts WHERE "labelId" = $1 AND "partId" = $2', [wholeId, partId]).then((r: unknown[]) => r.length > 0);
  }

  /** Finds or creates the open suggestion of this name (case-insensitively). */
  async suggestion(manager: EntityManager, name: string, proposedById: string | null): Promise<{ suggestion: LabelSuggestionEntity; created: boolean }> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO label_suggestions (name, "proposedById") VALUES ($1, $2) ON CONFLICT ((lower(name))) DO NOTHING RETURNING id`,
      [name, proposedById],
    );
    const suggestion = await manager.getRepository(LabelSuggestionEntity).createQueryBuilder('s').where('lower(s.name) = lower(:name)', { name }).getOneOrFail();
    return { suggestion, created: inserted.length > 0 };
  }

  /** Adds the pair unless the image has it already; returns the pair either way. */
  async attach(manager: EntityManager, pair: Pick<ImageLabelEntity, 'imageId' | 'labelId' | 'suggestionId' | 'parentLabelId' | 'addedById'>) {
    const repo = manager.getRepository(ImageLabelEntity);
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO image_labels ("imageId", "labelId", "suggestionId", "parentLabelId", "addedById") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING id`,
      [pair.imageId, pair.labelId, pair.suggestionId, pair.parentLabelId, pair.addedById],
    );
    if (inserted.length) return { pair: await repo.findOneByOrFail({ id: inserted[0].id }), created: true };
    const existing = await repo
      .createQueryBuilder('p')
      .where('p.imageId = :imageId', pair)
      .andWhere(pair.labelId ? 'p.labelId = :labelId' : 'p.suggestionId = :suggestionId', pair)
      .andWhere(pair.parentLabelId ? 'p.parentLabelId = :parentLabelId' : 'p.parentLabelId IS NULL', pair)
      .getOneOrFail();
    return { pair: existing, created: false };
  }

  pairsOf(imageId: string) {
    return this.dataSource.query(
      `SELECT p.id, p."createdAt", COALESCE(l.name, s.name) AS name, (p."suggestionId" IS NOT NULL) AS suggestion, parent.name AS parent
         FROM image_labels p
         LEFT JOIN labels l ON l.id = p."labelId"
         LEFT JOIN label_suggestions s ON s.id = p."suggestionId"
         LEFT JOIN labels parent ON parent.id = p."parentLabelId"
        WHERE p."imageId" = $1
        ORDER BY p."createdAt", name`,
      [imageId],
    ) as Promise<Array<{ id: string; createdAt: Date; name: string; suggestion: boolean; parent: string | null }>>;
  }

  suggestions(state: string, offset: number, limit: number): Promise<SuggestionRow[]> {
    return this.dataSource.query(
      `SELECT s.id, s.name, s.state, s."createdAt", count(p.id)::int AS usage
         FROM label_suggestions s LEFT JOIN image_labels p ON p."suggestionId" = s.id
        WHERE s.state = $1
        GROUP BY s.id
        ORDER BY usage DESC, lower(s.name)
        OFFSET $2 LIMIT $3`,
      [state, offset, limit],
    );
  }

  findSuggestions(manager: EntityManager, refs: string[]): Promise<LabelSuggestionEntity[]> {
    const ids = refs.filter((r) => /^[0-9a-f-]{36}$/i.test(r));
    return manager
      .getRepository(LabelSuggestionEntity)
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = ANY(CAST(:ids AS uuid[])) OR lower(s.name) = ANY(CAST(:names AS text[]))', { ids, names: refs.map((r) => r.toLowerCase()) })
      .getMany();
  }

  createLabel(manager: EntityManager, name: string): Promise<LabelEntity> {
    const repo = manager.getRepository(LabelEntity);
    return repo.save(repo.create({ name, kind: 'object', origin: 'suggestion' }));
  }

  async addTerm(manager: EntityManager, labelId: string, language: string, term: string, role: 'name' | 'synonym'): Promise<void> {
    await manager.query(
      `INSERT INTO label_terms ("labelId", language, term, role)
       SELECT $1::uuid, $2::varchar, $3::varchar, $4::varchar
        WHERE NOT EXISTS (SELECT 1 FROM label_terms WHERE "labelId" = $1::uuid AND language = $2::varchar AND lower(term) = lower($3::varchar))`,
      [labelId, language, term, role],
    );
  }

  /**
   * Moves a suggestion's pairs onto a label. Where the image already has that label, the suggestion's pair is
   * the duplicate and goes (the existing pair keeps its history).
   */
  async moveSuggestionPairs(manager: EntityManager, suggestionId: string, labelId: string): Promise<{ moved: number; merged: number }> {
    // For UPDATE and DELETE, TypeORM answers [rows, rowCount].
    const [, merged]: [unknown[], number] = await manager.query(
      `DELETE FROM image_labels p WHERE p."suggestionId" = $1 AND EXISTS (
         SELECT 1 FROM image_labels q WHERE q."imageId" = p."imageId" AND q."labelId" = $2
           AND q."parentLabelId" IS NOT DISTINCT FROM p."parentLabelId") RETURNING p.id`,
      [suggestionId, labelId],
    );
    const [, moved]: [unknown[], number] = await manager.query(
      `UPDATE image_labels SET "labelId" = $2, "suggestionId" = NULL WHERE "suggestionId" = $1 RETURNING id`,
      [suggestionId, labelId],
    );
    return { moved, merged };
  }

  async resolveSuggestion(manager: EntityManager, id: string, state: 'accepted' | 'rejected', labelId: string | null, by: string): Promise<void> {
    await manager.getRepository(LabelSuggestionEntity).update({ id }, { state, labelId, resolvedById: by, resolvedAt: new Date() });
  }

  async deleteSuggestionPairs(manager: EntityManager, suggestionId: string): Promise<number> {
    const [, removed]: [unknown[], number] = await manager.query('DELETE FROM image_labels WHERE "suggestionId" = $1', [suggestionId]);
    return removed;
  }
}
