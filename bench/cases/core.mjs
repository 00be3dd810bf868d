// The first cases: cold start and idle RSS, serving an original and a cached variant vs nginx, and ShareX
// uploads vs a bare sharp loop, all on one server over an empty PostgreSQL database.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { onCleanup } from '../lib/cleanup.mjs';
import { log, quiet, versus, withRss } from '../lib/compare.mjs';
import { photoJpeg, screenshotPng } from '../lib/images.mjs';
import { startNginx } from '../lib/nginx.mjs';
import { freePort, rssOf, run, sleep } from '../lib/proc.mjs';
import { apiToken, createDatabase, download, multipartBody, startServer, upload } from '../lib/server.mjs';
import { summary } from '../lib/stats.mjs';
import { wrk } from '../lib/wrk.mjs';

const HERE = fileURLToPath(new URL('..', import.meta.url));
const sha = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Runs the selected ones of coldstart, serve and upload into `results` (cold start always: it starts the server). */
export async function core(ctx, selected, results) {
  const { tmp, password } = ctx;
  const SECONDS = ctx.seconds;
  const RUNS = ctx.runs;
  const UPLOAD_SECONDS = ctx.uploadSeconds;
  const WAIT_IDLE = ctx.waitIdle;
  const UPLOAD_CLIENT = ctx.uploadClient;
  const CONNECTIONS = ctx.connections;
  const WARMUP_SECONDS = ctx.warmupSeconds;
  const www = join(tmp, 'www');
  mkdirSync(www, { mode: 0o755 });

  const photo = await photoJpeg();
  const screenshot = await screenshotPng();
  writeFileSync(join(tmp, 'screenshot.png'), screenshot);
  results.images = { photoJpegBytes: photo.length, screenshotPngBytes: screenshot.length };
  log(`images: photo.jpg ${photo.length} B, screenshot.png ${screenshot.length} B`);

  const db = await createDatabase();
  onCleanup(`database ${db.name}`, db.drop);
  const serverOptions = { port: await freePort(), dataDir: join(tmp, 'data'), databaseUrl: db.url, password, logFile: join(tmp, 'server.log') };
  onCleanup('server log on failure', () => process.exitCode && process.stderr.write(`--- server log (tail) ---\n${tailOf(serverOptions.logFile)}\n`));

  // Cold start. The first start on the empty database also migrates and creates the admin: reported apart.
  results.coldStart = { before: await quiet('cold start', WAIT_IDLE) };
  let server = null;
  onCleanup('Imagehive server', () => server?.stop());
  server = await startServer(serverOptions);
  results.coldStart.firstStartWithMigrationsMs = server.readyMs;
  await server.stop();
  const readyMs = [];
  const idleRss = [];
  for (let i = 0; i < RUNS; i++) {
    server = await startServer(serverOptions);
    readyMs.push(server.readyMs);
    await sleep(2000); // settle, then read the idle footprint
    idleRss.push(rssOf(server.pid));
    if (i < RUNS - 1) await server.stop();
  }
  Object.assign(results.coldStart, { readyMs: summary(readyMs), idleRssBytes: summary(idleRss) });
  log(`cold start: ${readyMs.map((x) => x.toFixed(0)).join(' / ')} ms (first start with migrations ${results.coldStart.firstStartWithMigrationsMs.toFixed(0)} ms)`);

  // Content to serve: the photo as uploaded (an admin may bypass compression; otherwise it would be
  // re-encoded to WebP), and its cached 512 px WebP variant (rendered here, once).
  const secret = await apiToken(server.base, password);
  const photoUpload = await upload(server.base, secret, multipartBody(photo, 'photo.jpg', 'image/jpeg'), { 'Compression-Bypass': 'true' });
  const originalUrl = `${server.base}${new URL(photoUpload.rawUrl).pathname}`;
  const variantUrl = `${server.base}/i/${photoUpload.slug}?w=512&format=webp`;
  const original = await download(originalUrl);
  const variant = await download(variantUrl);
  // nginx serves exactly the bytes Imagehive serves.
  writeFileSync(join(www, 'photo.jpg'), original.bytes);
  writeFileSync(join(www, 'variant.webp'), variant.bytes);
  results.images.servedOriginal = { path: new URL(originalUrl).pathname, bytes: original.bytes.length, contentType: original.contentType, sameAsUploaded: sha(original.bytes) === sha(photo) };
  if (!results.images.servedOriginal.sameAsUploaded) log(`WARNING: the served JPEG (${original.bytes.length} B) differs from the uploaded one`);
  results.images.servedVariant = { path: `/i/${photoUpload.slug}?w=512&format=webp`, bytes: variant.bytes.length, contentType: variant.contentType };

  const nginx = await startNginx({ dir: join(tmp, 'nginx'), root: www, probePath: '/photo.jpg' });
  onCleanup('nginx', nginx.stop);
  results.nginxStartMs = nginx.startMs;
  for (const [path, bytes] of [['/photo.jpg', original.bytes], ['/variant.webp', variant.bytes]]) {
    if (sha((await download(`${nginx.base}${path}`)).bytes) !== sha(bytes)) throw new Error(`nginx does not serve the same bytes for ${path}`);
  }

  // Uploads: the exact body the load client replays, checked once through fetch.
  const multipart = multipartBody(screenshot, 'screenshot.png', 'image/png');
  const bodyFile = join(tmp, 'upload.body');
  writeFileSync(bodyFile, multipart.body);
  const probe = await upload(server.base, secret, multipart, { 'Image-Format': 'webp', 'Image-Quality': '80' });
  const sharpOut = await sharp(screenshot).webp({ quality: 80 }).toBuffer();
  if (!probe.compressed || !probe.rawUrl.endsWith('.webp')) throw new Error(`upload was not converted to WebP: ${JSON.stringify(probe)}`);
  results.images.upload = { storedBytes: probe.size, sharpBaselineBytes: sharpOut.length, multipartBytes: multipart.body.length };
  log(`upload check: stored ${probe.size} B WebP (bare sharp: ${sharpOut.length} B)`);

  const perSecond = (figures) => ({ ...figures, perSecond: figures.requestsPerSecond ?? figures.perSecond });
  const get = (url, seconds = SECONDS) => async () => perSecond(await wrk(url, { seconds, connections: CONNECTIONS }));
  const uploadEnv = { BENCH_CONTENT_TYPE: multipart.contentType, BENCH_TOKEN: secret, BENCH_IMAGE_FORMAT: 'webp', BENCH_IMAGE_QUALITY: '80', BENCH_BODY: bodyFile };
  const uploads = (seconds, warmup = false) => async () => {
    const url = `${server.base}/api/upload`;
    const figures =
      UPLOAD_CLIENT === 'wrk'
        ? await wrk(url, { seconds, connections: CONNECTIONS, script: join(HERE, 'upload.lua'), timeout: '30s', env: uploadEnv, allowEmpty: true })
        : JSON.parse(await run(process.execPath, [join(HERE, 'upload-load.mjs'), url, bodyFile, String(seconds), String(CONNECTIONS)], { env: { ...process.env, ...uploadEnv } }));
    // wrk cuts the uploads in flight at its deadline, which can kill the server (see bench/README.md).
    if (UPLOAD_CLIENT === 'wrk') await sleep(500);
    if (server.child.exitCode !== null || server.child.signalCode !== null) throw new Error('the Imagehive server died during an upload run (log below)');
    if (!warmup && perSecond(figures).perSecond === 0) log(`WARNING: no upload completed within ${seconds} s (a busy machine? try a longer BENCH_UPLOAD_SECONDS)`);
    return perSecond(figures);
  };
  const sharpLoop = async () => ({
    non2xx: 0,
    socketErrors: 0,
    ...JSON.parse(await run(process.execPath, [join(HERE, 'sharp-loop.mjs'), join(tmp, 'screenshot.png'), String(UPLOAD_SECONDS), String(CONNECTIONS), '80'])),
  });
  const serving = (url, nginxUrl) => ({
    warmups: [get(url, WARMUP_SECONDS), get(nginxUrl, WARMUP_SECONDS)],
    imagehive: () => withRss(server.pid, get(url)),
    baseline: get(nginxUrl),
  });
  const cases = {
    serveOriginal: ['case 1: serve the JPEG by link vs nginx', serving(originalUrl, `${nginx.base}/photo.jpg`)],
    serveVariant: ['case 2: serve the cached 512 px variant vs nginx', serving(variantUrl, `${nginx.base}/variant.webp`)],
    upload: [
      `case 3: upload PNG → WebP q80 (${UPLOAD_CLIENT} client) vs a bare sharp loop`,
      // 10 uploads in flight take over a second each: a 1 s warm-up would see none finish.
      { warmups: [uploads(3 * WARMUP_SECONDS, true)], imagehive: () => withRss(server.pid, uploads(UPLOAD_SECONDS)), baseline: sharpLoop },
    ],
  };
  const wanted = { serveOriginal: 'serve', serveVariant: 'serve', upload: 'upload' };
  for (const [name, [title, sides]] of Object.entries(cases)) {
    if (!selected.has(wanted[name])) continue;
    log(title);
    const before = await quiet(name, WAIT_IDLE);
    results.cases[name] = { before, ...(await versus(name, { runs: RUNS, backendPids: db.backendPids, ...sides })) };
  }

  const maxRss = (...names) => {
    const seen = names.flatMap((name) => results.cases[name]?.rounds.map((r) => r.imagehive.maxRssBytes) ?? []);
    return seen.length ? Math.max(...seen) : null;
  };
  results.rss = {
    idleBytes: results.coldStart.idleRssBytes,
    maxServingBytes: maxRss('serveOriginal', 'serveVariant'),
    maxUploadBytes: maxRss('upload'),
    afterLoadBytes: rssOf(server.pid),
  };
}

function tailOf(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}
