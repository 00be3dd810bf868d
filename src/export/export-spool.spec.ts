import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportSpool } from './export-spool.js';

const entry = (i: number) => ({
  image: { id: `img-${i}`, fileName: `${i}.jpg`, width: 10 + i, height: 20, labels: [{ name: `label ${'é'.repeat(i % 7)}\n"quoted"`, probability: 0.9, annotations: [] }] },
  storageKey: `blobs/${i}.jpg`,
});

describe('ExportSpool', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'spool-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives back what it was given, in order, across its write buffer, as often as asked, with no file left', async () => {
    const spool = await ExportSpool.open(dir);
    expect(readdirSync(dir)).toEqual([]);
    const all = Array.from({ length: 20_000 }, (_, i) => entry(i)); // several MB: several flushes
    for (const e of all) await spool.append(e);
    for (let round = 0; round < 2; round++) {
      const back = [];
      for await (const e of spool.read()) back.push(e);
      expect(back).toEqual(all);
    }
    await spool.reset();
    await spool.append(entry(7));
    const after = [];
    for await (const e of spool.read()) after.push(e);
    expect(after).toEqual([entry(7)]);
    await spool.close();
  });

  it('reads nothing when empty', async () => {
    const spool = await ExportSpool.open(dir);
    const back = [];
    for await (const e of spool.read()) back.push(e);
    expect(back).toEqual([]);
    await spool.close();
  });
});
