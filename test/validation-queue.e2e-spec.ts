import sharp from 'sharp';
import type { DataSource } from 'typeorm';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { ValidationRepository } from '../src/validation/validation.repository.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

// The validation queue walks the partial indexes IDX_image_labels_task_order / IDX_image_labels_gold_task_order
// instead of sorting every pair: the order, the exclusions and gold-first must be what they were.

interface Pair {
  id: string;
  name: string;
}

async function approvedImage(t: TestApp, admin: string, seed: number, donor?: string): Promise<Pair[]> {
  const data = await sharp(await photo(48, 32, seed)).jpeg().toBuffer();
  const req = t.http().post('/api/donations').field('consent', 'true').field('labels', 'dog').field('labels', 'cup');
  if (donor) req.set('Authorization', `Bearer ${donor}`);
  const { body } = await req.attach('image', data, 'x.jpg').expect(201);
  await t.http().post(`/api/moderation/images/${body.id}`).set('Authorization', `Bearer ${admin}`).send({ action: 'approve' }).expect(200);
  return body.labels;
}

/** The SQL the repository sends for a task query, captured by a stand-in DataSource. */
async function candidatesSql(gold: boolean): Promise<{ sql: string; params: unknown[] }> {
  const sent: Array<{ sql: string; params: unknown[] }> = [];
  const recorder = { query: async (sql: string, params: unknown[]) => (sent.push({ sql, params }), []) };
  await new ValidationRepository(recorder as unknown as DataSource).candidates('00000000-0000-4000-8000-000000000001', null, { gold, limit: 5 });
  return sent[0];
}

function planNodes(plan: Record<string, unknown>, out: string[] = []): string[] {
  out.push(`${plan['Node Type']}${plan['Index Name'] ? ` using ${plan['Index Name']}` : ''}`);
  for (const child of (plan.Plans as Array<Record<string, unknown>> | undefined) ?? []) planNodes(child, out);
  return out;
}

