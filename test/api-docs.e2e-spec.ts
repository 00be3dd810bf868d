import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/common/package-info.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('API documentation', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('serves the same spec as the committed openapi.json (run `npm run openapi` after changing the API)', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, 'openapi.json'), 'utf8'));
    expect(res.body).toEqual(committed);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await t.http().get('/docs').expect(200);
    expect(res.text).toMatch(/swagger-ui/i);
  });

  it('documents the security schemes, the error shape and every route’s auth', async () => {
    const { body } = await t.http().get('/docs-json').expect(200);
    expect(Object.keys(body.components.securitySchemes).sort()).toEqual(['bearer', 'token']);
    expect(body.components.schemas.ErrorResponseDto.required).toEqual(expect.arrayContaining(['statusCode', 'message']));
    expect(body.paths['/api/tokens'].post.security).toEqual([{ bearer: [] }, { token: [] }]);
    expect(body.paths['/api/auth/login'].post.security).toBeUndefined();
    expect(body.paths['/api/plugins'].get.responses).toHaveProperty('403');
  });

  it('reports liveness and readiness', async () => {
    await t.http().get('/health').expect(200, { status: 'ok' });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', database: process.env.IMAGEHIVE_TEST_DB });
  });
});
