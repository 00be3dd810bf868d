// dist/bundle/main.js: starts the bundled server (server.cjs beside it) with a V8 code cache, so a start does
// not parse and compile its ~10 MB again. Node 20 has no compile cache of its own (module.enableCompileCache
// came in 22) and none for ES modules, hence a CommonJS bundle compiled here through vm.Script.
//
// Caches, keyed by the build (BUILD_ID, a hash of server.cjs) so that one never meets another build's code:
// - server-<id>.build.v8cache, written by `npm run build` (scripts/bundle.mjs runs this file with
//   IMAGEHIVE_BUNDLE_CACHE_ONLY=1): the top-level code only, no server needed to make it;
// - server-<id>.run.v8cache, written by the first server that finds none, a few seconds after it started, when
//   it holds the functions the start ran as well. Where dist/ is read-only (the Docker image) there is none.
// V8 refuses a cache from another Node version or other flags, and the server then compiles as it would without.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const BUILD_ID = '__BUILD_ID__';
const RUN_CACHE_AFTER_MS = 5_000;

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

const cacheOnly = process.env.IMAGEHIVE_BUNDLE_CACHE_ONLY === '1';
const runCache = cacheOnly ? undefined : readCache('run');
const cachedData = runCache ?? (cacheOnly ? undefined : readCache('build'));
// The same wrapper as Node's for a CommonJS module; it must not change between writing a cache and reading it.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(filename, 'utf8')}\n})`, {
  filename,
  cachedData,
  // The bundle's import() calls (packages left in node_modules, e.g. archiver) go to Node's own loader.
  importModuleDynamically: (specifier) => import(specifier),
});

if (cacheOnly) {
  writeCache('build', script.createCachedData());
} else {
  if (!runCache || script.cachedDataRejected) {
    setTimeout(() => writeCache('run', script.createCachedData()), RUN_CACHE_AFTER_MS).unref();
  }
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, createRequire(filename), module, filename, here);
}
