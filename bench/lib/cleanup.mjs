// One place that undoes everything the bench set up, in reverse order, exactly once: on success,
// on failure and on Ctrl-C alike. Each step is isolated so one failing step does not skip the rest.

const steps = [];
let running = null;

/** Registers an async undo step; returns a function that drops it (when it is no longer needed). */
export function onCleanup(label, fn) {
  const step = { label, fn };
  steps.push(step);
  return () => {
    const i = steps.indexOf(step);
    if (i >= 0) steps.splice(i, 1);
  };
}

/** Undoes, in reverse order, the steps registered since `scope()` returned `mark` (one case's servers, say). */
export async function unwind(mark) {
  while (steps.length > mark) {
    const { label, fn } = steps.pop();
    try {
      await fn();
    } catch (error) {
      process.stderr.write(`cleanup: ${label} failed: ${error?.message ?? error}\n`);
    }
  }
}

export const scope = () => steps.length;

export function cleanupAll() {
  running ??= (async () => {
    while (steps.length) {
      const { label, fn } = steps.pop();
      try {
        await fn();
      } catch (error) {
        process.stderr.write(`cleanup: ${label} failed: ${error?.message ?? error}\n`);
      }
    }
  })();
  return running;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: cleaning up…\n`);
    cleanupAll().finally(() => process.exit(130));
  });
}
