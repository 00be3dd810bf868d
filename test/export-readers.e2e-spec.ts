import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseCsv } from 'csv-parse/sync';
import sharp from 'sharp';
import { parse as parseYaml } from 'yaml';
import { approvedImage, box, confirm, type DatasetImage, users } from './utils/annotation-fixtures.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';
import { binary, unzip } from './utils/zip.js';

const FORMATS = join(import.meta.dirname, 'fixtures', 'formats');
const cocoSchema = JSON.parse(readFileSync(join(FORMATS, 'coco.schema.json'), 'utf8'));

/** Validates with libxml2's xmllint against the VOC schema; returns its complaint, or '' when valid. */
function xmllintErrors(xml: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'imagehive-voc-'));
  try {
    writeFileSync(join(dir, 'a.xml'), xml);
    execFileSync('xmllint', ['--noout', '--schema', join(FORMATS, 'voc.xsd'), join(dir, 'a.xml')], { stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

/**
 * Each format is read back by a reader we did not write (ajv with COCO's field rules, libxml2 with a VOC
 * schema, csv-parse, a YAML parser, unzip) and compared with what the database holds.
 */
describe('exports read back by independent readers', () => {
  let t: TestApp;
  let admin: string;
  let a: DatasetImage;
  let b: DatasetImage;
  let pending: string;
  // The drawings on image a, in image pixels.
  const dogBox = box(10, 20, 30, 40);
  const cupPolygon: Array<[number, number]> = [
    [100, 10],
    [150, 10],
    [150, 60],
  ];

  beforeAll(async () => {
    t = await createTestApp({
      'auth.registration': 'open',
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.trainingGold': 0,
      'validation.voteThrottle': { limit: 100_000, ttlSeconds: 60 },
    });
    admin = await loginAs(t);
    const { drawer } = await users(t, ['drawer']);
    a = await approvedImage(t, admin, 31, ['dog', 'cup']);
    b = await approvedImage(t, admin, 32, ['hot dog'], { width: 120, height: 90 });
    for (const pair of [a.pairs.dog, a.pairs.cup, b.pairs['hot dog']]) await confirm(t, pair);
    const draw = async (pairId: string, shapes: unknown) => {
      const { body } = await t.http().post(`/api/images/${a.id}/annotations`).set('Authorization', `Bearer ${drawer}`).send({ pairId, shapes }).expect(201);
      for (let i = 0; i < 4; i++) await t.http().post(`/api/annotations/${body.id}/revisions/1/votes`).send({ answer: 'yes' }).expect(200);
    };
    await draw(a.pairs.dog, [dogBox]);
    await draw(a.pairs.cup, [{ type: 'polygon', points: cupPolygon }]);
    const req = t.http().post('/api/donations').field('consent', 'true').field('labels', 'dog');
    pending = (await req.attach('image', await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123' } }).png().toBuffer(), 'p.png').expect(201)).body.id;
  }, 300_000);
  afterAll(() => t.close());

  const get = async (query: string) => (await t.http().get(`/api/export?${query}`).buffer(true).parse(binary as never).expect(200)).body as Buffer;

  it('the database holds what the exports are compared with', async () => {
    const rows: Array<{ id: string }> = await t.dataSource.query(`SELECT id FROM images WHERE "datasetState" = 'approved' ORDER BY id`);
    expect(rows.map((r) => r.id)).toEqual([a.id, b.id].sort());
    expect((await t.dataSource.query(`SELECT "datasetState" AS s FROM images WHERE id = $1`, [pending]))[0].s).toBe('pending');
  });

  it('COCO passes the schema of COCO’s fields, its references hold, and the shapes are the drawn ones', async () => {
    const coco = JSON.parse((await get('format=coco')).toString('utf8'));
    const validate = new Ajv({ allErrors: true, strict: true }).compile(cocoSchema);
    const valid = validate(coco);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const imageIds = new Set(coco.images.map((i: { id: number }) => i.id));
    const categoryOf = new Map<number, string>(coco.categories.map((c: { id: number; name: string }) => [c.id, c.name]));
    expect(imageIds.size).toBe(2);
    expect([...categoryOf.values()].sort()).toEqual(['cup', 'dog', 'hot dog']);
    expect(new Set(coco.annotations.map((x: { id: number }) => x.id)).size).toBe(coco.annotations.length);
    for (const ann of coco.annotations) {
      expect(imageIds.has(ann.image_id)).toBe(true);
      expect(categoryOf.has(ann.category_id)).toBe(true);
      for (const polygon of ann.segmentation) expect(polygon.length % 2).toBe(0);
    }
    const imageA = coco.images.find((i: { width: number }) => i.width === 200);
    expect(imageA).toMatchObject({ width: 200, height: 100 });
    const ofA = (name: string) => coco.annotations.filter((x: { image_id: number; category_id: number }) => x.image_id === imageA.id && categoryOf.get(x.category_id) === name);
    const [dog] = ofA('dog');
    expect(dog.bbox).toEqual([dogBox.x, dogBox.y, dogBox.width, dogBox.height]);
    expect(dog.area).toBeCloseTo(dogBox.width * dogBox.height, 6);
    const [cup] = ofA('cup');
    expect(cup.bbox).toEqual([100, 10, 50, 50]);
    expect(cup.segmentation).toEqual([cupPolygon.flat()]);
    expect(cup.area).toBeCloseTo(1250, 6);
  });

  it('Pascal VOC validates against its XML schema with libxml2 and carries the 1-based boxes', async () => {
    const files = unzip(await get('format=voc&images=true'));
    const annotations = [...files.keys()].filter((p) => p.startsWith('Annotations/'));
    expect(annotations).toHaveLength(2);
    for (const path of annotations) expect(xmllintErrors(files.get(path)!)).toBe('');
    const xmlOfA = annotations.map((p) => files.get(p)!.toString('utf8')).find((xml) => tag(xml, 'width')[0] === '200')!;
    const [file] = tag(xmlOfA, 'filename');
    expect((await sharp(files.get(`JPEGImages/${file}`)!).metadata()).width).toBe(200);
    const objects = [...xmlOfA.matchAll(/<object>[\s\S]*?<\/object>/g)].map((m) => m[0]);
    const dog = objects.find((o) => tag(o, 'name')[0] === 'dog')!;
    expect([tag(dog, 'xmin'), tag(dog, 'ymin'), tag(dog, 'xmax'), tag(dog, 'ymax')].flat().map(Number)).toEqual([11, 21, 40, 60]);
    const cup = objects.find((o) => tag(o, 'name')[0] === 'cup')!;
    expect([tag(cup, 'xmin'), tag(cup, 'ymin'), tag(cup, 'xmax'), tag(cup, 'ymax')].flat().map(Number)).toEqual([101, 11, 150, 60]);
    // And the schema is not a rubber stamp: a box with a zero coordinate is refused.
    expect(xmllintErrors(Buffer.from(xmlOfA.replace('<xmin>11</xmin>', '<xmin>0</xmin>')))).toMatch(/xmin/);
  });

  it('YOLO follows its line grammar and ranges, and data.yaml names every class id used', async () => {
    const files = unzip(await get('format=yolo&images=true'));
    const data = parseYaml(files.get('data.yaml')!.toString('utf8')) as { names: Record<number, string> | string[]; nc?: number };
    const names = Array.isArray(data.names) ? data.names : Object.values(data.names);
    expect(data.nc).toBe(names.length);
    const labelFiles = [...files.keys()].filter((p) => p.startsWith('labels/'));
    const imageFiles = [...files.keys()].filter((p) => p.startsWith('images/'));
    expect(labelFiles.map((p) => p.slice(7, -4)).sort()).toEqual(imageFiles.map((p) => p.slice(7).replace(/\.[^.]+$/, '')).sort());
    const line = /^(\d+) (0|1|0\.\d+|1\.0+) (0|1|0\.\d+|1\.0+) (0|1|0\.\d+|1\.0+) (0|1|0\.\d+|1\.0+)$/;
    const boxes: Array<{ name: string; box: number[] }> = [];
    for (const path of labelFiles) {
      for (const text of files.get(path)!.toString('utf8').split('\n').filter(Boolean)) {
        const match = line.exec(text);
        expect(match).not.toBeNull();
        const [cls, ...box] = match!.slice(1).map(Number);
        expect(cls).toBeLessThan(names.length);
        boxes.push({ name: names[cls], box });
      }
    }
    const dog = boxes.find((x) => x.name === 'dog')!.box;
    const expected = [(dogBox.x + dogBox.width / 2) / 200, (dogBox.y + dogBox.height / 2) / 100, dogBox.width / 200, dogBox.height / 100];
    dog.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
  });

  it('CSV parses strictly with csv-parse and has one row per confirmed pair, with the votes stored', async () => {
    const rows = parseCsv((await get('format=csv')).toString('utf8'), { columns: true, strict: true, record_delimiter: '\r\n' } as never) as Array<Record<string, string>>;
    const pairs: Array<{ image: string; name: string; yes: number }> = await t.dataSource.query(
      `SELECT il."imageId" AS image, l.name, (SELECT count(*) FROM votes v WHERE v."pairId" = il.id AND v.answer = 'yes') AS yes
         FROM image_labels il JOIN labels l ON l.id = il."labelId" JOIN images i ON i.id = il."imageId"
        WHERE i."datasetState" = 'approved'`,
    );
    expect(rows.map((r) => [r.image_id, r.label, Number(r.yes)]).sort()).toEqual(pairs.map((p) => [p.image, p.name, Number(p.yes)]).sort());
  });

  it('imagefolder is what ImageFolder and Hugging Face read: a folder per class of decodable images, and metadata.jsonl', async () => {
    const files = unzip(await get('format=imagefolder&images=true'));
    // torchvision: classes are the root's folders, sorted; each holds image files.
    const classes = [...new Set([...files.keys()].filter((p) => p.includes('/')).map((p) => p.split('/')[0]))].sort();
    expect(classes).toEqual(['cup', 'dog', 'hot dog']);
    for (const [path, data] of files) if (path.includes('/')) expect(['jpeg', 'png', 'webp']).toContain((await sharp(data).metadata()).format);
    // Hugging Face: every row's file_name is a file of the archive, and every image file has a row.
    const rows = files.get('metadata.jsonl')!.toString('utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.file_name).sort()).toEqual([...files.keys()].filter((p) => p.includes('/')).sort());
    const byImage = (id: string) => rows.filter((r) => r.image_id === id).map((r) => r.label).sort();
    expect(byImage(a.id)).toEqual(['cup', 'dog']);
    expect(byImage(b.id)).toEqual(['hot dog']);
    expect(byImage(pending)).toEqual([]);
  });
});
