import { BadRequestException } from '@nestjs/common';
import type { LabelRefDto } from '../labels/labels.dto.js';

const MAX_LABELS = 50;

/**
 * Labels from a multipart form: repeated `labels` fields, or one with commas. Plain names only (parts are
 * added with POST /api/images/:id/labels). Empty names are passed on, so validation refuses them.
 */
export function labelsFromForm(raw: unknown): LabelRefDto[] {
  if (raw === undefined) return [];
  const values = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [String(v)]));
  if (values.length > MAX_LABELS) throw new BadRequestException(`At most ${MAX_LABELS} labels per donation`);
  return values.map((label) => ({ label }));
}
