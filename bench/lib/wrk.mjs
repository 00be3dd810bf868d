import { run } from './proc.mjs';

const UNITS = { us: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

function ms(text) {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`unexpected wrk duration: ${text}`);
  return Number(match[1]) * UNITS[match[2]];
}

/** Requests/s, latency percentiles (from --latency) and error counts out of wrk's text report. */
export function parseWrk(text) {
  const number = (re) => {
    const match = re.exec(text);
    return match ? Number(match[1]) : 0;
  };
  const percentiles = {};
  for (const [, p, value] of text.matchAll(/^\s+(50|75|90|99)%\s+(\S+)\s*$/gm)) percentiles[`p${p}`] = ms(value);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const total = /(\d+) requests in ([\d.]+\w+)/.exec(text);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    requests: total ? Number(total[1]) : 0,
    durationMs: total ? ms(total[2]) : 0,
    p50Ms: percentiles.p50 ?? null,
    p75Ms: percentiles.p75 ?? null,
    p90Ms: percentiles.p90 ?? null,
    p99Ms: percentiles.p99 ?? null,
    non2xx: number(/Non-2xx or 3xx responses:\s+(\d+)/),
    socketErrors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

/** One wrk run (allowEmpty: for warm-ups, where slow requests may not finish in time): 1 thread (the 2-core machine also runs the server), 10 connections, --latency. */
export async function wrk(url, { seconds, connections = 10, threads = 1, script, timeout, env, headers = {}, allowEmpty = false } = {}) {
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency'];
  if (timeout) args.push('--timeout', timeout);
  if (script) args.push('-s', script);
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const text = await run('wrk', args, { env: { ...process.env, ...env } });
  const result = parseWrk(text);
  if (result.requests === 0 && !allowEmpty) throw new Error(`wrk made no requests against ${url}:\n${text}`);
  return result;
}
