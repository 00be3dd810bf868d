import { EventEmitter2 } from '@nestjs/event-emitter';
import { AnnotationsService } from '../src/annotations/annotations.service.js';
import { AnnotationVotesService } from '../src/annotations/annotation-votes.service.js';
import { compileDatasetQuery } from '../src/search/dataset-query.js';
import { approvedImage, box, confirm, type DatasetImage, users } from './utils/annotation-fixtures.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

describe('annotations', () => {
  let t: TestApp;
  let admin: string;
  let u: Record<string, string>;
  let img: DatasetImage;
  const events: Array<{ name: string; payload: Record<string, unknown> }> = [];

  beforeAll(async () => {
    t = await createTestApp({
      'auth.registration': 'open',
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.trainingGold': 0,
      'validation.voteThrottle': { limit: 100_000, ttlSeconds: 60 },
      'annotations.maxShapes': 20,
      'annotations.maxPolygonPoints': 50,
    });
    for (const name of ['annotation.created', 'annotation.revised']) t.app.get(EventEmitter2).on(name, (payload: Record<string, unknown>) => events.push({ name, payload }));
    admin = await loginAs(t);
    u = await users(t, ['ann1', 'ann2', 'ann3', 'ed1', 'ed2', 'vote1', 'vote2', 'vote3', 'vote4', 'vote5']);
    img = await approvedImage(t, admin, 1, ['dog', 'cup', 'indoor', 'frobnicator']);
  }, 300_000);
  afterAll(() => t.close());

  const as = (who: string) => `Bearer ${u[who]}`;
  const draw = (image: string, pairId: string, shapes: unknown, who = 'ann1') =>
    t.http().post(`/api/images/${image}/annotations`).set('Authorization', as(who)).send({ pairId, shapes });
  const revise = (id: string, revision: number, shapes: unknown, who = 'ann1') =>
    t.http().put(`/api/annotations/${id}`).set('Authorization', as(who)).send({ revision, shapes });
  const voterOf = async (username: string): Promise<string> =>
    (await t.dataSource.query(`SELECT vo.id FROM voters vo JOIN users us ON us.id = vo."userId" WHERE us.username = $1`, [username]))[0].id;
  const vote = (id: string, n: number, answer: string, who?: string) => {
    const req = t.http().post(`/api/annotations/${id}/revisions/${n}/votes`).send({ answer });
    return who ? req.set('Authorization', as(who)) : req;
  };

  describe('geometry rules: 422 with the shape index and the rule', () => {
    const ok = box(10, 10, 20, 20);
    const cases: Array<[string, unknown]> = [
      ['invalid_shape', { type: 'circle', cx: 5, cy: 5, r: 3 }],
      ['invalid_shape', { ...box(1, 1, 5, 5), color: 'red' }],
      ['negative_size', box(10, 10, -5, 20)],
      ['outside_image', box(150, 50, 60, 20)],
      ['outside_image', { type: 'rect', x: 0, y: 0, width: 100, height: 100, rotation: 45 }],
      ['outside_image', { type: 'ellipse', cx: 190, cy: 50, rx: 20, ry: 10 }],
      ['outside_image', { type: 'polygon', points: [[0, 0], [50, 0], [25, 120]] }],
      ['too_few_points', { type: 'polygon', points: [[0, 0], [50, 0], [50, 0], [0, 0]] }],
      ['too_many_points', { type: 'polygon', points: Array.from({ length: 60 }, (_, k) => [100 + 40 * Math.cos(k / 10), 50 + 40 * Math.sin(k / 10)]) }],
      ['self_intersecting', { type: 'polygon', points: [[0, 0], [40, 40], [40, 0], [0, 40]] }],
      ['zero_area', box(10, 10, 0, 20)],
      ['zero_area', { type: 'polygon', points: [[0, 0], [10, 10], [20, 20]] }],
    ];
    it.each(cases)('%s', async (rule, shape) => {
      const res = await draw(img.id, img.pairs.dog, [ok, shape]).expect(422);
      expect(res.body.violations).toEqual([expect.objectContaining({ shapeIndex: 1, rule })]);
      expect(res.body.message).toMatch(/^shape 1: /);
    });

    it('not_finite: a number JSON cannot hold as a finite double', async () => {
      const raw = `{"pairId":"${img.pairs.dog}","shapes":[${JSON.stringify(ok)},{"type":"rect","x":1e999,"y":0,"width":5,"height":5}]}`;
      const res = await t.http().post(`/api/images/${img.id}/annotations`).set('Authorization', as('ann1')).set('Content-Type', 'application/json').send(raw).expect(422);
      expect(res.body.violations).toEqual([expect.objectContaining({ shapeIndex: 1, rule: 'not_finite' })]);
    });

    it('too_many_shapes, and several violations at once', async () => {
      const many = await draw(img.id, img.pairs.dog, Array.from({ length: 21 }, () => ok)).expect(422);
      expect(many.body.violations).toEqual([expect.objectContaining({ shapeIndex: 20, rule: 'too_many_shapes' })]);
      const several = await draw(img.id, img.pairs.dog, [box(0, 0, -1, 1), ok, box(190, 0, 20, 5)]).expect(422);
      expect(several.body.violations.map((v: { shapeIndex: number; rule: string }) => [v.shapeIndex, v.rule])).toEqual([
        [0, 'negative_size'],
        [2, 'outside_image'],
      ]);
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM annotations');
      expect(n).toBe(0);
    });

    it('refuses what is not a drawing of an annotatable label', async () => {
      expect((await draw(img.id, img.pairs.dog, []).expect(400)).body.message).toMatch(/at least one shape/);
      expect((await draw(img.id, img.pairs.indoor, [ok]).expect(400)).body.message).toMatch(/metalabel/);
      expect((await draw(img.id, img.pairs.frobnicator, [ok]).expect(409)).body.message).toMatch(/suggestion/);
      const other = await approvedImage(t, admin, 2, ['cat']);
      await draw(img.id, other.pairs.cat, [ok]).expect(404);
    });
  });

  describe('revisions', () => {
    let id: string;

    it('creates revision 1 and emits annotation.created', async () => {
      const res = await draw(img.id, img.pairs.dog, [box(10, 10, 50, 40)]).expect(201);
      id = res.body.id;
      expect(res.body).toMatchObject({ imageId: img.id, pairId: img.pairs.dog, label: 'dog', revision: 1, annotator: 'ann1', author: 'ann1', shapes: [box(10, 10, 50, 40)] });
      expect(res.body.validation).toEqual({ yes: 0, no: 0, probability: null, verdict: 'unknown', validated: false });
      expect(events.find((e) => e.name === 'annotation.created')?.payload).toMatchObject({ annotationId: id, imageId: img.id, label: 'dog', revision: 1, shapes: 1, author: 'ann1' });
      const again = await draw(img.id, img.pairs.dog, [box(0, 0, 5, 5)]).expect(409);
      expect(again.body).toMatchObject({ annotationId: id, currentRevision: 1 });
    });

    it('keeps every revision browsable; anyone may revise', async () => {
      const second = await revise(id, 1, [box(12, 10, 50, 40), { type: 'ellipse', cx: 150, cy: 50, rx: 20, ry: 10 }], 'ann2').expect(200);
      expect(second.body).toMatchObject({ revision: 2, author: 'ann2', annotator: 'ann1' });
      expect(events.find((e) => e.name === 'annotation.revised')?.payload).toMatchObject({ annotationId: id, revision: 2, shapes: 2, author: 'ann2' });
      const history = await t.http().get(`/api/annotations/${id}/revisions`).expect(200);
      expect(history.body.map((r: { revision: number; current: boolean; author: string }) => [r.revision, r.current, r.author])).toEqual([
        [1, false, 'ann1'],
        [2, true, 'ann2'],
      ]);
      expect((await t.http().get(`/api/annotations/${id}/revisions/1`).expect(200)).body.shapes).toEqual([box(10, 10, 50, 40)]);
      expect((await t.http().get(`/api/annotations/${id}`).expect(200)).body.shapes).toHaveLength(2);
      expect((await t.http().get(`/api/annotations/${id}/revisions/7`).expect(404)).body.message).toMatch(/no revision 7/);
      await t.http().get(`/api/annotations/${id}/revisions/x`).expect(400);
    });

    it('answers a stale revision with 409 and the current one, never overwriting it', async () => {
      await revise(id, 2, [box(20, 20, 30, 30)], 'ann1').expect(200);
      const stale = await revise(id, 2, [box(0, 0, 10, 10)], 'ann3').expect(409);
      expect(stale.body).toMatchObject({ statusCode: 409, currentRevision: 3 });
      expect(stale.body.message).toMatch(/revision 2 is out of date: revision 3 was saved since by ann1/);
      expect(stale.body.current).toMatchObject({ id, revision: 3, shapes: [box(20, 20, 30, 30)] });
      expect((await revise(id, 9, [box(0, 0, 10, 10)]).expect(409)).body.message).toMatch(/does not exist yet/);
      // Five editors of revision 3 at once: exactly one wins, the others learn of it.
      const results = await Promise.all(['ann1', 'ann2', 'ann3', 'ed1', 'ed2'].map((who, k) => revise(id, 3, [box(k, k, 10, 10)], who)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
      const winner = results.find((r) => r.status === 200)!.body;
      const now = await t.http().get(`/api/annotations/${id}`).expect(200);
      expect(now.body).toMatchObject({ revision: 4, shapes: winner.shapes });
      expect(results.filter((r) => r.status === 409).every((r) => r.body.currentRevision === 4)).toBe(true);
    });

    it('does not carry votes over to a new revision', async () => {
      for (const who of ['vote1', 'vote2', 'vote3', 'vote4']) await vote(id, 4, 'yes', who).expect(200);
      const voted = (await t.http().get(`/api/annotations/${id}`).expect(200)).body;
      expect(voted.validation).toMatchObject({ yes: 4, no: 0, verdict: 'likely_right', validated: true });
      const next = await revise(id, 4, [box(30, 30, 30, 30)], 'ann1').expect(200);
      expect(next.body.validation).toEqual({ yes: 0, no: 0, probability: null, verdict: 'unknown', validated: false });
      expect((await t.http().get(`/api/annotations/${id}/revisions/4`).expect(200)).body.validation).toMatchObject({ yes: 4, validated: true });
      const late = await vote(id, 4, 'yes', 'vote5').expect(409);
      expect(late.body).toMatchObject({ currentRevision: 5 });
    });
  });

  describe('validation votes', () => {
    let id: string;
    beforeAll(async () => {
      id = (await draw(img.id, img.pairs.cup, [box(100, 20, 40, 40)], 'ann2').expect(201)).body.id;
    });

    it('keeps one vote per voter, replacing it', async () => {
      expect((await vote(id, 1, 'yes', 'vote1').expect(200)).body).toMatchObject({ replaced: false, counted: true, validation: { yes: 1, no: 0 } });
      const changed = await vote(id, 1, 'no', 'vote1').expect(200);
      expect(changed.body).toMatchObject({ replaced: true, validation: { yes: 0, no: 1 } });
      expect(changed.body.validation.probability).toBeLessThan(0.5);
      expect((await vote(id, 1, 'maybe', 'vote1').expect(400)).body.message).toMatch(/answer must be one of: yes, no/);
      expect((await vote(id, 1, 'yes', 'ann2').expect(403)).body.message).toMatch(/your own drawing/);
    });

    it('weights votes like label votes: a flagged voter does not move the probability', async () => {
      const before = (await vote(id, 1, 'yes', 'vote2').expect(200)).body.validation;
      const voterId = await voterOf('vote3');
      await t.dataSource.query(`UPDATE voters SET flag = 'suspected_spammer' WHERE id = $1`, [voterId]);
      const flagged = await vote(id, 1, 'no', 'vote3').expect(200);
      expect(flagged.body).toMatchObject({ counted: false, validation: { yes: 1, no: 2, probability: before.probability } });
    });

    it('re-weights stored votes when a voter’s standing changes', async () => {
      const voterId = await voterOf('vote1');
      await t.dataSource.query(`UPDATE voters SET flag = 'adversarial' WHERE id = $1`, [voterId]);
      expect(await t.app.get(AnnotationVotesService).rescore()).toBeGreaterThanOrEqual(1);
      const now = (await t.http().get(`/api/annotations/${id}`).expect(200)).body.validation;
      // Only v2's yes still counts.
      expect(now).toMatchObject({ yes: 1, no: 2 });
      expect(now.probability).toBeGreaterThan(0.5);
      await t.dataSource.query(`UPDATE voters SET flag = 'training' WHERE id = $1`, [voterId]);
      await t.app.get(AnnotationVotesService).rescore();
    });
  });

  it('merges three annotators’ boxes into a consensus box', async () => {
    const three = await approvedImage(t, admin, 3, ['car']);
    await draw(three.id, three.pairs.car, [box(10, 10, 60, 40), box(120, 50, 30, 30)], 'ann1').expect(201);
    await draw(three.id, three.pairs.car, [box(12, 8, 60, 40)], 'ann2').expect(201);
    await draw(three.id, three.pairs.car, [box(11, 12, 58, 42)], 'ann3').expect(201);
    const plain = await t.http().get(`/api/images/${three.id}/annotations`).expect(200);
    expect(plain.body.labels[0].consensus).toBeUndefined();
    const res = await t.http().get(`/api/images/${three.id}/annotations?consensus=true`).expect(200);
    expect(res.body).toMatchObject({ imageId: three.id, width: 200, height: 100, numAnnotations: 3, coverage: 0 });
    const [car] = res.body.labels;
    expect(car.annotations).toHaveLength(3);
    expect(car.consensus.shapes).toEqual([box(11, 10, 59, 40)]);
    expect(car.consensus.drawings).toBe(3);
    expect(car.consensus.clusters.find((c: { members: unknown[] }) => c.members.length === 3).support).toBe(1);
    expect(car.consensus.clusters.find((c: { members: unknown[] }) => c.members.length === 1).shape).toBeNull();
    await t.http().get(`/api/images/${three.id}/annotations?consensus=maybe`).expect(400);
  });

  it('stores coverage of validated drawings and selects images by annotation.coverage and image.num_annotations', async () => {
    const validate = async (id: string) => {
      for (const who of ['vote2', 'vote4', 'vote5']) await vote(id, 1, 'yes', who).expect(200);
      for (let i = 0; i < 2; i++) await vote(id, 1, 'yes').expect(200); // anonymous voters count as well
    };
    const sixty = await approvedImage(t, admin, 10, ['bird']);
    await validate((await draw(sixty.id, sixty.pairs.bird, [box(0, 0, 100, 100), box(80, 0, 40, 100)]).expect(201)).body.id); // union 120×100 = 60 %
    const thirty = await approvedImage(t, admin, 11, ['bird']);
    await validate((await draw(thirty.id, thirty.pairs.bird, [{ type: 'polygon', points: [[0, 0], [60, 0], [60, 100], [0, 100]] }]).expect(201)).body.id);
    // 29 % is stored as 0.29, and 0.29 × 100 is 28.999…: the query must compare shares.
    const twentyNine = await approvedImage(t, admin, 13, ['bird']);
    await validate((await draw(twentyNine.id, twentyNine.pairs.bird, [box(0, 0, 58, 100)]).expect(201)).body.id);
    const unvalidated = await approvedImage(t, admin, 12, ['bird']);
    await draw(unvalidated.id, unvalidated.pairs.bird, [box(0, 0, 200, 100)]).expect(201);
    const stats = (await t.http().get(`/api/images/${sixty.id}/annotations`).expect(200)).body;
    expect(stats.coverage).toBeCloseTo(0.6, 9);
    const select = async (query: string) => {
      const { sql, params } = compileDatasetQuery(query, { imageAlias: 'i', usedParams: 0, threshold: 0.95 });
      const rows: Array<{ id: string }> = await t.dataSource.query(`SELECT i.id FROM images i WHERE i."datasetState" IS NOT NULL AND ${sql}`, params);
      return rows.map((r) => r.id).sort();
    };
    expect(await select('annotation.coverage > 50%')).toEqual([sixty.id]);
    expect(await select('annotation.coverage >= 30%')).toEqual([sixty.id, thirty.id].sort());
    expect(await select('annotation.coverage = 29%')).toEqual([twentyNine.id]);
    expect(await select('annotation.coverage >= 29% & annotation.coverage < 30%')).toEqual([twentyNine.id]);
    expect(await select('bird & annotation.coverage < 10%')).toEqual([]); // bird is not confirmed anywhere
    expect((await select('image.num_annotations = 1')).sort()).toEqual([sixty.id, thirty.id, twentyNine.id, unvalidated.id].sort());
    expect(await select('image.num_annotations >= 2')).toContain(img.id);
    // A new revision is not validated yet: the coverage it replaces goes with it.
    const [annotation] = (await t.http().get(`/api/images/${sixty.id}/annotations`).expect(200)).body.labels[0].annotations;
    await revise(annotation.id, 1, [box(0, 0, 10, 10)]).expect(200);
    expect(await select('annotation.coverage > 50%')).toEqual([]);
  });

  it('hands the export module current revisions, validated only unless asked', async () => {
    const image = await approvedImage(t, admin, 20, ['apple']);
    const good = (await draw(image.id, image.pairs.apple, [box(5, 5, 20, 20)], 'ann1').expect(201)).body.id;
    const open = (await draw(image.id, image.pairs.apple, [box(50, 5, 20, 20)], 'ann2').expect(201)).body.id;
    for (const who of ['vote2', 'vote4', 'vote5']) await vote(good, 1, 'yes', who).expect(200);
    await vote(good, 1, 'yes').expect(200);
    const service = t.app.get(AnnotationsService);
    const validated = (await service.annotationsFor([image.id], { validatedOnly: true })).get(image.id)!.get(image.pairs.apple)!;
    expect(validated).toEqual([{ id: good, shapes: [box(5, 5, 20, 20)], validated: true, probability: expect.any(Number) }]);
    const all = (await service.annotationsFor([image.id], { validatedOnly: false })).get(image.id)!.get(image.pairs.apple)!;
    expect(all.map((a) => [a.id, a.validated])).toEqual([
      [good, true],
      [open, false],
    ]);
  });
});
