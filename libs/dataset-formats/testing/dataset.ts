import type { DatasetAnnotation, DatasetImage, DatasetLabel, Shape } from '../model.js';

import { mulberry32 as prng } from '../../prng/index.js';

export { prng };

/** Label names that break naive writers: separators, traversal, markup, formulas, YAML 1.1 booleans, bidi, case twins. */
export const HOSTILE_LABELS = [
  'dog',
  'Dog',
  'Straße 猫 🐈',
  'a/b',
  '../x',
  '<tag>&"',
  "=cmd|' /C calc'!A0",
  'yes',
  'CON',
  'tab\there, "q"\r\nline',
  '\u202Egnp.exe',
  '@SUM(1+1)',
];

const HOSTILE_IDS = ['../../etc/passwd', 'CON', 'ABC', 'abc', 'a b', '.hidden', 'x'.repeat(300), 'ünï/cødé'];
const FILE_NAMES = ['photo.jpg', 'photo.JPG', '../evil.png', 'no-extension', 'a/b.webp', 'CON.jpg', ' .jpg', 'x.tar.gz'];

export interface DatasetSpec {
  images?: number;
  seed?: number;
}

export function buildDataset({ images = 200, seed = 42 }: DatasetSpec = {}): DatasetImage[] {
  const rand = prng(seed);
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const hex = (n: number) => Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  const out: DatasetImage[] = [];
  for (let i = 0; i < images; i++) {
    const width = int(40, 2000);
    const height = int(40, 2000);
    const id = i < HOSTILE_IDS.length ? HOSTILE_IDS[i] : `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    const labels: DatasetLabel[] = [];
    const names = new Set(Array.from({ length: int(0, 4) }, () => pick(HOSTILE_LABELS)));
    for (const name of names) {
      const yes = int(0, 10);
      const no = int(0, 5);
      const annotations: DatasetAnnotation[] = Array.from({ length: int(0, 2) }, (_, a) => ({
        id: `${id}/${name}/${a}`,
        validated: rand() < 0.7,
        probability: rand(),
        shapes: Array.from({ length: int(1, 3) }, () => randomShape(rand, width, height)),
      }));
      labels.push({ name, probability: yes + no === 0 ? 0 : yes / (yes + no), votes: { yes, no, unsure: int(0, 3) }, annotations });
    }
    out.push({
      id,
      fileName: rand() < 0.3 ? pick(FILE_NAMES) : `${hex(6)}.${pick(['jpg', 'png', 'webp'])}`,
      width,
      height,
      ...(rand() < 0.8 && { url: `https://img.example/${encodeURIComponent(id)}` }),
      ...(rand() < 0.5 && { license: pick([{ name: 'CC0' }, { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' }]) }),
      ...(rand() < 0.3 && { collection: 'street' }),
      labels,
    });
  }
  return out;
}

/** Mostly inside the image, sometimes over its edge, rotated or degenerate, to exercise clipping and skipping. */
function randomShape(rand: () => number, width: number, height: number): Shape {
  const kind = rand();
  const spill = rand() < 0.25 ? 0.3 : 0;
  const x = (rand() * (1 + 2 * spill) - spill) * width;
  const y = (rand() * (1 + 2 * spill) - spill) * height;
  const rotation = rand() < 0.3 ? rand() * 360 - 180 : undefined;
  const degenerate = rand() < 0.03;
  if (kind < 0.4) {
    const w = degenerate ? 0 : 1 + rand() * width * 0.5;
    return { type: 'rect', x, y, width: w, height: 1 + rand() * height * 0.5, ...(rotation !== undefined && { rotation }) };
  }
  if (kind < 0.7) {
    return { type: 'ellipse', cx: x, cy: y, rx: 0.5 + rand() * width * 0.3, ry: degenerate ? 0 : 0.5 + rand() * height * 0.3, ...(rotation !== undefined && { rotation }) };
  }
  const n = degenerate ? 2 : 3 + Math.floor(rand() * 6);
  // A star-ish walk around a centre keeps most polygons simple (non-self-intersecting).
  return {
    type: 'polygon',
    points: Array.from({ length: n }, (_, k) => {
      const t = (2 * Math.PI * k) / n;
      const r = (0.2 + rand()) * Math.min(width, height) * 0.3;
      return [x + r * Math.cos(t), y + r * Math.sin(t)] as [number, number];
    }),
  };
}
