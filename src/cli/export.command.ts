import { createWriteStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { authHeaders, type CliArgs, serverOf } from './args.js';
import { withLocalApp } from './local-app.js';

export async function exportCommand(args: CliArgs): Promise<unknown> {
  const { values } = args;
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
  const server = serverOf(args);
  if (server) {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)] as [string, string]));
    const res = await fetch(`${server}/api/export?${params}`, { headers: authHeaders(args) });
    if (!res.ok || !res.body) throw new Error(`The server answered ${res.status}: ${await res.text()}`);
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(out));
  } else {
    await withLocalApp(async (app) => {
      const { ExportService } = await import('../export/export.service.js');
      const { ConfigService } = await import('../config/config.service.js');
      const exports = app.get(ExportService);
      const plan = exports.plan(query);
      const base = app.get(ConfigService).values.server.publicUrl ?? 'http://localhost';
      await exports.stream(plan, createWriteStream(out), () => undefined, base);
    });
  }
  return { written: out, bytes: statSync(out).size };
}
