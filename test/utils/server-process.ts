import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/package-info.js';

export const MAIN = join(PROJECT_ROOT, 'dist', 'src', 'main.js');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
  stop: () => Promise<void>;
}

/** The built server (`npm start` without the build step) as its own process. */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: npm test builds it first (pretest)`);
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    // The staff panel takes seconds to load (AdminJS); only its own tests turn it on.
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', IMAGEHIVE__ADMIN__ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      // A server that dies on its own fails the next request with a bare "fetch failed": say why, here.
      if (!stopping && code !== 0) process.stderr.write(`[server on port ${port}] exited by itself (code ${code}, signal ${signal}); its last output:\n${output.slice(-6000)}\n`);
      resolve(code);
    }),
  );
  return {
    child,
    port,
    output: () => output,
    exited,
    stop: async () => {
      stopping = true;
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Polls until the server answers, or fails with its output if it exits first. */
export async function waitForHealthy(server: ServerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited with ${server.child.exitCode}:\n${server.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${server.output()}`);
}
