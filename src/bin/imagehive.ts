#!/usr/bin/env node
import '../env-defaults.js';
import 'reflect-metadata';
import { createWriteStream, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.loader.js';

const USAGE = `imagehive — command line for an Imagehive server

  imagehive export --format coco [--query 'dog & ~cat'] [--min-probability 0.9] [--min-votes 3]
                   [--images] [--split train:0.8,val:0.2] --out ./dataset.zip [--server URL --token T] [--json]
  imagehive import <folder> [--server URL --token T] [--json]
                   A folder per label (dog/…, cat/…); each image is donated with its folder's label.
                   Duplicates are skipped, so an interrupted import can simply be run again.
  imagehive user create --username NAME --password PASS [--email E] [--role user|moderator|admin] [--json]

Without --server the command works on this machine's data (imagehive.yml, environment, data folder);
stop the server first when it runs on the embedded database.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string' },
    query: { type: 'string' },
    'min-probability': { type: 'string' },
    'min-votes': { type: 'string' },
    images: { type: 'boolean', default: false },
    split: { type: 'string' },
    out: { type: 'string' },
    server: { type: 'string' },
    token: { type: 'string' },
    json: { type: 'boolean', default: false },
    username: { type: 'string' },
    password: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string', default: 'user' },
    help: { type: 'boolean', default: false },
  },
});

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif|tiff?)$/i;

/** One progress line on stderr with counts and an ETA; silent with --json. */
function progress(total: number) {
  const started = Date.now();
  let done = 0;
  return (extra = '') => {
    done++;
    if (values.json) return;
    const rate = done / ((Date.now() - started) / 1000 || 1);
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    process.stderr.write(`\r${done}/${total} ${extra} · ${rate.toFixed(1)}/s · ETA ${eta}s   `);
    if (done === total) process.stderr.write('\n');
  };
}

async function local() {
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../app.module.js');
  // No HTTP here: the staff panel mounts on the web server, and deliveries are the server's job.
  const config = loadConfig({ overrides: { 'logging.level': 'warn', 'admin.enabled': false, 'webhooks.dispatcher': false } });
  return NestFactory.createApplicationContext(AppModule.forRoot({ config }), { logger: ['error', 'warn'] });
}

async function exportCommand(): Promise<unknown> {
  if (!values.format || !values.out) throw new Error('export needs --format and --out');
  const query = {
    format: values.format,
    query: values.query,
    minProbability: values['min-probability'] === undefined ? undefined : Number(values['min-probability']),
    minVotes: values['min-votes'] === undefined ? undefined : Number(values['min-votes']),
    images: values.images,
    split: values.split,
  };
  const out = resolve(values.out);
  if (values.server) {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)] as [string, string]));
    const res = await fetch(`${values.server.replace(/\/+$/, '')}/api/export?${params}`, { headers: values.token ? { authorization: values.token } : {} });
    if (!res.ok || !res.body) throw new Error(`The server answered ${res.status}: ${await res.text()}`);
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(out));
  } else {
    const app = await local();
    try {
      const { ExportService } = await import('../export/export.service.js');
      const exports = app.get(ExportService);
      const plan = exports.plan(query);
      const base = app.get((await import('../config/config.service.js')).ConfigService).values.server.publicUrl ?? 'http://localhost';
      await exports.stream(plan, createWriteStream(out), () => undefined, base);
    } finally {
      await app.close();
    }
  }
  return { written: out, bytes: statSync(out).size };
}

async function importCommand(): Promise<unknown> {
  const folder = positionals[1];
  if (!folder) throw new Error('import needs a folder');
  const files = readdirSync(resolve(folder), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(resolve(folder), d.name))
        .filter((f) => IMAGE_FILE.test(f))
        .map((f) => ({ label: d.name.replace(/[_]+/g, ' '), path: join(resolve(folder), d.name, f) })),
    );
  const tick = progress(files.length);
  const counts = { donated: 0, skipped: 0, failed: 0 };
  const { readFile } = await import('node:fs/promises');
  const server = values.server?.replace(/\/+$/, '');
  if (!server) throw new Error('import needs --server and --token (it goes through the donation API, with its checks)');
  for (const file of files) {
    const form = new FormData();
    form.append('consent', 'true');
    form.append('labels', file.label);
    form.append('image', new Blob([await readFile(file.path)]), file.path.split('/').pop());
    const res = await fetch(`${server}/api/donations`, { method: 'POST', headers: values.token ? { authorization: values.token } : {}, body: form });
    if (res.status === 201) counts.donated++;
    else if (res.status === 409) counts.skipped++;
    else {
      counts.failed++;
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      if (!values.json) process.stderr.write(`\n${file.path}: ${res.status} ${body.message ?? ''}\n`);
    }
    tick(`(${counts.donated} donated, ${counts.skipped} duplicates)`);
  }
  return counts;
}

async function userCommand(): Promise<unknown> {
  if (positionals[1] !== 'create' || !values.username || !values.password) throw new Error('user create needs --username and --password');
  if (!['user', 'moderator', 'admin'].includes(values.role!)) throw new Error('--role must be user, moderator or admin');
  const app = await local();
  try {
    const { UsersService } = await import('../users/users.service.js');
    const user = await app.get(UsersService).create({ username: values.username, password: values.password, email: values.email, role: values.role as 'user' });
    return { id: user.id, username: user.username, role: user.role };
  } finally {
    await app.close();
  }
}

const commands: Record<string, () => Promise<unknown>> = { export: exportCommand, import: importCommand, user: userCommand };
const command = commands[positionals[0] ?? ''];
if (values.help || !command) {
  console.log(USAGE);
  process.exitCode = values.help ? 0 : 2;
} else {
  try {
    const result = await command();
    console.log(values.json ? JSON.stringify(result) : result);
  } catch (error) {
    console.error(values.json ? JSON.stringify({ error: (error as Error).message }) : (error as Error).message);
    process.exitCode = 1;
  }
}
