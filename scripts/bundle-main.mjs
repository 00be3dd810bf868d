// dist/bundle/main.js: starts the bundled server (server.cjs beside it) with a V8 code cache, so a start does
// not parse and compile its ~10 MB again. Node 20 has no compile cache of its own (module.enableCompileCache
// came in 22) and none for ES modules, hence a CommonJS bundle compiled here through vm.Script.
//
// Caches, keyed by the build (BUILD_ID, a hash of server.cjs) so that one never meets another build's code:
// - server-<id>.build.v8cache, written by `npm run build` (scripts/bundle.mjs runs this file with
//   IMAGEHIVE_BUNDLE_CACHE_ONLY=1): the bundle's modules run, the server not started, so it holds what loading
//   them compiles (about half of a start's compiling), and no server is needed to make it;
// - server-<id>.run.v8cache, written by the first server that finds none, just after it starts listening (the
//   'imagehive:listening' diagnostics channel, published by src/main.ts), when it holds the functions the start
//   ran as well. Where dist/ is read-only (the Docker image) there is none.
// V8 refuses a cache from another Node version or other flags, and the server then compiles as it would without.
import { subscribe } from 'node:diagnostics_channel';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const BUILD_ID = '__BUILD_ID__';
// After listening, not at once: the first requests (a readiness probe) go before the ~50 ms the cache takes.
const RUN_CACHE_AFTER_LISTEN_MS = 500;

const here = dirname(fileURLToPath(import.meta.url));
const filename = join(here, 'server.cjs');
const cacheFile = (kind) => join(here, `server-${BUILD_ID}.${kind}.v8cache`);
const readCache = (kind) => (existsSync(cacheFile(kind)) ? readFileSync(cacheFile(kind)) : undefined);

/** Written beside and renamed into place: a reader never sees half a cache, and two writers do not mix. */
function writeCache(kind, data) {
  const temporary = `${cacheFile(kind)}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, cacheFile(kind));
  } catch {
    // A read-only install: the start just goes without this cache.
    rmSync(temporary, { force: true });
  }
}

/**
 * Node's wrapper for a CommonJS module, and __bundleImport: the bundle's import() calls (packages left in
 * node_modules, plugins) come here, as compiled code cannot import() itself (see scripts/bundle.mjs). The wrapper
 * must not change between writing a cache and reading it. The bundle is ASCII (scripts/bundle.mjs makes it so):
 * latin1 reads it as is, without decoding UTF-8. A function, so the cache read is garbage once compiled.
 */
function compile(cachedData) {
  const wrapper = '(function (exports, require, module, __filename, __dirname, __bundleImport) {';
  return new Script(`${wrapper}${readFileSync(filename, 'latin1')}\n})`, { filename, cachedData });
}

/** Runs the bundle's modules (not the server): what they export, runServer among it. */
function load(script) {
  const module = { exports: {} };
  const bundleImport = (specifier, options) => import(specifier, options);
  script.runInThisContext().call(module.exports, module.exports, createRequire(filename), module, filename, here, bundleImport);
  return module.exports;
}

if (process.env.IMAGEHIVE_BUNDLE_CACHE_ONLY === '1') {
  const script = compile(undefined);
  load(script);
  writeCache('build', script.createCachedData());
  // Whatever a module started on import (a timer, a hash on the thread pool) is not waited for.
  process.exit(0);
} else {
  const hasRunCache = existsSync(cacheFile('run'));
  const script = compile(readCache(hasRunCache ? 'run' : 'build'));
  if (!hasRunCache || script.cachedDataRejected) {
    subscribe('imagehive:listening', () => {
      setTimeout(() => writeCache('run', script.createCachedData()), RUN_CACHE_AFTER_LISTEN_MS).unref();
    });
  }
  load(script).runServer();
}
