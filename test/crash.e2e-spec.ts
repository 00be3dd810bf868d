import { statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { noise } from '../libs/imaging/testing/fixtures.js';
import { api, type CrashableServer, multipart, sendMultipart, startCrashableServer, until } from './utils/crash.js';
import { listFiles } from './utils/files.js';
import type { ServerProcess } from './utils/server-process.js';

const sendUpload = (server: ServerProcess, token: string, body: Buffer, boundary: string, bytes?: number) =>
  sendMultipart(server, '/api/upload', token, body, boundary, bytes);

describe('a crash mid-upload', () => {
  let crash: CrashableServer;
  let dataDir: string;
  let server: ServerProcess | undefined;
  let token: string;
  let big: Buffer;

  beforeAll(async () => {
    big = await sharp(noise(1600, 1200, 5), { raw: { width: 1600, height: 1200, channels: 3 } }).png().toBuffer();
    // Every body through a temp file: its appearing is how these tests know the upload has begun.
    crash = await startCrashableServer({ IMAGEHIVE__UPLOADS__IN_MEMORY_BYTES: '0' });
    dataDir = crash.dataDir;
    server = crash.server();
    const created = await api(server, '/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await crash.login()}` },
      body: JSON.stringify({ name: 'crash', scopes: ['upload', 'read'] }),
    });
    token = created.body!.secret as string;
  });

  afterAll(() => crash?.close());

  const kill = () => crash.kill();
  const restart = async () => {
    await crash.restart();
    server = crash.server();
  };
  /** Every listed upload has its bytes and every stored file belongs to a listed upload. */
  const consistent = async () => {
    const list = await api(server!, '/api/uploads?limit=200', { headers: { authorization: token } });
    const shas = new Set((list.body!.items as Array<{ sha256: string }>).map((i) => i.sha256));
    const stored = listFiles(join(dataDir, 'files', 'blobs')).map((f) => /([0-9a-f]{64})/.exec(f)![1]);
    expect(new Set(stored)).toEqual(shas);
    expect(listFiles(join(dataDir, 'tmp'))).toEqual([]);
    for (const sha of shas) expect(stored).toContain(sha);
    return shas.size;
  };

  it('while the body is still arriving leaves no temp file, no blob and no row', async () => {
    const boundary = 'crashboundary1';
    const body = multipart(big, boundary);
    sendUpload(server!, token, body, boundary, Math.floor(body.length / 2));
    await until(() => listFiles(join(dataDir, 'tmp', 'uploads')).length > 0);
    await kill();
    await restart();
    expect(await consistent()).toBe(0);
  }, 120_000);

  it('while the image is being processed and stored leaves storage and rows consistent', async () => {
    for (const delay of [50, 150, 300, 600]) {
      const boundary = `crashboundary${delay}`;
      const variant = await sharp(noise(1600, 1200, delay), { raw: { width: 1600, height: 1200, channels: 3 } }).png().toBuffer();
      sendUpload(server!, token, multipart(variant, boundary), boundary);
      await until(() => listFiles(join(dataDir, 'tmp', 'uploads')).length > 0);
      await new Promise((resolve) => setTimeout(resolve, delay));
      await kill();
      await restart();
      await consistent();
    }
  }, 240_000);

  it('survives a client that hangs up mid-upload, leaving nothing behind', async () => {
    const boundary = 'hangup';
    const body = multipart(big, boundary);
    const req = sendUpload(server!, token, body, boundary, Math.floor(body.length / 3));
    await until(() => listFiles(join(dataDir, 'tmp', 'uploads')).length > 0);
    req.destroy();
    await until(() => listFiles(join(dataDir, 'tmp', 'uploads')).length === 0);
    expect(server!.child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${server!.port}/health`)).status).toBe(200);
    await consistent();
  }, 120_000);

  it('drops an upload whose client hung up while it was being processed: nothing stored, no server error', async () => {
    const stored = await consistent();
    const boundary = 'gone';
    // Noise encodes slowly: the hang-up lands while sharp is at work.
    const slow = await sharp(noise(3000, 2000, 13), { raw: { width: 3000, height: 2000, channels: 3 } }).png().toBuffer();
    const logged = server!.output().length;
    const req = sendUpload(server!, token, multipart(slow, boundary), boundary);
    const temp = () => listFiles(join(dataDir, 'tmp', 'uploads'));
    // The whole file has arrived (the body is in, the handler runs), then the client goes.
    await until(() => temp().some((f) => statSync(join(dataDir, 'tmp', 'uploads', f)).size === slow.length));
    req.destroy();
    // The handler lets go of its temp file when it stops; the grace covers a handler that would store it anyway.
    await until(() => temp().length === 0);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(server!.output().slice(logged)).not.toMatch(/"level":50/);
    expect(await consistent()).toBe(stored);
  }, 120_000);

  it('still accepts uploads afterwards', async () => {
    const boundary = 'afterwards';
    const small = await sharp(noise(64, 64, 9), { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer();
    const res = await fetch(`http://127.0.0.1:${server!.port}/api/upload`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: multipart(small, boundary),
    });
    expect(res.status).toBe(201);
    expect(await consistent()).toBeGreaterThanOrEqual(1);
  });
});
