import { EventEmitter } from 'node:events';
import type { PGlite } from '@electric-sql/pglite';

type Callback = (error: Error | null, connection?: PgliteConnection, release?: (error?: unknown) => void) => void;

export class LeaseTimeoutError extends Error {
  constructor(ms: number) {
    super(
      `Waited ${ms} ms for the embedded database connection. A query probably ran outside the transaction that ` +
        'holds it (use the transaction’s entity manager inside a transaction).',
    );
    this.name = 'LeaseTimeoutError';
  }
}

const BEGIN = /^\s*(begin|start\s+transaction)\b/i;
const END = /^\s*(commit|end|rollback)\b(?!\s+to\b)/i;

/** The pg client surface TypeORM's postgres driver uses, backed by the one PGlite session. */
class PgliteConnection extends EventEmitter {
  inTransaction = false;

  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params: unknown[] = []) {
    let result;
    try {
      result = await this.db.query(sql, params);
    } catch (error) {
      // Migrations may send several statements at once; only the simple protocol takes those.
      if ((error as { code?: string }).code !== '42601' || params.length > 0) throw error;
      const results = await this.db.exec(sql);
      result = results[results.length - 1] ?? { rows: [], affectedRows: 0 };
    }
    if (BEGIN.test(sql)) this.inTransaction = true;
    else if (END.test(sql)) this.inTransaction = false;
    return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command: commandOf(sql) };
  }
}

function commandOf(sql: string): string {
  return /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
}

/**
 * PGlite is one single-threaded session. typeorm-pglite shares it between every query runner at once,
 * which interleaves concurrent transactions (lost updates, rolled-back rows kept). This pool leases the
 * session to one query runner at a time, FIFO, so each transaction runs alone, as it would on its own
 * PostgreSQL connection.
 */
export function createExclusivePgliteDriver(db: PGlite, options: { leaseTimeoutMs: number; onEnd: () => Promise<void> }) {
  const connection = new PgliteConnection(db);
  const waiters: Array<() => void> = [];
  let leased = false;

  const handOver = () => {
    const next = waiters.shift();
    if (next) next();
    else leased = false;
  };

  const acquire = (): Promise<() => Promise<void>> =>
    new Promise((resolve, reject) => {
      let released = false;
      const release = async () => {
        if (released) return;
        released = true;
        // A runner released mid-transaction must not pass its open transaction to the next one.
        if (connection.inTransaction) await connection.query('ROLLBACK').catch(() => undefined);
        handOver();
      };
      const grant = () => {
        clearTimeout(timer);
        resolve(release);
      };
      const timer = setTimeout(() => {
        const index = waiters.indexOf(grant);
        if (index >= 0) waiters.splice(index, 1);
        reject(new LeaseTimeoutError(options.leaseTimeoutMs));
      }, options.leaseTimeoutMs);
      timer.unref();
      if (!leased) {
        leased = true;
        grant();
      } else waiters.push(grant);
    });

  class Pool extends EventEmitter {
    connect(callback?: Callback): Promise<PgliteConnection> | void {
      const leased = acquire().then((release) => ({ release }));
      if (!callback) {
        return leased.then(({ release }) => Object.assign(Object.create(connection), { release }) as PgliteConnection);
      }
      leased.then(
        ({ release }) => callback(null, connection, () => void release()),
        (error: Error) => callback(error),
      );
    }

    async query(sql: string, params?: unknown[]) {
      const release = await acquire();
      try {
        return await connection.query(sql, params);
      } finally {
        await release();
      }
    }

    end(callback?: (error?: Error) => void): Promise<void> {
      const done = options.onEnd();
      if (callback) done.then(() => callback(), callback);
      return done;
    }
  }

  return { Pool };
}
