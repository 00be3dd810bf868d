import type { TextEntry } from './model.js';

/** An entry's content as a stream whether it was generated whole or lazily. */
export async function* contentChunks(content: TextEntry['content']): AsyncGenerator<string> {
  if (typeof content === 'string') yield content;
  else yield* content;
}

/**
 * Joins the writers' small per-image chunks into pieces of at least `minChars`, so a zip or HTTP stream
 * gets fewer, larger writes. Reads ahead by at most one piece.
 */
export async function* coalesce(content: TextEntry['content'], minChars = 64 * 1024): AsyncGenerator<string> {
  let pending: string[] = [];
  let size = 0;
  for await (const chunk of contentChunks(content)) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= minChars) {
      yield pending.join('');
      pending = [];
      size = 0;
    }
  }
  if (size > 0) yield pending.join('');
}

/** The whole content as one string: for small entries and tests, never for a full export. */
export async function readText(content: TextEntry['content']): Promise<string> {
  let text = '';
  for await (const chunk of contentChunks(content)) text += chunk;
  return text;
}
