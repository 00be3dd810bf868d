import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = 'bundle.stamp';

/**
 * What AdminJS's production bundle is built from: its version and our component files (they import packages
 * only, which the bundle leaves external). The same stamp means the bundle on disk is the one a build would make.
 */
export function bundleStamp(adminJsVersion: string, files: string[]): string {
  const hash = createHash('sha256').update(`adminjs ${adminJsVersion}\n`);
  for (const path of [...files].sort()) hash.update(`${path}\n`).update(readFileSync(path)).update('\n');
  return hash.digest('hex');
}

/**
 * Bundling takes babel and rollup seconds of CPU and ~100 MB at every start; the stamp beside the bundle lets
 * a restart of the same build skip it.
 */
export function bundleIsCurrent(dir: string, stamp: string): boolean {
  try {
    return existsSync(join(dir, 'bundle.js')) && readFileSync(join(dir, STAMP), 'utf8') === stamp;
  } catch {
    return false;
  }
}

export function recordBundle(dir: string, stamp: string): void {
  writeFileSync(join(dir, STAMP), stamp);
}
