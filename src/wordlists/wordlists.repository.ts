import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
}
