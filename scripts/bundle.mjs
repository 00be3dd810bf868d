// The production build: bundles what `nest build` (tsc: type checks, decorator metadata) wrote to dist/src into
// dist/bundle/, so the server starts from one file instead of ~2,800 modules (most of its start-up was
// resolving, reading and compiling them), and compiles that file from a V8 code cache (scripts/bundle-main.mjs).
// Run by `npm run build` after nest build; dist/src stays the output of record (CLIs, tests that import it, the
// files the bundle looks up at run time).
//
// dist/bundle/: main.js (the entry: scripts/bundle-main.mjs), server.cjs (the server, CommonJS so that
// vm.Script can compile it with a cache), its build-time code cache, estimation.worker.js (the worker thread),
// source maps, and meta.json (what went into the bundle, for esbuild's bundle analyzer).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as lexer from 'es-module-lexer';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist/bundle');

/**
 * Loaded from node_modules at run time: native addons, packages that find their own files next to themselves
 * (AdminJS bundles its components from its folder, PGlite reads its .wasm, swagger-ui-dist serves its
 * assets), and packages only used on demand (archiver, the AWS SDK) that need not be parsed at each start.
 * The bundle require()s them where the code imported them (Node 20.19+ can require() an ES module).
 */
const EXTERNAL = [
  'sharp',
  'pg-native',
  'adminjs',
  'swagger-ui-dist',
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  'archiver',
  '@aws-sdk/*',
];

/**
 * Nest and others try optional packages (@nestjs/microservices, @fastify/static…) and carry on without them;
 * what is not installed stays an import for run time, where it fails as it would unbundled.
 */
const leaveMissingToRunTime = (missing) => ({
  name: 'missing-optional-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'inner' });
      if (found.errors.length === 0) return found;
      missing.add(args.path);
      return { path: args.path, external: true };
    });
  },
});

/**
 * @nestjs/typeorm looks up TypeORM 0.3's removed classes with a require() of its own; in the bundle that loaded
 * a second TypeORM from node_modules at every start (~200 ms). The bundled TypeORM answers the same question.
 */
