import { spawnSync } from 'node:child_process';
import { has } from './proc.mjs';

/** nginx and wrk come from Debian: install them only when missing (the bench runs as root on Debian). */
export function ensureTools() {
  const missing = ['nginx', 'wrk'].filter((cmd) => !has(cmd));
  if (missing.length === 0) return;
  console.log(`Installing ${missing.join(' and ')} with apt-get…`);
  const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['update']).status !== 0) throw new Error('apt-get update failed');
  // nginx-light is the small build (enough for static files); newer Debian releases only have nginx.
  if (apt(['install', '-y', 'nginx-light', 'wrk']).status !== 0 && apt(['install', '-y', 'nginx', 'wrk']).status !== 0) {
    throw new Error('apt-get install of nginx and wrk failed');
  }
  for (const cmd of ['nginx', 'wrk']) if (!has(cmd)) throw new Error(`${cmd} is still missing after apt-get install`);
}

function firstMatch(cmd, args, pattern) {
  const out = spawnSync(cmd, args, { encoding: 'utf8' });
  const match = pattern.exec(`${out.stdout ?? ''}${out.stderr ?? ''}`);
  return match ? match[1] : null;
}

export function toolVersions() {
  return {
    nginx: firstMatch('nginx', ['-v'], /nginx\/(\S+)/),
    wrk: firstMatch('wrk', ['-v'], /wrk (\S+)/),
  };
}
