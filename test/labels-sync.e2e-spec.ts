import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabelsSyncService, VocabularyError } from '../src/labels/labels-sync.service.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

const VOCABULARY = `version: 1
labels:
  animal:
    description: A living creature.
    translations: { de: { name: Tier } }
  dog:
    parent: animal
    plural: dogs
    parts: [tail]
    translations: { de: { name: Hund, plural: Hunde } }
  tail:
    translations: { de: { name: Schwanz } }
  gizmo:
    translations: { de: { name: Dingsbums } }
metalabels:
  kitchen:
    translations: { de: { name: Küche } }
`;

describe('label vocabulary sync', () => {
  let t: TestApp;
  let dir: string;
  const write = (content: string) => {
    mkdirSync(join(dir, 'en'), { recursive: true });
    writeFileSync(join(dir, 'en', 'test.yml'), content);
  };
  const labels = async () =>
    Object.fromEntries(
      (await t.dataSource.query('SELECT id, name, retired FROM labels ORDER BY name')).map((r: { id: string; name: string; retired: boolean }) => [r.name, r]),
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'imagehive-vocab-'));
    write(VOCABULARY);
    t = await createTestApp({ 'dataset.vocabularyDir': dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs at start, and a second sync changes nothing and keeps every id', async () => {
    const first = await labels();
    // Anything else (say, a vocabulary synced before) is retired, not deleted.
    const live = Object.values(first).filter((l: { retired: boolean }) => !l.retired).map((l: { name: string }) => l.name);
    expect(live).toEqual(['animal', 'dog', 'gizmo', 'kitchen', 'tail']);
    const stats = await t.app.get(LabelsSyncService).sync();
    expect(stats).toEqual({ added: 0, updated: 0, retired: 0, unchanged: 5 });
    expect(await labels()).toEqual(first);
    const dog = await t.http().get('/api/labels/Hund').expect(200);
    expect(dog.body).toMatchObject({ name: 'dog', parent: 'animal', parts: ['tail'], plural: 'dogs' });
  });

  it('retires a removed word (keeping its pairs) and brings it back unchanged when it returns', async () => {
    const before = await labels();
    await t.dataSource.query(
      `INSERT INTO blobs (sha256, "storageKey", size, "mimeType", format, width, height) VALUES (repeat('a', 64), 'x', 1, 'image/png', 'png', 1, 1)`,
    );
    const [{ id: imageId }] = await t.dataSource.query(
      `INSERT INTO images (slug, "blobSha256", "originalSize", compressed, "deletionSecretHash", "datasetState") VALUES ('s', repeat('a', 64), 1, false, repeat('b', 64), 'approved') RETURNING id`,
    );
    await t.dataSource.query('INSERT INTO image_labels ("imageId", "labelId") VALUES ($1, $2)', [imageId, before.gizmo.id]);
    write(VOCABULARY.replace(/  gizmo:\n.*\n/, ''));
    expect(await t.app.get(LabelsSyncService).sync()).toMatchObject({ retired: 1, added: 0 });
    const after = await labels();
    expect(after.gizmo).toEqual({ ...before.gizmo, retired: true });
    expect((await t.dataSource.query('SELECT count(*)::int AS n FROM image_labels WHERE "labelId" = $1', [before.gizmo.id]))[0].n).toBe(1);
    expect((await t.http().get('/api/labels?search=giz').expect(200)).body).toEqual([]);
    const withRetired = (await t.http().get('/api/labels?search=giz&includeRetired=true').expect(200)).body;
    expect(withRetired.map((l: { name: string }) => l.name)).toEqual(['gizmo']);
    expect((await t.http().get('/api/labels?search=giz&includeRetired=false').expect(200)).body).toEqual([]);
    expect((await t.http().get('/api/labels?includeRetired=maybe').expect(400)).body.message).toMatch(/includeRetired must be true or false/);
    write(VOCABULARY);
    expect(await t.app.get(LabelsSyncService).sync()).toMatchObject({ retired: 0, added: 0, updated: 1 });
    expect((await labels()).gizmo).toEqual(before.gizmo);
  });

  it('skips the sync at start while the files are those last synced, and syncs again when they change', async () => {
    const description = async () => (await t.dataSource.query(`SELECT description FROM labels WHERE name = 'animal'`))[0].description;
    await t.dataSource.query(`UPDATE labels SET description = 'edited in the database' WHERE name = 'animal'`);
    t = await t.restart();
    expect(await description()).toBe('edited in the database'); // not compared with the files: they did not change
    write(VOCABULARY.replace('A living creature.', 'A living being.'));
    t = await t.restart();
    expect(await description()).toBe('A living being.');
    write(VOCABULARY);
    expect(await t.app.get(LabelsSyncService).sync()).toMatchObject({ updated: 1 }); // an explicit sync always compares
    expect(await description()).toBe('A living creature.');
  });

  it('refuses to sync a broken vocabulary, listing every problem with its place', async () => {
    write(VOCABULARY.replace('parent: animal', 'parent: animl').replace('version: 1', 'version: 1\nbogus: true'));
    const error = await t.app.get(LabelsSyncService).sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VocabularyError);
    expect((error as Error).message).toMatch(/en\/test\.yml.*animl/);
    expect((error as Error).message).toMatch(/bogus/);
    write(VOCABULARY);
  });

  it('syncs the shipped vocabulary: hundreds of labels, the COCO names, German translations', async () => {
    const real = await createTestApp();
    try {
      const [{ n }] = await real.dataSource.query(`SELECT count(*)::int AS n FROM labels WHERE kind = 'object'`);
      expect(n).toBeGreaterThanOrEqual(300);
      const cell = await real.http().get('/api/labels?search=Handy&lang=de').expect(200);
      expect(cell.body.map((l: { name: string }) => l.name)).toContain('cell phone');
      for (const name of ['teddy bear', 'hair drier', 'tv', 't-shirt']) await real.http().get(`/api/labels/${encodeURIComponent(name)}`).expect(200);
    } finally {
      await real.close();
    }
  });
});
