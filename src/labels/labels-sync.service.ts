import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { formatProblem, parseVocabulary, searchTerms, type VocabularyEntry } from '../../libs/vocabulary/index.js';
import { VERSION } from '../common/package-info.js';
import { ConfigService } from '../config/config.service.js';
import { WordlistsRepository } from '../wordlists/wordlists.repository.js';

const SYNC_LOCK = 7_248_301_456;
/** The settings row with the hash of the vocabulary files (and server version) last synced. */
const SYNCED_HASH = 'labels.syncedVocabularyHash';

type VocabularyFiles = Array<{ path: string; content: string }>;

/** Files and server version: a new version may read the same files differently, so it syncs once again. */
function vocabularyHash(files: VocabularyFiles): string {
  return createHash('sha256').update(JSON.stringify([VERSION, files])).digest('hex');
}

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

  /**
   * At start the files are only hashed: parsing them and comparing ~700 labels with the database is skipped
   * while the hash equals the last synced one. Edits made to wordlist labels in the database since then stay
   * until the files change or `npm run labels:sync` (which always syncs) is run.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.values.dataset.syncLabelsOnStart) return;
    const files = this.files();
    const [synced] = await this.dataSource.query('SELECT value FROM settings WHERE key = $1', [SYNCED_HASH]);
    if (synced?.value === vocabularyHash(files)) return;
    const stats = await this.sync(files);
    if (stats.added || stats.updated || stats.retired) this.logger.log(`Labels synced: ${JSON.stringify(stats)}`);
  }

  async sync(files: VocabularyFiles = this.files()): Promise<SyncStats> {
    const { entries, problems } = parseVocabulary(files);
    if (problems.length) throw new VocabularyError(problems.map(formatProblem));
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
      const stats = await this.apply(manager, entries);
      await manager.query(
        `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = now()`,
        [SYNCED_HASH, vocabularyHash(files)],
      );
      return stats;
    });
  }

  private files(): VocabularyFiles {
    return this.wordlists.vocabularyFiles(this.config.values.dataset.vocabularyDir);
  }

  /** A handful of set-based statements whatever the vocabulary's size: a first sync writes ~700 labels at once. */
  private async apply(manager: EntityManager, entries: VocabularyEntry[]): Promise<SyncStats> {
    const stats: SyncStats = { added: 0, updated: 0, retired: 0, unchanged: 0 };
    const rows: LabelRow[] = await manager.query('SELECT id, name, kind, "parentId", description, plural, origin, retired FROM labels');
    const byName = new Map(rows.map((r) => [r.name.toLowerCase(), r]));
    const missing = entries.filter((e) => !byName.has(e.name.toLowerCase()));
    const created = new Set<string>();
    if (missing.length) {
      // First the labels themselves, so parents and parts can refer to any of them.
      const inserted: LabelRow[] = await manager.query(
        `INSERT INTO labels (name, kind, description, plural, origin)
         SELECT n, k, d, p, 'wordlist' FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::varchar[]) AS t(n, k, d, p)
         RETURNING id, name, kind, "parentId", description, plural, origin, retired`,
        [missing.map((e) => e.name), missing.map((e) => e.kind), missing.map((e) => e.description ?? null), missing.map((e) => e.plural ?? null)],
      );
      for (const row of inserted) {
        byName.set(row.name.toLowerCase(), row);
        created.add(row.id);
      }
      stats.added = inserted.length;
    }
    const terms = await this.existingTerms(manager);
    const parts = await this.existingParts(manager);
    const changedLabels: Array<{ row: LabelRow; entry: VocabularyEntry; parentId: string | null }> = [];
    const newTerms: Array<[string, string, string, string]> = [];
    const newParts: Array<[string, string]> = [];
    const oldParts: Array<[string, string]> = [];
    const touched = new Set<string>();
    for (const entry of entries) {
      const row = byName.get(entry.name.toLowerCase())!;
      const parentId = entry.parent ? byName.get(entry.parent.toLowerCase())!.id : null;
      const changed =
        row.kind !== entry.kind || row.parentId !== parentId || row.description !== (entry.description ?? null) ||
        row.plural !== (entry.plural ?? null) || row.retired || row.origin !== 'wordlist' || row.name !== entry.name;
      if (changed) {
        changedLabels.push({ row, entry, parentId });
        touched.add(row.id);
      }
      const have = terms.get(row.id) ?? new Set<string>();
      // Terms are only added: synonyms that moderators merged in (from suggestions) must survive a sync.
      for (const term of searchTerms(entry)) {
        if (have.has(`${term.language}:${term.text.toLowerCase()}`)) continue;
        newTerms.push([row.id, term.language, term.text, term.kind]);
        touched.add(row.id);
      }
      const wanted = new Set(entry.parts.map((p) => byName.get(p.toLowerCase())!.id));
      const current = parts.get(row.id) ?? new Set<string>();
      for (const partId of wanted) if (!current.has(partId)) (newParts.push([row.id, partId]), touched.add(row.id));
      for (const partId of current) if (!wanted.has(partId)) (oldParts.push([row.id, partId]), touched.add(row.id));
    }
    if (changedLabels.length) {
      await manager.query(
        `UPDATE labels l SET name = t.n, kind = t.k, "parentId" = t.p, description = t.d, plural = t.pl, retired = false, origin = 'wordlist', "updatedAt" = now()
           FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[], $5::text[], $6::varchar[]) AS t(id, n, k, p, d, pl) WHERE l.id = t.id`,
        [
          changedLabels.map((c) => c.row.id),
          changedLabels.map((c) => c.entry.name),
          changedLabels.map((c) => c.entry.kind),
          changedLabels.map((c) => c.parentId),
          changedLabels.map((c) => c.entry.description ?? null),
          changedLabels.map((c) => c.entry.plural ?? null),
        ],
      );
    }
    if (newTerms.length) {
      await manager.query(
        `INSERT INTO label_terms ("labelId", language, term, role) SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[])`,
        [0, 1, 2, 3].map((i) => newTerms.map((t) => t[i])),
      );
    }
    if (newParts.length) {
      await manager.query('INSERT INTO label_parts ("labelId", "partId") SELECT * FROM unnest($1::uuid[], $2::uuid[])', [newParts.map((p) => p[0]), newParts.map((p) => p[1])]);
    }
    if (oldParts.length) {
      await manager.query('DELETE FROM label_parts p USING unnest($1::uuid[], $2::uuid[]) AS t(l, q) WHERE p."labelId" = t.l AND p."partId" = t.q', [
        oldParts.map((p) => p[0]),
        oldParts.map((p) => p[1]),
      ]);
    }
    for (const entry of entries) {
      const id = byName.get(entry.name.toLowerCase())!.id;
      if (created.has(id)) continue;
      if (touched.has(id)) stats.updated++;
      else stats.unchanged++;
    }
    const keep = new Set(entries.map((e) => e.name.toLowerCase()));
    const retire = rows.filter((row) => row.origin === 'wordlist' && !row.retired && !keep.has(row.name.toLowerCase())).map((row) => row.id);
    if (retire.length) await manager.query('UPDATE labels SET retired = true, "updatedAt" = now() WHERE id = ANY($1::uuid[])', [retire]);
    stats.retired = retire.length;
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
}
