import type { INestApplicationContext } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { authHeaders, type CliArgs, serverOf } from './args.js';
import { withLocalApp } from './local-app.js';
import { progress } from './progress.js';

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif|tiff?)$/i;

interface ImportFile {
  label: string;
  path: string;
}

/** What became of one file: donated, a duplicate of what the dataset holds, or refused with the reason. */
type Outcome = { status: 'donated' | 'skipped' } | { status: 'failed'; reason: string };
type Donate = (file: ImportFile) => Promise<Outcome>;

/**
 * `<folder>/<label>/<image>`. The label is the one the tree's `labels.json` gives for the folder (an Imagehive
 * `imagefolder` export: `a/b` went out as folder `a_b`); otherwise underscores in folder names stand for spaces.
 */
export function importFiles(folder: string): ImportFile[] {
  const root = resolve(folder);
  const named = folderLabels(root);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((d) =>
      readdirSync(join(root, d.name))
        .filter((f) => IMAGE_FILE.test(f))
        .sort()
        .map((f) => ({ label: named.get(d.name) ?? d.name.replace(/_+/g, ' '), path: join(root, d.name, f) })),
    );
}

/** Folder → label from an export's labels.json; empty when there is none or it is not one. */
function folderLabels(root: string): Map<string, string> {
  const index = join(root, 'labels.json');
  if (!existsSync(index)) return new Map();
  try {
    const entries = JSON.parse(readFileSync(index, 'utf8')) as unknown;
    if (!Array.isArray(entries)) return new Map();
    return new Map(
      entries
        .filter((e): e is { folder: string; label: string } => typeof e?.folder === 'string' && typeof e?.label === 'string')
        .map((e) => [e.folder, e.label]),
    );
  } catch {
    return new Map();
  }
}

export async function importCommand(args: CliArgs): Promise<unknown> {
  const folder = args.positionals[1];
  if (!folder) throw new Error('import needs a folder');
  const files = importFiles(folder);
  const server = serverOf(args);
  if (server) return importAll(files, args, remoteDonor(server, args));
  return withLocalApp(async (app) => importAll(files, args, await localDonor(app, args.values.user)));
}

async function importAll(files: ImportFile[], args: CliArgs, donate: Donate) {
  const tick = progress(files.length, args.values.json!);
  const counts = { donated: 0, skipped: 0, failed: 0 };
  for (const file of files) {
    const outcome = await donate(file);
    counts[outcome.status]++;
    if (outcome.status === 'failed' && !args.values.json) process.stderr.write(`\n${file.path}: ${outcome.reason}\n`);
    tick(`(${counts.donated} donated, ${counts.skipped} duplicates)`);
  }
  return counts;
}

/** Through the donation API, with all of its checks and limits. */
function remoteDonor(server: string, args: CliArgs): Donate {
  if (!args.values.token) throw new Error('import --server needs --token (an API token with the upload scope)');
  return async (file) => {
    const form = new FormData();
    form.append('consent', 'true');
    form.append('labels', file.label);
    form.append('image', new Blob([await readFile(file.path)]), basename(file.path));
    const res = await fetch(`${server}/api/donations`, { method: 'POST', headers: authHeaders(args), body: form });
    if (res.status === 201) return { status: 'donated' };
    if (res.status === 409) return { status: 'skipped' };
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    return { status: 'failed', reason: `${res.status} ${body.message ?? ''}`.trim() };
  };
}

/** Through the same service the API calls, so sniffing, stripping, duplicate checks and events are alike. */
async function localDonor(app: INestApplicationContext, username: string | undefined): Promise<Donate> {
  const { HttpException } = await import('@nestjs/common');
  const { DatasetService } = await import('../dataset/dataset.service.js');
  const { UsersService } = await import('../users/users.service.js');
  const { ConfigService } = await import('../config/config.service.js');
  const dataset = app.get(DatasetService);
  const actor = await app.get(UsersService).localActor(username);
  const base = app.get(ConfigService).values.server.publicUrl ?? 'http://localhost';
  return async (file) => {
    try {
      // The ingest reads the file where it lies and writes its own copy: the source tree is left as it was.
      const received = { source: file.path, originalName: basename(file.path), size: statSync(file.path).size, field: 'image' };
      await dataset.donate(actor, received, [{ label: file.label }], 'true', base);
      return { status: 'donated' };
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      if (error.getStatus() === 409) return { status: 'skipped' };
      return { status: 'failed', reason: `${error.getStatus()} ${error.message}` };
    }
  };
}
