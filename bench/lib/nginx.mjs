import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, stopChild, waitFor200 } from './proc.mjs';

/**
 * The reference static server: 1 worker, sendfile, no access log, in the foreground (daemon off) so it
 * is our child and dies with us. `root` holds the files to serve; `dir` takes conf, pid, logs and temp paths.
 */
export async function startNginx({ dir, root, probePath }) {
  const port = await freePort();
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  types { image/jpeg jpg; image/webp webp; image/png png; }
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
}
`,
  );
  const started = performance.now();
  // -e: the error log before the config is read (otherwise /var/log/nginx/error.log).
  const child = spawn('nginx', ['-c', conf, '-p', dir, '-e', join(dir, 'error.log')], { stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}${probePath}`, { child, timeoutMs: 10_000 });
  return { child, base, port, startMs: performance.now() - started, stop: () => stopChild(child, 5_000) };
}
