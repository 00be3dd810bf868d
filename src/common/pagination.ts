import { BadRequestException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { SelectQueryBuilder } from 'typeorm';
import { ValidateInt, ValidateString } from './validation.js';

/** Query parameters of every cursor-paginated list. */
export class PageQueryDto {
  @ValidateInt({ min: 1, max: 200, optional: true, description: 'Items per page (default 50)' })
  limit?: number;

  @ValidateString({ max: 200, optional: true, description: 'The nextCursor of the previous page' })
  cursor?: string;
}

export class PageInfoDto {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' })
  nextCursor: string | null;
}

interface Cursor {
  t: string;
  id: string;
}

/** As toISOString() writes it, which is what nextCursor holds. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

function decode(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (typeof parsed.t === 'string' && ISO_TIME.test(parsed.t) && !Number.isNaN(Date.parse(parsed.t)) && typeof parsed.id === 'string' && isUUID(parsed.id)) return parsed;
  } catch {
    // fall through
  }
  throw new BadRequestException('cursor is not a cursor this server handed out');
}

/**
 * Keyset pages by (createdAt, id), newest first unless asked otherwise: stable under inserts, unlike offsets.
 * Fetches one extra row to know whether another page exists.
 */
export async function paginate<T extends { createdAt: Date; id: string }>(
  query: SelectQueryBuilder<T>,
  alias: string,
  page: PageQueryDto,
  { order = 'DESC', column = 'createdAt' }: { order?: 'ASC' | 'DESC'; column?: string } = {},
): Promise<{ items: T[]; nextCursor: string | null }> {
  const limit = page.limit ?? 50;
  if (page.cursor) {
    const { t, id } = decode(page.cursor);
    query.andWhere(`(${alias}."${column}", ${alias}.id) ${order === 'DESC' ? '<' : '>'} (:cursorTime, :cursorId)`, { cursorTime: t, cursorId: id });
  }
  const rows = await query.orderBy(`${alias}.${column}`, order).addOrderBy(`${alias}.id`, order).take(limit + 1).getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const lastTime = last ? ((last as unknown as Record<string, Date | null>)[column] ?? null) : null;
  const nextCursor = rows.length > limit && lastTime ? Buffer.from(JSON.stringify({ t: lastTime.toISOString(), id: last!.id })).toString('base64url') : null;
  return { items, nextCursor };
}
