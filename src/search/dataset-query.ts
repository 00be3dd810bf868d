import { BadRequestException } from '@nestjs/common';
import { compileToSql, type ImageNumberField, parseQuery, QuerySyntaxError, type SqlAdapter, type SqlComparison } from '../../libs/query/index.js';

/**
 * The query language over Imagehive's schema. A label is "confirmed" when its pair's probability reaches the
 * threshold with at least minVotes yes/no votes (one yes is never "100 %"); names match any term of the label (its name, synonyms, translations), case-insensitively.
 */
function adapter(i: string, threshold: string, minVotes: string): SqlAdapter {
  const confirmed = (alias: string) =>
    `${alias}.probability IS NOT NULL AND ${alias}.probability >= ${threshold} AND ${alias}.yes + ${alias}.no >= ${minVotes}`;
  const named = (alias: string, name: string) =>
    `EXISTS (SELECT 1 FROM label_terms t WHERE t."labelId" = ${alias}."labelId" AND lower(t.term) = lower(${name}))`;
  // FALSE for every image, yet each value is still used (and typed): PostgreSQL refuses a statement that is
  // sent a parameter it never reads.
  const nothing = (...values: string[]) => `(FALSE AND ${values.map((v) => `${v}::text IS NOT NULL`).join(' AND ')})`;
  const numbers: Record<ImageNumberField, string> = {
    width: `(SELECT b.width FROM blobs b WHERE b.sha256 = ${i}."blobSha256")`,
    height: `(SELECT b.height FROM blobs b WHERE b.sha256 = ${i}."blobSha256")`,
    num_labels: `(SELECT count(*) FROM image_labels q WHERE q."imageId" = ${i}.id AND q."parentLabelId" IS NULL AND ${confirmed('q')})`,
    num_annotations: `COALESCE((SELECT s."numAnnotations" FROM image_annotation_stats s WHERE s."imageId" = ${i}.id), 0)`,
  };
  return {
    label: (name) => `EXISTS (SELECT 1 FROM image_labels q WHERE q."imageId" = ${i}.id AND q."parentLabelId" IS NULL AND ${confirmed('q')} AND ${named('q', name)})`,
    // As the reference semantics say: the part is confirmed, and so is the whole it belongs to on this image.
    labelHas: (label, part) =>
      `EXISTS (SELECT 1 FROM image_labels q WHERE q."imageId" = ${i}.id AND q."parentLabelId" IS NOT NULL AND ${confirmed('q')} AND ${named('q', part)}` +
      ` AND EXISTS (SELECT 1 FROM label_terms w WHERE w."labelId" = q."parentLabelId" AND lower(w.term) = lower(${label}))` +
      ` AND EXISTS (SELECT 1 FROM image_labels o WHERE o."imageId" = ${i}.id AND o."labelId" = q."parentLabelId" AND o."parentLabelId" IS NULL AND ${confirmed('o')}))`,
    // Label attributes other than parts are not recorded yet: no image has them.
    labelAttribute: (label, key, value) => nothing(label, key, value),
    imageNumber: (field: ImageNumberField, op: SqlComparison, value) => `${numbers[field]} ${op} ${value}`,
    // Stored as a share (annotations/); the query speaks in percent. No row yet: nothing covered.
    // Compared as shares, not as share × 100: 0.29 × 100 is 28.999…, which is not >= 29.
    coverage: (op, value) => `COALESCE((SELECT s.coverage FROM image_annotation_stats s WHERE s."imageId" = ${i}.id), 0) ${op} ${value}::double precision / 100`,
    // Images have no collections yet: none is in any.
    collection: (name) => nothing(name),
    unlabeled: () => `NOT EXISTS (SELECT 1 FROM image_labels q WHERE q."imageId" = ${i}.id)`,
  };
}

export interface CompiledDatasetQuery {
  sql: string;
  params: unknown[];
}

/** A label counts only with at least this many yes/no votes unless a request says otherwise: one yes is never "100 %". */
export const DEFAULT_MIN_VOTES = 3;

/**
 * Parses and compiles a query for a statement whose images table is `imageAlias` and which already uses
 * `usedParams` placeholders. A syntax error is a 400 with the position and a caret under it.
 */
export function compileDatasetQuery(
  text: string,
  options: { imageAlias: string; usedParams: number; threshold: number; minVotes?: number },
): CompiledDatasetQuery {
  let ast;
  try {
    ast = parseQuery(text);
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      throw new BadRequestException({ message: `Query error: ${error.message}`, position: error.position, length: error.length, caret: error.format() });
    }
    throw error;
  }
  const thresholdParam = `$${options.usedParams + 1}`;
  const votesParam = `$${options.usedParams + 2}`;
  const compiled = compileToSql(ast, adapter(options.imageAlias, thresholdParam, votesParam), { firstParam: options.usedParams + 3 });
  // PostgreSQL refuses a parameter it cannot type, so a query without labels (annotation.coverage > 50%)
  // must not send the threshold at all: compile again without reserving its placeholders.
  if (!new RegExp(`\\${thresholdParam}(?!\\d)`).test(compiled.sql)) {
    const plain = compileToSql(ast, adapter(options.imageAlias, 'NULL', 'NULL'), { firstParam: options.usedParams + 1 });
    return { sql: plain.sql, params: plain.params };
  }
  return { sql: compiled.sql, params: [options.threshold, options.minVotes ?? DEFAULT_MIN_VOTES, ...compiled.params] };
}
