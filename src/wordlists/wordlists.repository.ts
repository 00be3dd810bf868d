import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Injectable } from '@nestjs/common';
import { PROJECT_ROOT } from '../common/package-info.js';

/** Reads the plain-text lists in wordlists/ (one entry a line, # comments), each once. */
@Injectable()
export class WordlistsRepository {
  private readonly cache = new Map<string, string[]>();

  read(name: string): string[] {
    let words = this.cache.get(name);
    if (!words) {
      words = readFileSync(join(PROJECT_ROOT, 'wordlists', name), 'utf8')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#'));
      if (words.length === 0) throw new Error(`wordlists/${name} is empty`);
      this.cache.set(name, words);
    }
    return words;
  }

  /** Every file under <root>/<language>/ (default: the shipped wordlists/), as paths relative to the root. */
  vocabularyFiles(dir?: string): Array<{ path: string; content: string }> {
    const root = dir ? resolve(dir) : join(PROJECT_ROOT, 'wordlists');
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.parentPath !== root && /\.(txt|ya?ml)$/.test(entry.name))
      .map((entry) => {
        const full = join(entry.parentPath, entry.name);
        return { path: relative(root, full).split(sep).join('/'), content: readFileSync(full, 'utf8') };
      })
      .sort((a, b) => a.path.localeCompare(b.path));
  }
}
