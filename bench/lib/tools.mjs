import { spawnSync } from 'node:child_process';
import { has } from './proc.mjs';

// Command → the Debian package that brings it. nginx-light is the small build (enough for static files);
// newer Debian releases only have nginx. psql, curl and GNU time serve the export case.
const TOOLS = { nginx: ['nginx-light', 'nginx'], wrk: ['wrk'], psql: ['postgresql-client'], curl: ['curl'], '/usr/bin/time': ['time'] };

/** The load tools come from Debian: installed only when missing (the bench runs as root on Debian). */
export function ensureTools() {
  const missing = Object.keys(TOOLS).filter((cmd) => !has(cmd));
  if (missing.length === 0) return;
  console.log(`Installing ${missing.join(', ')} with apt-get…`);
  const apt = (args) => spawnSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (apt(['update']).status !== 0) throw new Error('apt-get update failed');
  for (const cmd of missing) {
    if (!TOOLS[cmd].some((pkg) => apt(['install', '-y', pkg]).status === 0)) throw new Error(`apt-get install of ${TOOLS[cmd].join(' or ')} failed`);
    if (!has(cmd)) throw new Error(`${cmd} is still missing after apt-get install`);
  }
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
