import { join } from 'node:path';
import { listFiles } from '../utils/files.js';
import type { TestApp } from '../utils/test-app.js';

/** Every table a request could add to: a refused request must leave each count as it was. */
export const TABLES = [
  'users',
  'api_tokens',
  'invites',
  'blobs',
  'images',
  'image_labels',
  'label_suggestions',
  'image_reports',
  'image_audit',
  'image_duplicates',
  'votes',
  'annotations',
  'annotation_revisions',
  'annotation_votes',
  'webhook_subscriptions',
  'outbox_events',
] as const;

/**
 * Config for an app whose refused requests must add no outbox row: events are recorded only while a
 * subscription could receive them, so one is configured (never dispatched).
 */
export const RECORDING_EVENTS = {
  'webhooks.dispatcher': false,
  'webhooks.subscriptions': [{ name: 'audit', url: 'http://127.0.0.1:9/audit', secret: 'a-secret-of-at-least-16', events: ['*'] }],
};

export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const sql = TABLES.map((name) => `SELECT '${name}' AS name, count(*)::int AS n FROM "${name}"`).join(' UNION ALL ');
  const rows: Array<{ name: string; n: number }> = await t.dataSource.query(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

/** Files the app wrote under its data folder (the embedded database's own folder aside). */
export function storedFiles(t: TestApp): string[] {
  return listFiles(t.config.dataDir).filter((f) => !f.startsWith('pglite'));
}

/** Files and rows now, to compare with after a request. */
export async function snapshot(t: TestApp): Promise<{ files: string[]; rows: Record<string, number> }> {
  return { files: storedFiles(t), rows: await rowCounts(t) };
}

export const blobFiles = (t: TestApp) => listFiles(join(t.config.dataDir, 'files', 'blobs'));