const typeormCompat = {
  name: 'nestjs-typeorm-compat',
  setup(b) {
    b.onLoad({ filter: /@nestjs[\\/]typeorm[\\/]dist[\\/]common[\\/]typeorm-compat\.js$/ }, (args) => ({
      contents: [
        "import * as typeorm from 'typeorm';",
        'const optional = (name) => typeorm[name];',
        "export const Connection = optional('Connection');",
        "export const AbstractRepository = optional('AbstractRepository');",
      ].join('\n'),
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * The bundle require()s these external ES modules, and gets their namespace; esbuild then gives a default import
 * the whole namespace (as Node does a CommonJS module's exports), not its default export. Our code imports them
 * by name (adminjs also exports AdminJS by name); a default import fails the build here rather than at run time.
 */
const ES_MODULE_EXTERNALS = ['adminjs'];
const namedImportsOnly = {
  name: 'named-imports-of-es-module-externals',
  setup(b) {
    b.onLoad({ filter: /[\\/]dist[\\/]src[\\/].*\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      for (const name of ES_MODULE_EXTERNALS) {
        if (new RegExp(`^import\\s+[\\w$]+\\s*(,|from)[^;]*'${name}'`, 'm').test(source)) {
          throw new Error(`${args.path}: a default import of ${name}, which the bundle cannot give; import it by name`);
        }
      }
      return undefined;
    });
  },
};

/**
 * Small edits to packages' code as it goes into the bundle, each for a start-up cost the bundle would otherwise
 * keep. The build fails if a package changed so that an edit no longer applies.
 */
const PATCHES = [
  {
    // TypeORM requires its database driver by a name in a variable, which a bundler cannot follow: pg would
    // load from node_modules (~20 modules) at every start. Naming it outright puts it in the bundle.
    file: /[\\/]typeorm[\\/]platform[\\/]PlatformTools\.js$/,
    find: 'return require(name);',
    replace: 'if (name === "pg") return require("pg");\n            return require(name);',
  },
  {
    // pg asks whether it runs in a Cloudflare Worker by building a Response, which on Node 20 (no navigator)
    // loads fetch's undici, ~40 ms of every start. The bundle runs on Node.
    file: /[\\/]pg[\\/]lib[\\/]stream\.js$/,
    find: 'if (isCloudflareRuntime()) {',
    replace: 'if (false) {',
  },
];
const patchPackages = {
  name: 'patch-packages',
  setup(b) {
    for (const { file, find, replace } of PATCHES) {
      b.onLoad({ filter: file }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (!source.includes(find)) throw new Error(`${args.path}: "${find}" not found; see PATCHES in scripts/bundle.mjs`);
        return { contents: source.replace(find, replace), loader: 'js' };
      });
    }
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Class names matter at run time: TypeORM derives table names from entity classes, the OpenAPI document
  // names its schemas after DTO classes, Nest's logs after providers.
  keepNames: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: EXTERNAL,
};

/**
 * The entry require()s in order what every other module expects to have run (env-defaults.js: the libuv pool
 * size; reflect-metadata: decorators), then the server's modules, and exports runServer (src/server.ts) for
 * main.js to call: building the code cache runs the modules without starting. ES modules required from
 * CommonJS run exactly where they are required; imported, esbuild could run a CommonJS dependency after ES
 * modules imported after it.
 */
const ENTRY = `require('./dist/src/env-defaults.js');\nrequire('reflect-metadata');\nmodule.exports = require('./dist/src/server.js');\n`;

// Code that finds files through import.meta.url (package-info.ts, web-files.ts…) gets the bundle's URL.
const IMPORT_META_URL = {
  define: { 'import.meta.url': '__bundleImportMetaUrl' },
  banner: { js: "var __bundleImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

// The worker thread's bundle is an ES module like its source; CommonJS packages in it get require and __dirname.
const ESM_BANNER = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
  'const require = __bundleCreateRequire(import.meta.url);',
  'const __filename = __bundleFileURLToPath(import.meta.url);',
  "const __dirname = __bundleFileURLToPath(new URL('.', import.meta.url));",
].join(' ');

/**
 * The bundle in ASCII only: main.js then reads it as a one-byte string, where a single other character made it a
 * two-byte string decoded from UTF-8 at every start (~50 ms for 10 MB). esbuild escapes strings but leaves some
 * characters in regular expressions and comments; \\uXXXX (per UTF-16 unit) means the same in both. An escaped
 * character (a backslash before it) would not, so the build stops there.
 */
function toAscii(file, code) {
  return code.replace(/[^\x00-\x7f]/g, (char, offset) => {
    if (code[offset - 1] === '\\') throw new Error(`${file}: an escaped non-ASCII character at offset ${offset}; see toAscii`);
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * Node 20 cannot import() from code compiled by vm.Script from a code cache (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING,
 * and without a cache only with --experimental-vm-modules). What esbuild left as import() (packages it did not
 * bundle: adminjs, archiver, plugins, optional Nest packages) calls main.js's __bundleImport instead, a plain
 * import() in an ES module. es-module-lexer finds the calls, not the word in strings and comments.
 */
async function routeDynamicImports(file, code) {
  await lexer.init;
  const calls = lexer.parse(code)[0].filter((entry) => entry.d > -1);
  let routed = '';
  let from = 0;
  for (const { ss } of calls) {
    if (code.slice(ss, ss + 7) !== 'import(') throw new Error(`${file}: no import( at offset ${ss}`);
    routed += `${code.slice(from, ss)}__bundleImport`;
    from = ss + 'import'.length;
  }
  routed += code.slice(from);
  if (lexer.parse(routed)[0].some((entry) => entry.d > -1)) throw new Error(`${file}: import() calls are left after routing them`);
  return routed;
}

export async function bundle() {
  rmSync(OUT, { recursive: true, force: true });
  const missing = new Set();
  const server = await build({
    ...common,
    ...IMPORT_META_URL,
    format: 'cjs',
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'bundle-entry.cjs', loader: 'js' },
    outfile: join(OUT, 'server.cjs'),
    metafile: true,
    plugins: [namedImportsOnly, typeormCompat, patchPackages, leaveMissingToRunTime(missing)],
  });
  // The worker thread gets its own small bundle: it shares no state with the server.
  await build({
    ...common,
    format: 'esm',
    banner: { js: ESM_BANNER },
    entryPoints: { 'estimation.worker': join(ROOT, 'dist/src/validation/estimation.worker.js') },
    outdir: OUT,
  });
  writeFileSync(join(OUT, 'meta.json'), JSON.stringify(server.metafile));
  const serverFile = join(OUT, 'server.cjs');
  writeFileSync(serverFile, await routeDynamicImports(serverFile, toAscii(serverFile, readFileSync(serverFile, 'utf8'))));

  const buildId = createHash('sha256').update(readFileSync(join(OUT, 'server.cjs'))).digest('hex').slice(0, 16);
  const main = readFileSync(join(ROOT, 'scripts/bundle-main.mjs'), 'utf8');
  if (!main.includes("'__BUILD_ID__'")) throw new Error('scripts/bundle-main.mjs: the __BUILD_ID__ placeholder is missing');
  writeFileSync(join(OUT, 'main.js'), main.replace("'__BUILD_ID__'", `'${buildId}'`));
  execFileSync(process.execPath, [join(OUT, 'main.js')], { env: { ...process.env, IMAGEHIVE_BUNDLE_CACHE_ONLY: '1' }, stdio: 'inherit' });
  if (!existsSync(join(OUT, `server-${buildId}.build.v8cache`))) throw new Error('dist/bundle/main.js wrote no build-time code cache');
  return { missing: [...missing].sort() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { missing } = await bundle();
  process.stdout.write(`dist/bundle written in ${Math.round(performance.now() - started)} ms; not installed, left to run time: ${missing.join(', ') || 'none'}\n`);
}
