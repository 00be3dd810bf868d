import type { ImageNumberField } from './ast.js';
import type { Param, SqlAdapter, SqlComparison } from './sql.js';

/** The example schema the reference adapter targets; the application's own schema stays close to it. */
export const REFERENCE_SCHEMA_SQL = `
CREATE TABLE images (
  id uuid PRIMARY KEY,
  width integer NOT NULL,
  height integer NOT NULL,
  collection text NULL,
  num_annotations integer NOT NULL DEFAULT 0,
  coverage double precision NOT NULL DEFAULT 0
);
CREATE TABLE labels (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE
);
CREATE TABLE image_labels (
  image_id uuid NOT NULL REFERENCES images(id),
  label_id uuid NOT NULL REFERENCES labels(id),
  confirmed boolean NOT NULL,
  PRIMARY KEY (image_id, label_id)
);
CREATE TABLE image_label_attributes (
  image_id uuid NOT NULL,
  label_id uuid NOT NULL,
  key text NOT NULL,
  value text NOT NULL,
  FOREIGN KEY (image_id, label_id) REFERENCES image_labels(image_id, label_id)
);
`;

export interface ReferenceAdapterOptions {
  /** Alias of `images` in the surrounding statement (`FROM images i`). */
  imageAlias?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Fragments for the reference schema. "Confirmed" is the `image_labels.confirmed` flag here; the application
 * puts its own threshold in its adapter. Names compare with `lower()` on both sides, so the database needs a
 * UTF-8 ctype (C.UTF-8, ICU or a UTF-8 libc locale) for non-ASCII names to fold like `foldCase`.
 */
export function referenceAdapter({ imageAlias = 'i' }: ReferenceAdapterOptions = {}): SqlAdapter {
  if (!IDENTIFIER.test(imageAlias)) throw new Error(`Not a plain SQL identifier: ${JSON.stringify(imageAlias)}`);
  const i = imageAlias;
  const confirmedLabel = (label: Param) =>
    `FROM image_labels il JOIN labels l ON l.id = il.label_id WHERE il.image_id = ${i}.id AND il.confirmed AND lower(l.name) = lower(${label})`;
  const attribute = (label: Param, key: string, value: Param) =>
    `EXISTS (SELECT 1 ${confirmedLabel(label)} AND EXISTS (SELECT 1 FROM image_label_attributes a` +
    ` WHERE a.image_id = il.image_id AND a.label_id = il.label_id AND lower(a.key) = lower(${key}) AND lower(a.value) = lower(${value})))`;
  const columns: Record<ImageNumberField, string> = {
    width: `${i}.width`,
    height: `${i}.height`,
    num_annotations: `${i}.num_annotations`,
    num_labels: `(SELECT count(*) FROM image_labels il WHERE il.image_id = ${i}.id AND il.confirmed)`,
  };

  return {
    label: (name) => `EXISTS (SELECT 1 ${confirmedLabel(name)})`,
    labelHas: (label, sublabel) => attribute(label, `'has'`, sublabel),
    labelAttribute: (label, key, value) => attribute(label, key, value),
    imageNumber: (field: ImageNumberField, op: SqlComparison, value) => `${columns[field]} ${op} ${value}`,
    coverage: (op, value) => `${i}.coverage ${op} ${value}`,
    // `collection` is nullable: the IS NOT NULL keeps the fragment FALSE rather than NULL for images without one.
    collection: (name) => `${i}.collection IS NOT NULL AND lower(${i}.collection) = lower(${name})`,
    unlabeled: () => `NOT EXISTS (SELECT 1 FROM image_labels il WHERE il.image_id = ${i}.id)`,
  };
}
