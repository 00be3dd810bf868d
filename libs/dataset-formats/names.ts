import { createHash } from 'node:crypto';
import type { DatasetImage } from './model.js';

/** Room for a dedup suffix and an extension under the common 255-byte file-name limit, and readable in a listing. */
export const MAX_NAME_BYTES = 100;

// Reserved on Windows with or without an extension ("con.txt" too), in any case; superscript digits count.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])$/i;
// Separators and characters Windows forbids; control, format (bidi overrides, zero-width), surrogate,
// private-use and unassigned code points, which can disguise a name or break a file system.
const UNSAFE = /[/\\:*?"<>|\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/gu;

function utf8Length(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}

/** Cuts at a code-point boundary so the result stays valid UTF-8. */
export function truncateUtf8(value: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const char of value) {
    bytes += utf8Length(char);
    if (bytes > maxBytes) break;
    out += char;
  }
  return out;
}

// Leading dots make hidden files and "..", trailing dots and spaces are silently dropped by Windows.
function trimEdges(value: string): string {
  return value.replace(/^[\s.]+/u, '').replace(/[\s.]+$/u, '');
}

/**
 * One path segment from user data: never a separator, "..", a hidden or reserved name or an empty string,
 * at most `maxBytes` of UTF-8. Not injective: use UniqueNames where two inputs must not meet.
 */
export function sanitizeName(raw: string, maxBytes = MAX_NAME_BYTES): string {
  let name = trimEdges(raw.normalize('NFC').replace(UNSAFE, '_'));
  name = trimEdges(truncateUtf8(name, maxBytes));
  if (name === '') return '_';
  const base = name.split('.')[0].trimEnd();
  if (WINDOWS_RESERVED.test(base)) name = truncateUtf8(`_${name}`, maxBytes);
  return name;
}

/**
 * Hands out sanitised names, each different from all before it even on case-insensitive file systems, by
 * appending "-2", "-3", … in order of arrival; the same input order always gives the same names.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  constructor(private readonly maxBytes = MAX_NAME_BYTES) {}

  take(raw: string): string {
    const base = sanitizeName(raw, this.maxBytes);
    let name = base;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) {
      const suffix = `-${n}`;
      name = (trimEdges(truncateUtf8(base, this.maxBytes - suffix.length)) || '_') + suffix;
    }
    this.taken.add(name.toLowerCase());
    return name;
  }
}

/**
 * An injective, file-system-safe spelling of an id: lower-case letters, digits and "-" pass through (so a
 * UUID is unchanged); every other UTF-8 byte becomes "_" plus two hex digits. Distinct ids therefore never
 * share a name, even case-insensitively, without remembering anything. Very long ids keep a prefix and a
 * 64-bit hash after "~", which no plain encoding contains.
 */
export function encodeId(id: string): string {
  let out = '';
  for (const byte of Buffer.from(id, 'utf8')) {
    const char = String.fromCharCode(byte);
    const plain = /[a-z0-9]/.test(char) || (char === '-' && out !== '');
    out += plain ? char : `_${byte.toString(16).padStart(2, '0')}`;
  }
  if (out === '') return '_';
  if (WINDOWS_RESERVED.test(out)) out = `_${out.charCodeAt(0).toString(16)}${out.slice(1)}`;
  if (out.length > MAX_NAME_BYTES) {
    out = `${out.slice(0, MAX_NAME_BYTES - 17)}~${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16)}`;
  }
  return out;
}

/** The lower-cased extension with its dot when it looks like one (".jpg"), else "". */
export function fileExtension(fileName: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(fileName);
  return match ? `.${match[1].toLowerCase()}` : '';
}

export interface ImageName {
  /** Unique per image; label and annotation files are named `<stem>.txt`, `<stem>.xml`. */
  stem: string;
  /** `<stem><extension>`. */
  file: string;
}

/**
 * Names images consistently across all files of one export (and across passes over the source).
 * `fileName` mode has to remember each image's name; `id` mode is stateless.
 */
export class ImageNamer {
  private readonly unique = new UniqueNames();
  private readonly byId = new Map<string, string>();

  constructor(private readonly mode: 'id' | 'fileName') {}

  name(image: DatasetImage): ImageName {
    const extension = fileExtension(image.fileName);
    const stem = this.mode === 'id' ? encodeId(image.id) : this.readableStem(image);
    return { stem, file: stem + extension };
  }

  private readableStem(image: DatasetImage): string {
    let stem = this.byId.get(image.id);
    if (stem === undefined) {
      const extension = fileExtension(image.fileName);
      stem = this.unique.take(image.fileName.slice(0, image.fileName.length - extension.length));
      this.byId.set(image.id, stem);
    }
    return stem;
  }
}
