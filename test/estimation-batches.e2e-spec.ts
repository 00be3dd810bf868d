import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { ReliabilityService } from '../src/validation/reliability.service.js';
import { VotingService } from '../src/validation/voting.service.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

const VOTERS = 1500;
const PAIRS_PER_VOTER = 8;

/**
 * The background estimation writes in short transactions (validation.recomputeBatchVotes votes each): it held
 * every voter's lock, which each vote takes first, for the whole rewrite, and votes waited seconds for it.
 */
describe('background estimation in batches', () => {
  let t: TestApp;
  let pairs: string[];
  let voters: string[];

  beforeAll(async () => {
    t = await createTestApp({
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.trainingGold': 0,
      'validation.recomputeSeconds': 86_400, // the test runs it
      'validation.recomputeBatchVotes': 40, // five voters a batch: a few hundred transactions
    });
    const admin = await loginAs(t);
    pairs = [];
    for (let i = 0; i < 5; i++) {
      const data = await sharp(await photo(48, 32, 900 + i)).jpeg().toBuffer();
      const { body } = await t.http().post('/api/donations').field('consent', 'true').field('labels', 'dog').field('labels', 'cup').attach('image', data, 'x.jpg').expect(201);
      await t.http().post(`/api/moderation/images/${body.id}`).set('Authorization', `Bearer ${admin}`).send({ action: 'approve' }).expect(200);
      pairs.push(...body.labels.map((l: { id: string }) => l.id));
    }
    // Counted voters at the prior's weight; each votes on 8 of the 10 pairs, mostly agreeing on a truth per pair.
    const prior = Math.log(0.7 / 0.3);
    voters = (
      await t.dataSource.query(
        `INSERT INTO voters ("anonKey", counted, flag, "yesWeight", "noWeight")
         SELECT md5('estimation-batches' || g) || md5(g::text), true, 'trusted', $1, $1 FROM generate_series(1, $2::int) g RETURNING id`,
        [prior, VOTERS],
      )
    ).map((r: { id: string }) => r.id);
    const rows = { pair: [] as string[], voter: [] as string[], answer: [] as string[] };
    voters.forEach((voter, i) => {
      for (let k = 0; k < PAIRS_PER_VOTER; k++) {
        const p = (i + k) % pairs.length;
        const truth = p % 3 !== 0;
        const answer = (i * 7 + k) % 11 === 0 ? 'unsure' : (i * 13 + k) % 5 === 0 ? !truth : truth;
        rows.pair.push(pairs[p]);
        rows.voter.push(voter);
        rows.answer.push(typeof answer === 'string' ? answer : answer ? 'yes' : 'no');
      }
    });
    await t.dataSource.query(
      `INSERT INTO votes ("pairId", "voterId", answer, weight)
       SELECT u.p, u.v, u.a, CASE WHEN u.a = 'unsure' THEN 0 ELSE $4::float8 END FROM unnest($1::uuid[], $2::uuid[], $3::varchar[]) AS u(p, v, a)`,
      [rows.pair, rows.voter, rows.answer, prior],
    );
    await t.dataSource.query(
      `UPDATE image_labels p SET yes = s.yes, no = s.no, unsure = s.unsure, "weightSum" = s.total, informative = s.informative
         FROM (SELECT "pairId", count(*) FILTER (WHERE answer = 'yes')::int AS yes, count(*) FILTER (WHERE answer = 'no')::int AS no,
                      count(*) FILTER (WHERE answer = 'unsure')::int AS unsure, sum(weight) AS total,
                      count(*) FILTER (WHERE answer <> 'unsure' AND weight <> 0)::int AS informative
                 FROM votes GROUP BY "pairId") s
        WHERE p.id = s."pairId"`,
    );
  });
  afterAll(() => t.close());

  it('lets votes through while it runs, and leaves every pair consistent with its votes', async () => {
    let finished = false;
    const recompute = t.app
      .get(ReliabilityService)
      .recompute()
      .finally(() => (finished = true));
    // Wait for the first batch to commit: with one transaction over all voters none shows before the end.
    let done: string[] = [];
    while (done.length === 0 && !finished) {
      done = (await t.dataSource.query('SELECT id FROM voters WHERE accuracy IS NOT NULL')).map((r: { id: string }) => r.id); // seeded without
      if (done.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    if (finished) await recompute; // a failure shows as itself
    expect(finished).toBe(false);
    const voting = t.app.get(VotingService);
    const updated = done[0];
    const pending = voters.find((v) => !done.includes(v))!;
    const i = voters.indexOf(updated);
    const j = voters.indexOf(pending);
    // One replaces an earlier vote of a voter already re-estimated, one a vote of a voter still to come; two are new.
    const votes = [
      voting.vote({ id: updated, userId: null }, pairs[i % pairs.length], 'no'),
      voting.vote({ id: updated, userId: null }, pairs[(i + PAIRS_PER_VOTER) % pairs.length], 'yes'),
      voting.vote({ id: pending, userId: null }, pairs[j % pairs.length], 'yes'),
      voting.vote({ id: pending, userId: null }, pairs[(j + PAIRS_PER_VOTER + 1) % pairs.length], 'no'),
    ];
    const outcomes = await Promise.all(votes);
    expect(finished).toBe(false);
    expect(outcomes.map((o) => o.replaced)).toEqual([true, false, true, false]);

    const stats = await recompute;
    expect(stats.votes).toBeGreaterThanOrEqual(VOTERS * PAIRS_PER_VOTER);
    const mismatched = await t.dataSource.query(
      `SELECT p.id FROM image_labels p
         JOIN (SELECT "pairId", count(*) FILTER (WHERE answer = 'yes')::int AS yes, count(*) FILTER (WHERE answer = 'no')::int AS no,
                      count(*) FILTER (WHERE answer = 'unsure')::int AS unsure, sum(weight) AS total,
                      count(*) FILTER (WHERE answer <> 'unsure' AND weight <> 0)::int AS informative
                 FROM votes GROUP BY "pairId") s ON s."pairId" = p.id
        WHERE p.yes <> s.yes OR p.no <> s.no OR p.unsure <> s.unsure OR p.informative <> s.informative OR abs(p."weightSum" - s.total) > 1e-9`,
    );
    expect(mismatched).toEqual([]);
    // Every vote weighs what its voter's current weights say, the ones cast during the run included.
    const [{ stale }] = await t.dataSource.query(
      `SELECT count(*)::int AS stale FROM votes v JOIN voters vo ON vo.id = v."voterId"
        WHERE abs(v.weight - CASE v.answer WHEN 'yes' THEN vo."yesWeight" WHEN 'no' THEN vo."noWeight" ELSE 0 END) > 1e-9`,
    );
    expect(stale).toBe(0);
  });
});
