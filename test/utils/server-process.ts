import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/common/package-info.js';

// The production build (scripts/bundle.mjs), what `npm start` and the Docker image run.
export const MAIN = join(PROJECT_ROOT, 'dist', 'bundle', 'main.js');

export interface ServerProcess {
  child: ChildProcess;
  /** The port the server bound; known once it printed its start-up line (waitForHealthy waits for it). */
  readonly port: number;
  output: () => string;
  exited: Promise<number | null>;
  /** SIGTERM, and waits for the exit. */
  stop: () => Promise<void>;
  /** A crash on purpose (SIGKILL by default), and waits for the exit. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

const LISTENING = /Imagehive is listening on port (\d+)/;

/**
 * The built server (`npm start` without the build step: the bundle) as its own process. It binds port 0 and says which
 * port it got: a port picked here and handed over could be taken by another test worker's server meanwhile,
 * and this test would then talk to that one.
 */
export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: npm test builds it first (pretest)`);
  const child = spawn(process.execPath, [MAIN], {
    // The staff panel takes seconds to load (AdminJS); only its own tests turn it on.
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', IMAGEHIVE__ADMIN__ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  let stopping = false;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      // A server that dies on its own fails the next request with a bare "fetch failed": say why, here.
      if (!stopping && code !== 0) process.stderr.write(`[server pid ${child.pid}] exited by itself (code ${code}, signal ${signal}); its last output:\n${output.slice(-6000)}\n`);
      resolve(code);
    }),
  );
  const end = async (signal: NodeJS.Signals) => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    child,
    get port() {
      const match = LISTENING.exec(output);
      if (!match) throw new Error(`the server has not said which port it listens on yet:\n${output.slice(-2000)}`);
      return Number(match[1]);
    },
    output: () => output,
    exited,
    stop: () => end('SIGTERM'),
    kill: (signal = 'SIGKILL') => end(signal),
  };
}

/** Polls until the server answers, or fails with its output if it exits first. */
export async function waitForHealthy(server: ServerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited with ${server.child.exitCode}:\n${server.output()}`);
    const listening = LISTENING.exec(server.output());
    try {
      if (!listening) throw new Error('not listening yet');
      const res = await fetch(`http://127.0.0.1:${listening[1]}/health/ready`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${server.output()}`);
}
