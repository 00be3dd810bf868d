/** One progress line on stderr with counts and an ETA; silent when the output is for machines (--json). */
export function progress(total: number, silent: boolean): (extra?: string) => void {
  const started = Date.now();
  let done = 0;
  return (extra = '') => {
    done++;
    if (silent) return;
    const rate = done / ((Date.now() - started) / 1000 || 1);
    const eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    process.stderr.write(`\r${done}/${total} ${extra} · ${rate.toFixed(1)}/s · ETA ${eta}s   `);
    if (done === total) process.stderr.write('\n');
  };
}
