// Bulk seeding in plain SQL, into a database the real migrations made (the server's first start), in the
// shape the app writes: approved dataset images with vocabulary labels, voters, votes, and each pair's
// counters, weight sum, probability and verdict as VotingService would have left them after those votes.
// Every pair gets the same vote pattern, so its state is folded once with the app's own consensus code.
import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { applyVote, pairProbability, pairVerdict, priorWeight } = await import(join(ROOT, 'dist/libs/consensus/index.js'));

// The configuration defaults (validation.*): the servers the bench starts do not change them.
const PRIOR_PROBABILITY = 0.5;
const PRIOR_ACCURACY = 0.7;
const CONFIRMED = 0.95;

export async function connect(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * `images` approved, visible dataset images (one synthetic blob each) with `labelsPerImage` distinct
 * vocabulary labels. Returns the pair ids in a stable order.
 */
export async function seedDataset(client, { images, labelsPerImage = 2 }) {
  const { rows: labels } = await client.query(`SELECT id FROM labels WHERE kind = 'object' AND NOT retired AND "parentId" IS NULL ORDER BY name LIMIT 50`);
  if (labels.length < labelsPerImage) throw new Error(`only ${labels.length} vocabulary labels: did the label sync run?`);
  const sha = `encode(sha256(('bench-blob-' || n)::bytea), 'hex')`;
  await client.query(
    `INSERT INTO blobs (sha256, "storageKey", size, "mimeType", format, width, height)
     SELECT ${sha}, 'bench/' || ${sha} || '.jpg', 200000 + n % 1000, 'image/jpeg', 'jpeg', 1024 + n % 7, 768 + n % 5
       FROM generate_series(1, $1::int) n`,
    [images],
  );
  await client.query(
    `INSERT INTO images (slug, "blobSha256", "originalName", "originalSize", compressed, "deletionSecretHash", "datasetState", "donatedAt", license)
     SELECT 'b' || substr(md5('bench-slug-' || n), 1, 11), ${sha}, 'photo-' || n || '.jpg', 200000 + n % 1000, false,
            encode(sha256(('bench-deletion-' || n)::bytea), 'hex'), 'approved', now(), 'CC0-1.0'
       FROM generate_series(1, $1::int) n`,
    [images],
  );
  await client.query(
    `INSERT INTO image_labels ("imageId", "labelId")
     SELECT i.id, ($2::uuid[])[1 + (i.k + j) % cardinality($2::uuid[])]
       FROM (SELECT id, (row_number() OVER (ORDER BY id))::int AS k FROM images) i, generate_series(0, $1::int - 1) j`,
    [labelsPerImage, labels.map((l) => l.id)],
  );
  const { rows } = await client.query('SELECT id FROM image_labels ORDER BY id');
  return rows.map((r) => r.id);
}

/**
 * Anonymous voters `v<index padded to 31 digits>` (a 32-character cookie id, as issueVoterCookie makes), so the
 * bench can sign their cookies itself: see cookieFor. `counted` voters' votes weigh the prior's weight.
 */
export async function seedVoters(client, { count, counted, from = 0 }) {
  await client.query(
    `INSERT INTO voters ("anonKey", counted) SELECT encode(sha256(('v' || lpad(n::text, 31, '0'))::bytea), 'hex'), $3
       FROM generate_series($1::int, $1::int + $2::int - 1) n`,
    [from, count, counted],
  );
}

const voterId = (index) => `v${String(index).padStart(31, '0')}`;

/** The signed cookie of seeded voter `index`, as src/validation/voter-identity.ts signs it with this secret. */
export function cookieFor(index, secret) {
  const id = voterId(index);
  return `ih_voter=${id}.${createHmac('sha256', `${secret}:voter`).update(id).digest('base64url')}`;
}

export const anonKeyOf = (index) => createHash('sha256').update(voterId(index)).digest('hex');

/** The pair state VotingService leaves after these answers (in order) from voters whose votes weigh `weight`. */
export function foldVotes(answers, counted) {
  const w = counted ? priorWeight(PRIOR_ACCURACY) : { yes: 0, no: 0 };
  let state = { weightSum: 0, answered: 0, informative: 0, unsure: 0 };
  const counts = { yes: 0, no: 0, unsure: 0 };
  for (const answer of answers) {
    const weight = answer === 'unsure' ? 0 : w[answer];
    state = applyVote(state, null, { answer, weight });
    counts[answer]++;
  }
  const probability = state.informative > 0 ? pairProbability(state, PRIOR_PROBABILITY) : null;
  const verdict = pairVerdict(state, PRIOR_PROBABILITY, { right: CONFIRMED, wrong: 1 - CONFIRMED });
  return { ...counts, informative: state.informative, weightSum: state.weightSum, probability, verdict, weights: w };
}

/**
 * `perPair` votes on each of the first `pairs` pairs (ordered by id) from the `voters` seeded voters, vote j of
 * pair p by voter (p + j·⌊voters/perPair⌋) mod voters, so no voter votes twice on a pair. `answerOf(j)` gives
 * each rank's answer; the pairs' counters and scores are set to what those votes add up to.
 */
export async function seedVotes(client, { pairs, perPair, voters, answerOf, counted }) {
  if (perPair > voters) throw new Error(`${perPair} votes per pair need at least as many voters (${voters})`);
  const answers = Array.from({ length: perPair }, (_, j) => answerOf(j));
  const state = foldVotes(answers, counted);
  const step = Math.floor(voters / perPair);
  await client.query('DROP TABLE IF EXISTS pg_temp.bench_pairs, pg_temp.bench_voters');
  await client.query(`CREATE TEMP TABLE bench_pairs AS SELECT (row_number() OVER (ORDER BY id) - 1)::int AS k, id FROM image_labels`);
  await client.query(
    `CREATE TEMP TABLE bench_voters AS SELECT n AS k, v.id FROM generate_series(0, $1::int - 1) n
       JOIN voters v ON v."anonKey" = encode(sha256(('v' || lpad(n::text, 31, '0'))::bytea), 'hex')`,
    [voters],
  );
  await client.query(
    `INSERT INTO votes ("pairId", "voterId", answer, weight)
     SELECT p.id, v.id, ($5::text[])[1 + j], CASE ($5::text[])[1 + j] WHEN 'yes' THEN $6::float8 WHEN 'no' THEN $7::float8 ELSE 0 END
       FROM bench_pairs p CROSS JOIN generate_series(0, $2::int - 1) j
       JOIN bench_voters v ON v.k = (p.k + j * $4::int) % $3::int
      WHERE p.k < $1`,
    [pairs, perPair, voters, step, answers, state.weights.yes, state.weights.no],
  );
  await client.query(
    `UPDATE image_labels SET yes = $2, no = $3, unsure = $4, informative = $5, "weightSum" = $6, probability = $7, verdict = $8
      WHERE id IN (SELECT id FROM bench_pairs WHERE k < $1)`,
    [pairs, state.yes, state.no, state.unsure, state.informative, state.weightSum, state.probability, state.verdict],
  );
  return state;
}
