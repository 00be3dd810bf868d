import fc from 'fast-check';
import sharp from 'sharp';
import type { Response } from 'supertest';
import { photo } from '../../libs/imaging/testing/fixtures.js';
import { createTestApp, loginAs, type TestApp } from '../utils/test-app.js';
import { type Operation, operations } from './openapi.js';
import { arbitraryFor, validatorFor } from './schema-arbitrary.js';

/** Generated requests per endpoint and identity (IMAGEHIVE_FUZZ_RUNS; the default fits the CI time budget). */
const RUNS = Number(process.env.IMAGEHIVE_FUZZ_RUNS ?? 12);

/**
 * Left out, and why. Multipart endpoints get their hostile files in bad-inputs.rel-spec.ts.
 * Creating a webhook would send the dispatcher to whatever URL the fuzzer made up.
 */
const SKIPPED: Record<string, string> = {
  'POST /api/upload': 'multipart (bad-inputs.rel-spec.ts)',
  'POST /api/donations': 'multipart (bad-inputs.rel-spec.ts)',
  'POST /api/admin/webhooks': 'would deliver events to fuzzed URLs',
  'PATCH /api/admin/webhooks/{id}': 'would deliver events to fuzzed URLs',
};

const key = (op: Operation) => `${op.method.toUpperCase()} ${op.template}`;

/**
 * Issue #11: requests generated from openapi.json (fast-check), as an admin and anonymously. No answer
 * may be a 5xx, and every 2xx JSON answer must match the schema the spec declares for it.
 */
describe('fuzzing the JSON API from its OpenAPI spec', () => {
  let t: TestApp;
  let admin: string;
  /** Real ids, so some generated requests reach rows instead of 404s. */
  const ids: Record<string, string[]> = { id: [], pairId: [] };

  beforeAll(async () => {
    t = await createTestApp({ 'auth.registration': 'open', 'dataset.anonymousDonationThrottle': { limit: 100_000, ttlSeconds: 60 } });
    admin = await loginAs(t);
    for (const seed of [1, 2, 3]) {
      const image = await sharp(await photo(96, 64, seed)).jpeg().toBuffer();
      const donated = await t.http().post('/api/donations').set('Authorization', `Bearer ${admin}`).field('consent', 'true').field('labels', 'dog').field('labels', 'cat').attach('image', image, 'd.jpg').expect(201);
      ids.id.push(donated.body.id);
      if (seed < 3) await t.http().post(`/api/moderation/images/${donated.body.id}`).set('Authorization', `Bearer ${admin}`).send({ action: 'approve' }).expect(200);
    }
    const pairs = await t.dataSource.query('SELECT id FROM image_labels');
    ids.pairId.push(...pairs.map((p: { id: string }) => p.id));
    const upload = await t.http().post('/api/upload').set('Authorization', `Bearer ${admin}`).attach('upload', await photo(40, 30, 9), 'u.png').expect(201);
    ids.id.push(upload.body.id);
  });
  afterAll(() => t?.close());

  const pathArbitrary = (op: Operation): fc.Arbitrary<string> => {
    const names = [...op.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    const parts = names.map((name) => {
      const schema = op.parameters.find((p) => p.in === 'path' && p.name === name)?.schema ?? { type: 'string' };
      const known = ids[name]?.length ? [fc.constantFrom(...ids[name])] : [];
      // An empty segment would reach another route (`/api/webhooks/` is the list), not this one.
      return fc.oneof(...known, arbitraryFor(schema).map(String).filter((value) => value.length > 0));
    });
    return fc.tuple(...parts).map((values) => {
      let i = 0;
      return op.template.replace(/\{\w+\}/g, () => encodeURIComponent(values[i++] as string));
    });
  };

  const queryArbitrary = (op: Operation) => {
    const params = op.parameters.filter((p) => p.in === 'query');
    const shape = Object.fromEntries(params.map((p) => [p.name, arbitraryFor(p.schema)]));
    return fc.record(shape, { requiredKeys: params.filter((p) => p.required).map((p) => p.name) });
  };

  const send = async (op: Operation, path: string, query: Record<string, unknown>, body: unknown, auth: boolean): Promise<Response> => {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      for (const v of Array.isArray(value) ? value : [value]) search.append(name, typeof v === 'string' ? v : JSON.stringify(v));
    }
    const req = t.http()[op.method](`${path}${search.size ? `?${search}` : ''}`);
    if (auth) req.set('Authorization', `Bearer ${admin}`);
    if (op.requestBody?.content['application/json']) req.set('Content-Type', 'application/json').send(JSON.stringify(body ?? null));
    // Streams (exports, images) are not read whole: the status is what matters here.
    return req.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          done(null, /json/.test(String(res.headers['content-type'])) ? JSON.parse(text) : text);
        } catch {
          done(null, text);
        }
      });
    });
  };

  it('answers every generated request without a 5xx, and every 2xx as its schema says', async () => {
    const problems: string[] = [];
    const undeclared = new Set<string>();
    let requests = 0;
    const tested = operations().filter((op) => !SKIPPED[key(op)]);
    for (const op of tested) {
      const jsonBody = op.requestBody?.content['application/json']?.schema;
      const arbitrary = fc.record({
        path: pathArbitrary(op),
        query: queryArbitrary(op),
        body: jsonBody ? arbitraryFor(jsonBody) : fc.constant(undefined),
        auth: fc.boolean(),
      });
      const result = await fc.check(
        fc.asyncProperty(arbitrary, async ({ path, query, body, auth }) => {
          requests++;
          const res = await send(op, path, query, body, auth);
          if (res.status >= 500) throw new Error(`${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
          if (res.status >= 200 && res.status < 300 && res.status !== 204) {
            const declared = op.responses[String(res.status)];
            const schema = declared?.content?.['application/json']?.schema;
            if (!schema) {
              if (/json/.test(String(res.headers['content-type']))) undeclared.add(`${key(op)} ${res.status}`);
              return;
            }
            const validate = validatorFor(schema);
            if (!validate(res.body)) throw new Error(`${res.status} does not match its schema: ${JSON.stringify(validate.errors).slice(0, 500)}`);
          }
        }),
        { numRuns: RUNS, seed: Number(process.env.IMAGEHIVE_FUZZ_SEED ?? 20261121), endOnFailure: true },
      );
      if (result.failed) problems.push(`${key(op)} ${JSON.stringify(result.counterexample?.[0]).slice(0, 400)}: ${String((result.errorInstance as Error)?.message ?? result.errorInstance)}`);
    }
    console.log(
      [
        `API fuzzing: ${tested.length} endpoints, ${requests} requests (${RUNS} per endpoint, IMAGEHIVE_FUZZ_RUNS)`,
        `skipped: ${Object.entries(SKIPPED).map(([k, why]) => `${k} (${why})`).join('; ')}`,
        `JSON answers without a declared schema: ${[...undeclared].sort().join(', ') || 'none'}`,
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(tested.length * RUNS);
  }, 170_000);
});
