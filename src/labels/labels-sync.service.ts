import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { formatProblem, parseVocabulary, searchTerms, type VocabularyEntry } from '../../libs/vocabulary/index.js';
import { ConfigService } from '../config/config.service.js';
import { WordlistsRepository } from '../wordlists/wordlists.repository.js';

const SYNC_LOCK = 7_248_301_456;

export interface SyncStats {
  added: number;
  updated: number;
  retired: number;
  unchanged: number;
}

export class VocabularyError extends Error {
  constructor(problems: string[]) {
    super(`The label vocabulary in wordlists/ has problems; nothing was synced:\n  - ${problems.join('\n  - ')}`);
    this.name = 'VocabularyError';
  }
}

interface LabelRow {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
  description: string | null;
  plural: string | null;
  origin: string;
  retired: boolean;
}

/**
 * Brings the labels table in line with wordlists/: idempotent (a second run writes nothing), ids stable
 * (labels are matched by name), and a word removed from the files is retired, never deleted with its votes.
 */
@Injectable()
export class LabelsSyncService implements OnApplicationBootstrap {
  private readonly logger = new Logger('LabelsSync');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly wordlists: WordlistsRepository,
    private readonly config: ConfigService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.values.dataset.syncLabelsOnStart) return;
    const stats = await this.sync();
    if (stats.added || stats.updated || stats.retired) this.logger.log(`Labels synced: ${JSON.stringify(stats)}`);
  }

  async sync(): Promise<SyncStats> {
    const { entries, problems } = parseVocabulary(this.wordlists.vocabularyFiles(this.config.values.dataset.vocabularyDir));
    if (problems.length) throw new VocabularyError(problems.map(formatProblem));
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
      return this.apply(manager, entries);
    });
  }

  private async apply(manager: EntityManager, entries: VocabularyEntry[]): Promise<SyncStats> {
    const stats: SyncStats = { added: 0, updated: 0, retired: 0, unchanged: 0 };
    const rows: LabelRow[] = await manager.query('SELECT id, name, kind, "parentId", description, plural, origin, retired FROM labels');
    const byName = new Map(rows.map((r) => [r.name.toLowerCase(), r]));
    const created = new Set<string>();
    // First the labels themselves, so parents and parts can refer to any of them.
    for (const entry of entries) {
      const row = byName.get(entry.name.toLowerCase());
      if (!row) {
        const [inserted]: LabelRow[] = await manager.query(
          `INSERT INTO labels (name, kind, description, plural, origin) VALUES ($1, $2, $3, $4, 'wordlist') RETURNING id, name, kind, "parentId", description, plural, origin, retired`,
          [entry.name, entry.kind, entry.description ?? null, entry.plural ?? null],
        );
        byName.set(entry.name.toLowerCase(), inserted);
        created.add(inserted.id);
        stats.added++;
      }
    }
    const terms = await this.existingTerms(manager);
    const parts = await this.existingParts(manager);
    for (const entry of entries) {
      const row = byName.get(entry.name.toLowerCase())!;
      const parentId = entry.parent ? byName.get(entry.parent.toLowerCase())!.id : null;
      const wanted = { kind: entry.kind, parentId, description: entry.description ?? null, plural: entry.plural ?? null };
      const changed =
        row.kind !== wanted.kind || row.parentId !== wanted.parentId || row.description !== wanted.description ||
        row.plural !== wanted.plural || row.retired || row.origin !== 'wordlist' || row.name !== entry.name;
      if (changed) {
        await manager.query(
          `UPDATE labels SET name = $2, kind = $3, "parentId" = $4, description = $5, plural = $6, retired = false, origin = 'wordlist', "updatedAt" = now() WHERE id = $1`,
          [row.id, entry.name, wanted.kind, wanted.parentId, wanted.description, wanted.plural],
        );
      }
      const termsChanged = await this.addMissingTerms(manager, row.id, entry, terms.get(row.id) ?? new Set());
      const partsChanged = await this.syncParts(manager, row.id, entry, byName, parts.get(row.id) ?? new Set());
      if (created.has(row.id)) continue;
      if (changed || termsChanged || partsChanged) stats.updated++;
      else stats.unchanged++;
    }
    const keep = new Set(entries.map((e) => e.name.toLowerCase()));
    for (const row of rows) {
      if (row.origin === 'wordlist' && !row.retired && !keep.has(row.name.toLowerCase())) {
        await manager.query('UPDATE labels SET retired = true, "updatedAt" = now() WHERE id = $1', [row.id]);
        stats.retired++;
      }
    }
    return stats;
  }

  private async existingTerms(manager: EntityManager): Promise<Map<string, Set<string>>> {
    const rows: Array<{ labelId: string; language: string; term: string }> = await manager.query('SELECT "labelId", language, term FROM label_terms');
    const map = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!map.has(r.labelId)) map.set(r.labelId, new Set());
      map.get(r.labelId)!.add(`${r.language}:${r.term.toLowerCase()}`);
    }
    return map;
  }

  private async existingParts(manager: EntityManager): Promise<Map<string, Set<string>>> {
    const rows: Array<{ labelId: string; partId: string }> = await manager.query('SELECT "labelId", "partId" FROM label_parts');
    const map = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!map.has(r.labelId)) map.set(r.labelId, new Set());
      map.get(r.labelId)!.add(r.partId);
    }
    return map;
  }

  /** Terms are only added: synonyms that moderators merged in (from suggestions) must survive a sync. */
  private async addMissingTerms(manager: EntityManager, labelId: string, entry: VocabularyEntry, have: Set<string>): Promise<boolean> {
    let changed = false;
    for (const term of searchTerms(entry)) {
      if (have.has(`${term.language}:${term.text.toLowerCase()}`)) continue;
      await manager.query('INSERT INTO label_terms ("labelId", language, term, role) VALUES ($1, $2, $3, $4)', [labelId, term.language, term.text, term.kind]);
      changed = true;
    }
    return changed;
  }

  private async syncParts(manager: EntityManager, labelId: string, entry: VocabularyEntry, byName: Map<string, LabelRow>, have: Set<string>): Promise<boolean> {
    const wanted = new Set(entry.parts.map((p) => byName.get(p.toLowerCase())!.id));
    let changed = false;
    for (const partId of wanted) {
      if (have.has(partId)) continue;
      await manager.query('INSERT INTO label_parts ("labelId", "partId") VALUES ($1, $2)', [labelId, partId]);
      changed = true;
    }
    for (const partId of have) {
      if (wanted.has(partId)) continue;
      await manager.query('DELETE FROM label_parts WHERE "labelId" = $1 AND "partId" = $2', [labelId, partId]);
      changed = true;
    }
    return changed;
  }
}
