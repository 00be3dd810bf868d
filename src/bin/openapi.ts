import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app.factory.js';
import { buildOpenApiDocument } from '../common/swagger.js';
import { PROJECT_ROOT, VERSION } from '../common/package-info.js';
import { loadConfig } from '../config/config.loader.js';

/** `npm run openapi` writes openapi.json; with --check it fails when the committed file is stale. */
const check = process.argv.includes('--check');
const dataDir = mkdtempSync(join(tmpdir(), 'imagehive-openapi-'));
const file = join(PROJECT_ROOT, 'openapi.json');
try {
  const app = await createApp(loadConfig({ env: {}, file: false, overrides: { dataDir, 'logging.level': 'silent' } }));
  const spec = `${JSON.stringify(buildOpenApiDocument(app, VERSION), null, 2)}\n`;
  await app.close();
  if (!check) {
    writeFileSync(file, spec);
    console.log(`Wrote ${file}`);
  } else if (readFileSync(file, 'utf8') !== spec) {
    console.error('openapi.json is out of date: run `npm run openapi` and commit the result');
    process.exitCode = 1;
  } else {
    console.log('openapi.json is current');
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
