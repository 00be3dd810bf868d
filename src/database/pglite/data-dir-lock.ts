import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export class DataDirLockedError extends Error {
  constructor(dir: string, holder: LockHolder) {
    super(
      `The data folder ${dir} is in use by another Imagehive process (pid ${holder.pid} on ${holder.host}, ` +
        `since ${holder.since}). Stop that process first; PGlite must never be opened by two processes at once.`,
    );
    this.name = 'DataDirLockedError';
  }
}

interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

const HEARTBEAT_MS = 5_000;
/** A lock whose heartbeat is older than this belongs to a process that died without cleaning up. */
const STALE_MS = 20_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An exclusive lock on a data folder, held for the life of the process.
 *
 * Written by hand rather than with proper-lockfile: that library judges staleness by time alone, so a
 * restart straight after a crash would be refused for its whole stale period. Here a holder on this host
 * whose pid is gone is stale at once; a holder elsewhere (a shared volume) is stale when its heartbeat stops.
 */
export class DataDirLock {
  /** Folders locked by this process: the pid check below cannot tell these apart from a dead predecessor. */
  private static readonly held = new Set<string>();
  private timer?: NodeJS.Timeout;
  private readonly file: string;

  private constructor(private readonly dir: string) {
    this.file = join(dir, 'imagehive.lock');
  }

  static acquire(dir: string): DataDirLock {
    const resolved = resolve(dir);
    if (DataDirLock.held.has(resolved)) {
      throw new DataDirLockedError(resolved, { pid: process.pid, host: hostname(), since: 'earlier in this process' });
    }
    mkdirSync(resolved, { recursive: true });
    const lock = new DataDirLock(resolved);
    lock.take();
    DataDirLock.held.add(resolved);
    return lock;
  }

  private take(): void {
    const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(this.file, 'wx', 0o600);
        writeSync(fd, JSON.stringify(me));
        closeSync(fd);
        this.timer = setInterval(() => this.beat(), HEARTBEAT_MS);
        this.timer.unref();
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = this.readHolder();
      if (holder && !this.isStale(holder)) throw new DataDirLockedError(this.dir, holder);
      rmSync(this.file, { force: true });
    }
    throw new Error(`Could not take the lock ${this.file}`);
  }

  private readHolder(): LockHolder | undefined {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as LockHolder;
    } catch {
      return undefined; // half-written by a process that died mid-write: stale
    }
  }

  private isStale(holder: LockHolder): boolean {
    if (holder.host === hostname()) return holder.pid === process.pid || !isAlive(holder.pid);
    try {
      return Date.now() - statSync(this.file).mtimeMs > STALE_MS;
    } catch {
      return true;
    }
  }

  private beat(): void {
    const now = new Date();
    try {
      utimesSync(this.file, now, now);
    } catch {
      // the folder went away; nothing left to protect
    }
  }

  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    DataDirLock.held.delete(this.dir);
    const holder = this.readHolder();
    if (holder?.pid === process.pid && holder.host === hostname()) rmSync(this.file, { force: true });
  }
}
