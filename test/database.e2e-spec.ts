import { MIGRATIONS } from '../migrations/index.js';
import { pendingSchemaChanges } from '../src/database/schema-diff.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await t.dataSource.query('CREATE TABLE counters (id int PRIMARY KEY, value int NOT NULL)');
    await t.dataSource.query('CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)');
  });
  afterAll(() => t.close());

  it('runs every migration and leaves nothing for the entities to change', async () => {
    const applied = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((r: { name: string }) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(applied.length).toBeGreaterThanOrEqual(2);
    await expect(pendingSchemaChanges(t.dataSource)).resolves.toEqual([]);
  });

  it('keeps 10 concurrent SELECT … FOR UPDATE increments exact', async () => {
    await t.dataSource.query('INSERT INTO counters VALUES (1, 0)');
    await Promise.all(
      Array.from({ length: 10 }, () =>
        t.dataSource.transaction(async (manager) => {
          const [row] = await manager.query('SELECT value FROM counters WHERE id = 1 FOR UPDATE');
          await new Promise((resolve) => setTimeout(resolve, 5)); // let the others try to interleave
          await manager.query('UPDATE counters SET value = $1 WHERE id = 1', [row.value + 1]);
        }),
      ),
    );
    const [{ value }] = await t.dataSource.query('SELECT value FROM counters WHERE id = 1');
    expect(value).toBe(10);
  });

  it('drops the rows of a rolled-back transaction that ran beside a committed one', async () => {
    const slow = t.dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO notes (body) VALUES ('rolled back')`);
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('abort');
    });
    const fast = t.dataSource.transaction((manager) => manager.query(`INSERT INTO notes (body) VALUES ('committed')`));
    await expect(slow).rejects.toThrow('abort');
    await fast;
    const rows = await t.dataSource.query('SELECT body FROM notes ORDER BY id');
    expect(rows.map((r: { body: string }) => r.body)).toEqual(['committed']);
  });

  it('does not show uncommitted rows to other readers', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const didInsert = new Promise<void>((resolve) => (inserted = resolve));
    const writer = t.dataSource
      .transaction(async (manager) => {
        await manager.query(`INSERT INTO notes (body) VALUES ('dirty')`);
        inserted();
        await gate;
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await didInsert;
    const reader = t.dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE body = 'dirty'`);
    release();
    const [{ n }] = await reader;
    await writer;
    expect(n).toBe(0);
  });

  it('reports a unique violation with PostgreSQL’s code on both databases', async () => {
    await t.dataSource.query('INSERT INTO counters VALUES (2, 0)');
    await expect(t.dataSource.query('INSERT INTO counters VALUES (2, 0)')).rejects.toMatchObject({
      driverError: expect.objectContaining({ code: '23505' }),
    });
  });

  it('does not run migrations twice after a restart', async () => {
    t = await t.restart();
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM migrations');
    expect(n).toBe(MIGRATIONS.length);
    const [{ value }] = await t.dataSource.query('SELECT value FROM counters WHERE id = 1');
    expect(value).toBe(10);
  });
});
