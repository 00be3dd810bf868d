import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskBackend } from './local-disk.driver.js';

describe('LocalDiskBackend.sweepTemp', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'imagehive-disk-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('removes the temp files a crash left once stale, and keeps those a live write may still be using', async () => {
    const backend = new LocalDiskBackend(root);
    expect(await backend.sweepTemp(new Date())).toBe(0); // no temp folder yet
    mkdirSync(join(root, '.tmp'));
    const old = new Date(Date.now() - 3_600_000);
    writeFileSync(join(root, '.tmp', 'crashed.part'), 'half a file');
    utimesSync(join(root, '.tmp', 'crashed.part'), old, old);
    writeFileSync(join(root, '.tmp', 'writing.part'), 'in progress');
    expect(await backend.sweepTemp(new Date(Date.now() - 60_000))).toBe(1);
    expect(readdirSync(join(root, '.tmp'))).toEqual(['writing.part']);
  });
});