describe('validation queue order', () => {
  let t: TestApp;
  let admin: string;
  let walker: string;
  let own: Pair[];
  let all: Pair[];
  let gold: string[];

  beforeAll(async () => {
    t = await createTestApp({
      'auth.registration': 'open',
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.trainingGold': 0,
      'validation.voteThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.recomputeSeconds': 3600, // the background estimation would move the order under the test
    });
    admin = await loginAs(t);
    walker = (await t.http().post('/api/auth/register').send({ username: 'walker', password: 'password123' }).expect(201)).body.accessToken;
    own = await approvedImage(t, admin, 500, walker);
    all = [...own];
    for (let i = 1; i < 8; i++) all.push(...(await approvedImage(t, admin, 500 + i)));
    gold = [all[3].id, all[10].id];
    for (const [k, id] of gold.entries()) {
      await t.http().put(`/api/validation/pairs/${id}/gold`).set('Authorization', `Bearer ${admin}`).send({ answer: k ? 'wrong' : 'right' }).expect(204);
    }
    // Varied counters and probabilities: pair k gets k % 4 votes from new anonymous voters, some of them no or unsure.
    for (const [k, pair] of all.entries()) {
      for (let j = 0; j < k % 4; j++) {
        const answer = (k + j) % 5 === 0 ? 'unsure' : (k + j) % 3 === 0 ? 'no' : 'yes';
        await t.http().post(`/api/validation/${pair.id}/votes`).send({ answer }).expect(200);
      }
    }
  });
  afterAll(() => t.close());

  /** Regular pairs in the queue's order, computed here from the counters without the database's help. */
  async function referenceOrder(): Promise<string[]> {
    const rows: Array<{ id: string; yes: number; no: number; probability: number | null; gold: boolean | null }> = await t.dataSource.query(
      'SELECT id, yes, no, probability, gold FROM image_labels',
    );
    const key = (r: (typeof rows)[number]) => [r.yes + r.no, Math.abs((r.probability ?? 0.5) - 0.5)];
    return rows
      .filter((r) => r.gold === null)
      .sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => r.id);
  }

  it('returns the first pairs of the full order, less those the voter voted on, for any limit', async () => {
    const repo = t.app.get(ValidationRepository);
    const voterCookie = (await t.http().post(`/api/validation/${(await referenceOrder())[0]}/votes`).send({ answer: 'yes' }).expect(200)).headers['set-cookie'];
    const cookie = String((voterCookie as unknown as string[])[0]).split(';')[0];
    const second = (await referenceOrder())[2];
    await t.http().post(`/api/validation/${second}/votes`).set('Cookie', cookie).send({ answer: 'no' }).expect(200);
    const [{ id: voterId }] = await t.dataSource.query('SELECT "voterId" AS id FROM votes WHERE "pairId" = $1 ORDER BY "createdAt" DESC LIMIT 1', [second]);
    const seen = new Set((await t.dataSource.query('SELECT "pairId" FROM votes WHERE "voterId" = $1', [voterId])).map((r: { pairId: string }) => r.pairId));
    expect(seen.size).toBe(2);
    const expected = (await referenceOrder()).filter((id) => !seen.has(id));
    for (const limit of [1, 3, 5, 40]) {
      const got = await repo.candidates(voterId, null, { gold: false, limit });
      expect(got.map((r) => r.pairId)).toEqual(expected.slice(0, limit));
    }
    const goldRows = await repo.candidates(voterId, null, { gold: true, limit: 40 });
    expect(goldRows.map((r) => r.pairId).sort()).toEqual([...gold].sort());
  });

  it('skips pairs the crowd is done with (25 votes, unsure included), which unsure votes never move down the order', async () => {
    const repo = t.app.get(ValidationRepository);
    const voterId = '00000000-0000-4000-8000-00000000abcd';
    const head = (await referenceOrder()).slice(0, 3);
    const [before] = await t.dataSource.query('SELECT array_agg(id) AS ids, array_agg(unsure) AS unsure FROM image_labels WHERE id = ANY($1)', [head]);
    await t.dataSource.query('UPDATE image_labels SET unsure = unsure + 25 WHERE id = ANY($1)', [head]);
    try {
      const got = (await repo.candidates(voterId, null, { gold: false, limit: 5 })).map((r) => r.pairId);
      expect(got).toHaveLength(5);
      for (const id of head) expect(got).not.toContain(id);
      expect(got).toEqual((await referenceOrder()).filter((id) => !head.includes(id)).slice(0, 5));
    } finally {
      for (const [i, id] of (before.ids as string[]).entries()) await t.dataSource.query('UPDATE image_labels SET unsure = $2 WHERE id = $1', [id, before.unsure[i]]);
    }
  });

  it('walks a voter through every pair once, never their own donation', async () => {
    const served: string[] = [];
    for (let round = 0; round < 40; round++) {
      const { body } = await t.http().get('/api/validation/next?count=3').set('Authorization', `Bearer ${walker}`).expect(200);
      if (body.length === 0) break;
      for (const task of body) {
        served.push(task.pairId);
        await t.http().post(`/api/validation/${task.pairId}/votes`).set('Authorization', `Bearer ${walker}`).send({ answer: 'yes' }).expect(200);
      }
    }
    expect(new Set(served).size).toBe(served.length);
    const ownIds = new Set(own.map((p) => p.id));
    expect(served.sort()).toEqual(all.map((p) => p.id).filter((id) => !ownIds.has(id)).sort());
  });

  it('takes the candidate pairs from the indexes, whatever the planner would prefer', async () => {
    for (const [isGold, index] of [[false, 'IDX_image_labels_task_order'], [true, 'IDX_image_labels_gold_task_order']] as const) {
      const { sql, params } = await candidatesSql(isGold);
      const cte = await t.dataSource.transaction(async (manager) => {
        // Forbid the alternatives: if the query as written could not use the index, the candidates would be sorted.
        await manager.query('SET LOCAL enable_seqscan = off');
        await manager.query('SET LOCAL enable_sort = off');
        const [row] = await manager.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
        const explained = row['QUERY PLAN'];
        const plan = (typeof explained === 'string' ? JSON.parse(explained) : explained)[0].Plan;
        return (plan.Plans as Array<Record<string, unknown>>).find((p) => p['Subplan Name'] === 'CTE c');
      });
      expect(planNodes(cte!)).toEqual(['Limit', `Index Scan using ${index}`]);
    }
  });

  it('still serves gold first to a voter in training', async () => {
    const strict = await t.restart({ 'validation.trainingGold': 2 });
    t = strict;
    const { body } = await t.http().get('/api/validation/next?count=4').expect(200);
    expect(body).toHaveLength(4);
    expect(body.slice(0, 2).map((task: { pairId: string }) => task.pairId).sort()).toEqual([...gold].sort());
    expect(gold).not.toContain(body[2].pairId);
  });
});
