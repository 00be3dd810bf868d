import { createHash } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';

export interface SplitPart {
  name: string;
  share: number;
}

/** `train:0.8,val:0.1,test:0.1` → parts whose shares add up to 1. */
export function parseSplit(text: string): SplitPart[] {
  const parts = text.split(',').map((piece) => {
    const match = /^\s*([a-z][a-z0-9_-]{0,19})\s*:\s*(0(\.\d+)?|1(\.0+)?)\s*$/i.exec(piece);
    if (!match) throw new BadRequestException(`split: "${piece}" is not name:share (e.g. train:0.8)`);
    return { name: match[1].toLowerCase(), share: Number(match[2]) };
  });
  if (new Set(parts.map((p) => p.name)).size !== parts.length) throw new BadRequestException('split: each part needs its own name');
  const total = parts.reduce((sum, p) => sum + p.share, 0);
  if (Math.abs(total - 1) > 1e-9) throw new BadRequestException(`split: shares must add up to 1 (they add up to ${total})`);
  return parts;
}

/** The part a group falls in: a hash of seed and group key, so the same data and seed always split alike. */
export function splitOf(groupKey: string, parts: SplitPart[], seed: number): string {
  const digest = createHash('sha256').update(`${seed}:${groupKey}`).digest();
  const u = digest.readUInt32BE(0) / 2 ** 32;
  let edge = 0;
  for (const part of parts) {
    edge += part.share;
    if (u < edge) return part.name;
  }
  return parts[parts.length - 1].name;
}

/** Groups of near-duplicates (union–find over the flagged pairs): each image's group key is its group's smallest id. */
export function duplicateGroups(edges: Array<{ a: string; b: string }>): (id: string) => string {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = parent.get(node) ?? root;
      parent.set(node, root);
      node = next;
    }
    return root;
  };
  for (const { a, b } of edges) {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      const [small, large] = ra < rb ? [ra, rb] : [rb, ra];
      parent.set(large, small);
      parent.set(small, small);
    }
  }
  return find;
}
