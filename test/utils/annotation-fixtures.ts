import sharp from 'sharp';
import { photo } from '../../libs/imaging/testing/fixtures.js';
import type { TestApp } from './test-app.js';

export interface Pair {
  id: string;
  name: string;
}

export interface DatasetImage {
  id: string;
  slug: string;
  pairs: Record<string, string>;
}

/** Donates a photo with labels and approves it; returns its id, link id and pair id by label name. */
export async function approvedImage(t: TestApp, admin: string, seed: number, labels: string[], size = { width: 200, height: 100 }): Promise<DatasetImage> {
  const data = await sharp(await photo(size.width, size.height, seed)).jpeg({ quality: 95 }).toBuffer();
  const req = t.http().post('/api/donations').field('consent', 'true');
  for (const l of labels) req.field('labels', l);
  const { body } = await req.attach('image', data, 'x.jpg').expect(201);
  await t.http().post(`/api/moderation/images/${body.id}`).set('Authorization', `Bearer ${admin}`).send({ action: 'approve' }).expect(200);
  const slug = new URL(body.rawUrl).pathname.split('/').pop()!.replace(/\.[a-z]+$/, '');
  return { id: body.id, slug, pairs: Object.fromEntries((body.labels as Pair[]).map((p) => [p.name, p.id])) };
}

/** Enough "yes" votes from fresh anonymous voters (needs validation.trainingGold 0) to confirm a label. */
export async function confirm(t: TestApp, pairId: string, votes = 4): Promise<void> {
  for (let i = 0; i < votes; i++) await t.http().post(`/api/validation/${pairId}/votes`).send({ answer: 'yes' }).expect(200);
}

/** Registers users and returns their session tokens by name. */
export async function users(t: TestApp, names: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const username of names) {
    out[username] = (await t.http().post('/api/auth/register').send({ username, password: 'password123' }).expect(201)).body.accessToken;
  }
  return out;
}

export const box = (x: number, y: number, width: number, height: number) => ({ type: 'rect' as const, x, y, width, height });

export const cookieOf = (res: { headers: Record<string, unknown> }) => String((res.headers['set-cookie'] as unknown as string[])[0]).split(';')[0]!;
