import { open, readFile } from 'node:fs/promises';

/** A Buffer of the file's bytes, or a path to read. Never a name or a client-declared type. */
export type ImageInput = Buffer | string;

/** Enough for every magic number here, ISO-BMFF brand lists and a markup prolog with a licence comment. */
export const SNIFF_BYTES = 4100;

export async function readBytes(input: ImageInput): Promise<Buffer> {
  return typeof input === 'string' ? readFile(input) : input;
}

export async function readHead(input: ImageInput, length = SNIFF_BYTES): Promise<Buffer> {
  if (typeof input !== 'string') return input.subarray(0, length);
  const file = await open(input, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
