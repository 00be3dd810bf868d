import { BadRequestException, Injectable } from '@nestjs/common';
import { ConfigService } from '../config/config.service.js';
import { compileDatasetQuery, DEFAULT_MIN_VOTES } from '../search/dataset-query.js';
import type { StoredFormat } from '../uploads/formats.js';
import { imageLinks } from '../uploads/links.js';
import type { DatasetSearchQueryDto, DatasetSearchResultDto } from './explore.dto.js';
import { ExploreRepository } from './explore.repository.js';

const encodeCursor = (t: Date, id: string) => Buffer.from(JSON.stringify({ t: t.toISOString(), id })).toString('base64url');

function decodeCursor(cursor: string): { t: string; id: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; id?: unknown };
    if (typeof parsed.t === 'string' && !Number.isNaN(Date.parse(parsed.t)) && typeof parsed.id === 'string' && /^[0-9a-f-]{36}$/i.test(parsed.id)) {
      return { t: parsed.t, id: parsed.id };
    }
  } catch {
    // fall through
  }
  throw new BadRequestException('cursor is not a cursor this server handed out');
}

/** Browsing the dataset by query: the live count and a page of matching images for the explore page. */
@Injectable()
export class ExploreService {
  constructor(
    private readonly repo: ExploreRepository,
    private readonly config: ConfigService,
  ) {}

  async search(dto: DatasetSearchQueryDto, base: string): Promise<DatasetSearchResultDto> {
    const threshold = dto.threshold ?? this.config.values.validation.confirmedThreshold;
    // The export's rule, so the count shown beside a query is the count its export holds.
    const minVotes = dto.minVotes ?? DEFAULT_MIN_VOTES;
    // Not trimmed: error positions must match the text the user typed.
    const text = dto.query?.trim() ? dto.query : undefined;
    // Compiled twice because the two statements number their own parameters differently.
    const compile = (usedParams: number) => (text ? compileDatasetQuery(text, { imageAlias: 'i', usedParams, threshold, minVotes }) : undefined);
    const limit = dto.limit ?? 24;
    const after = dto.cursor ? decodeCursor(dto.cursor) : null;
    const [count, rows] = await Promise.all([this.repo.count(compile(0)), this.repo.page(limit + 1, after, compile(3))]);
    const items = rows.slice(0, limit);
    const labels = await this.repo.labels(items.map((r) => r.id), dto.lang ?? 'en');
    const thumb = this.config.values.variants.thumbnailSize;
    const last = items[items.length - 1];
    return {
      count,
      threshold,
      minVotes,
      nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.createdAt), last.id) : null,
      items: items.map((row) => {
        const links = imageLinks(base, row.slug, row.format as StoredFormat, thumb);
        return {
          id: row.id,
          ...links,
          width: row.width,
          height: row.height,
          labels: labels
            .filter((l) => l.imageId === row.id)
            .map((l) => ({ name: l.name, display: l.display, probability: l.probability, confirmed: l.probability !== null && l.probability >= threshold && l.votes >= minVotes })),
        };
      }),
    };
  }
}
