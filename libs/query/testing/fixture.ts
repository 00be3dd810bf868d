import type { ImageFacts } from '../evaluate.js';
import { Rng } from './prng.js';

export interface FixtureLabel {
  name: string;
  confirmed: boolean;
  sublabels?: string[];
  attributes?: { key: string; value: string }[];
}

export interface FixtureImage {
  id: string;
  width: number;
  height: number;
  collection: string | null;
  numAnnotations: number;
  coverage: number;
  labels: FixtureLabel[];
}

/** Names chosen to trip up SQL quoting, placeholders, LIKE patterns and case folding. */
export const HOSTILE_NAMES = ["o'brien", 'x; DROP TABLE images; --', '$1', '"quoted"', 'back\\slash', '100%_off', ') OR (1=1'];
export const LABELS = ['dog', 'DOG', 'cat', 'bird', 'car', 'car/wheel', 't-shirt', '3d-printer', 'street light', 'lamp', 'water bottle'];
export const UNICODE_LABELS = ['ΣΑΣ', 'İstanbul', 'Straße', '猫', '🐶 dog', 'café'];
export const SUBLABELS = ['ear', 'Ear', 'eye', 'wheel', 'cap', "o'brien"];
export const ATTRIBUTE_KEYS = ['breed', 'colour', 'Material'];
export const ATTRIBUTE_VALUES = ['Labrador Retriever', 'labrador retriever', 'red', 'Blue', 'wood', '$2', "it's; --"];
export const COLLECTIONS = ['Holiday 2024', 'holiday 2024', 'summer', "o'neil; --"];
export const WIDTHS = [300, 639, 640, 641, 1024, 4000];
export const COVERAGES = [0, 12.5, 33.3, 50, 50.5, 100];

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

function image(n: number, labels: FixtureLabel[], rest: Partial<FixtureImage> = {}): FixtureImage {
  return { id: uuid(n), width: 640, height: 480, collection: null, numAnnotations: 0, coverage: 0, labels, ...rest };
}

const yes = (name: string, extra: Partial<FixtureLabel> = {}): FixtureLabel => ({ name, confirmed: true, ...extra });
const maybe = (name: string, extra: Partial<FixtureLabel> = {}): FixtureLabel => ({ name, confirmed: false, ...extra });

/** Twelve images written for specific cases, then random ones from the same pools. */
export function buildFixture(seed: number, randomCount = 18): FixtureImage[] {
  const images = [
    image(1, [yes('dog', { sublabels: ['ear'], attributes: [{ key: 'breed', value: 'Labrador Retriever' }] })], {
      collection: 'Holiday 2024',
      numAnnotations: 3,
      coverage: 50,
    }),
    image(2, [yes('dog'), yes('cat')], { width: 1024, height: 768, numAnnotations: 1, coverage: 12.5 }),
    image(3, [yes('cat'), maybe('dog', { sublabels: ['ear'] })], { width: 639 }),
    image(4, [], { width: 300, height: 200 }),
    image(5, [maybe('bird')], { width: 4000, height: 3000 }),
    image(6, [yes('t-shirt'), yes('street light')], { coverage: 100, numAnnotations: 7 }),
    image(7, [yes('lamp'), yes("o'brien", { sublabels: ['$1'] }), yes('x; DROP TABLE images; --'), yes('$1')], { collection: "o'neil; --" }),
    image(8, [yes('DOG', { sublabels: ['Ear'] })], { width: 641 }),
    image(9, [yes('ΣΑΣ'), yes('İstanbul'), yes('Straße'), yes('猫'), yes('🐶 dog')]),
    image(10, [yes('water bottle', { sublabels: ['cap'], attributes: [{ key: 'colour', value: 'red' }, { key: 'colour', value: 'Blue' }] })], {
      collection: "o'neil; --",
    }),
    image(11, [yes('car', { sublabels: ['wheel'] }), yes('car/wheel'), maybe('3d-printer')], { collection: 'summer', coverage: 33.3 }),
    image(12, [yes('"quoted"'), yes('back\\slash'), yes('café'), yes('100%_off')], { collection: 'holiday 2024', numAnnotations: 2 }),
  ];
  const rng = new Rng(seed);
  const names = [...LABELS, ...UNICODE_LABELS, ...HOSTILE_NAMES];
  const last = images.length + randomCount;
  for (let n = images.length + 1; n <= last; n++) {
    const labels = rng.some(names, 4).map((name) => ({
      name,
      confirmed: rng.chance(0.7),
      sublabels: rng.some(SUBLABELS, 2),
      attributes: rng.some(ATTRIBUTE_KEYS, 2).map((key) => ({ key, value: rng.pick(ATTRIBUTE_VALUES) })),
    }));
    images.push(
      image(n, labels, {
        width: rng.pick(WIDTHS),
        height: rng.pick(WIDTHS),
        collection: rng.chance(0.5) ? rng.pick(COLLECTIONS) : null,
        numAnnotations: rng.int(5),
        coverage: rng.pick(COVERAGES),
      }),
    );
  }
  return images;
}

/** What the reference adapter's SQL sees, in the evaluator's terms. */
export function factsOf(image: FixtureImage): ImageFacts {
  const confirmed = image.labels.filter((l) => l.confirmed);
  return {
    labels: confirmed.map(({ name, sublabels, attributes }) => ({ name, sublabels, attributes })),
    width: image.width,
    height: image.height,
    numLabels: confirmed.length,
    numAnnotations: image.numAnnotations,
    coverage: image.coverage,
    collection: image.collection,
    unlabeled: image.labels.length === 0,
  };
}

interface Db {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export async function loadFixture(db: Db, images: FixtureImage[]): Promise<void> {
  const labelIds = new Map<string, string>();
  for (const img of images) {
    for (const label of img.labels) if (!labelIds.has(label.name)) labelIds.set(label.name, uuid(100_000 + labelIds.size));
  }
  for (const [name, id] of labelIds) await db.query('INSERT INTO labels (id, name) VALUES ($1, $2)', [id, name]);
  for (const img of images) {
    await db.query('INSERT INTO images (id, width, height, collection, num_annotations, coverage) VALUES ($1, $2, $3, $4, $5, $6)', [
      img.id,
      img.width,
      img.height,
      img.collection,
      img.numAnnotations,
      img.coverage,
    ]);
    for (const label of img.labels) {
      const labelId = labelIds.get(label.name)!;
      await db.query('INSERT INTO image_labels (image_id, label_id, confirmed) VALUES ($1, $2, $3)', [img.id, labelId, label.confirmed]);
      const attributes = [...(label.sublabels ?? []).map((value) => ({ key: 'has', value })), ...(label.attributes ?? [])];
      for (const { key, value } of attributes) {
        await db.query('INSERT INTO image_label_attributes (image_id, label_id, key, value) VALUES ($1, $2, $3, $4)', [img.id, labelId, key, value]);
      }
    }
  }
}
