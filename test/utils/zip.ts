import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Unpacks a zip with Debian's unzip (an independent reader) and returns its files by path. */
export function unzip(data: Buffer): Map<string, Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'imagehive-zip-'));
  try {
    writeFileSync(join(dir, 'x.zip'), data);
    execFileSync('unzip', ['-q', 'x.zip', '-d', 'out'], { cwd: dir });
    const names = execFileSync('find', ['out', '-type', 'f'], { cwd: dir, encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    return new Map(names.map((n) => [n.slice(4), readFileSync(join(dir, n))]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A supertest parser that keeps the body as bytes, whatever its content type. */
export const binary = (
  res: { on: (e: string, cb: (chunk?: Buffer) => void) => void; setEncoding: (e: string) => void },
  callback: (error: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk) => chunks.push(chunk!));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
};
