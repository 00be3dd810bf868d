// Whether the hot validation queries scan whole tables: the exact SQL the app sends (captured from the built
// ValidationRepository with a recording stand-in for its DataSource), run under EXPLAIN ANALYZE in a rolled-back
// transaction, and pg_stat_user_tables' scan counters around the measured load.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from '../lib/proc.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { ValidationRepository } = await import(join(ROOT, 'dist/src/validation/validation.repository.js'));
// What a vote writes to its pair (any values: the statement runs in a rolled-back transaction).
const PAIR_FIELDS = { yes: 1, no: 0, unsure: 0, informative: 0, weightSum: 0, probability: null, verdict: 'unknown', baselineProbability: null, baselineAt: null };
const TABLES = ['votes', 'voters', 'image_labels', 'images', 'blobs', 'labels'];

/** The SQL and parameters of the vote path and of the task query, for this voter and pair. */
async function hotQueries(voterId, pairId) {
  const sent = [];
  const recorder = { query: async (sql, params) => (sent.push({ sql, params }), []) };
  const repo = new ValidationRepository(recorder);
  // onlyFirst: the task query's second statement (every pair, LIMIT NULL) runs only when the first one comes
  // back short, which it always does against this recorder.
  const named = async (name, call, onlyFirst = false) => {
    const before = sent.length;
    await call();
    return sent.slice(before, onlyFirst ? before + 1 : undefined).map((q) => ({ name, ...q }));
  };
  return [
    ...(await named('vote: lock voter', () => repo.lockVoter(recorder, voterId))),
    ...(await named('vote: lock pair, earlier vote', () => repo.lockPair(recorder, pairId, voterId))),
    ...(await named('vote: save vote and pair', () => repo.saveVote(recorder, { pairId, voterId, answer: 'yes', weight: 0 }, PAIR_FIELDS))),
    ...(await named('next: candidates', () => repo.candidates(voterId, null, { gold: false, limit: 200 }), true)),
    ...(await named('next: gold candidates', () => repo.candidates(voterId, null, { gold: true, limit: 10 }), true)),
  ];
}

function scans(plan, out = []) {
  if (plan['Relation Name']) out.push(`${plan['Node Type']} on ${plan['Relation Name']}${plan['Index Name'] ? ` using ${plan['Index Name']}` : ''}`);
  for (const child of plan.Plans ?? []) scans(child, out);
  return out;
}

/** EXPLAIN ANALYZE of each hot query; `seqScans` lists the tables read whole. Nothing is kept (ROLLBACK). */
export async function explainHot(client, voterId, pairId) {
  const out = [];
  for (const { name, sql, params } of await hotQueries(voterId, pairId)) {
    await client.query('BEGIN');
    try {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
      const [{ Plan: plan, 'Execution Time': ms }] = rows[0]['QUERY PLAN'];
      const nodes = scans(plan);
      out.push({ name, executionMs: ms, nodes, seqScans: nodes.filter((n) => n.startsWith('Seq Scan')).map((n) => n.slice('Seq Scan on '.length)) });
    } finally {
      await client.query('ROLLBACK');
    }
  }
  return out;
}

/** Sequential and index scans per table so far (after letting the server's backends flush their counters). */
export async function tableScans(client) {
  await sleep(1500);
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query('SELECT relname, seq_scan, COALESCE(idx_scan, 0) AS idx_scan FROM pg_stat_user_tables WHERE relname = ANY($1)', [TABLES]);
  return Object.fromEntries(rows.map((r) => [r.relname, { seq: Number(r.seq_scan), idx: Number(r.idx_scan) }]));
}

export function scanDelta(before, after) {
  return Object.fromEntries(Object.keys(after).map((t) => [t, { seq: after[t].seq - (before[t]?.seq ?? 0), idx: after[t].idx - (before[t]?.idx ?? 0) }]));
}
