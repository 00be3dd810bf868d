// The production build: bundles what `nest build` (tsc: type checks, decorator metadata) wrote to dist/src into
// dist/bundle/, so the server starts from a few files instead of ~2,800 modules (most of its start-up was
// resolving, reading and compiling them). Run by `npm run build` after nest build; dist/src stays the output
// of record (CLIs, tests that import it, the files the bundle looks up next to itself, see below).
import { rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist/bundle');

/**
 * Loaded from node_modules at run time: native addons, packages that find their own files next to themselves
 * (AdminJS bundles its components from its folder, PGlite reads its .wasm, swagger-ui-dist serves its
 * assets), and packages only used on demand (archiver, the AWS SDK) that need not be parsed at each start.
 */
const EXTERNAL = [
  'sharp',
  'pg-native',
  'adminjs',
  '@adminjs/*',
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
 * esbuild gives a split chunk's dynamic import() of a CommonJS module only a default export, where Node also
 * offers the named ones: Nest's ValidationPipe would find no classTransformer.plainToInstance. The packages
 * Nest imports that way (already loaded at start by our DTOs) become static namespace imports instead.
 */
const NAMESPACE_IMPORTS = ['class-validator', 'class-transformer'];
const eagerCommonJsImports = {
  name: 'eager-commonjs-imports',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@nestjs[\\/].*\.js$/ }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      const used = NAMESPACE_IMPORTS.filter((name) => source.includes(`import('${name}')`));
      if (used.length === 0) return undefined;
      const binding = (name) => `__namespace_${name.replace(/\W/g, '_')}`;
      for (const name of used) source = source.replaceAll(`import('${name}')`, `Promise.resolve(${binding(name)})`);
      const imports = used.map((name) => `import * as ${binding(name)} from '${name}';`).join('\n');
      return { contents: `${imports}\n${source}`, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/** Fails the build where a CommonJS module is still imported dynamically (see eagerCommonJsImports). */
function assertNoDynamicCommonJs(metafile) {
  const bad = Object.values(metafile.outputs)
    .filter((output) => output.entryPoint && metafile.inputs[output.entryPoint]?.format === 'cjs')
    .map((output) => output.entryPoint);
  if (bad.length) throw new Error(`CommonJS modules imported with import(): ${bad.join(', ')}; add them to NAMESPACE_IMPORTS in scripts/bundle.mjs`);
}

/**
 * TypeORM requires its database driver by a name in a variable, which a bundler cannot follow: pg would load
 * from node_modules (~20 modules) at every start. Naming it outright puts it in the bundle.
 */
const typeormDriver = {
  name: 'typeorm-pg-driver',
  setup(b) {
    b.onLoad({ filter: /[\\/]typeorm[\\/]platform[\\/]PlatformTools\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const call = 'return require(name);';
      if (!source.includes(call)) throw new Error(`${args.path}: "${call}" not found; see typeormDriver in scripts/bundle.mjs`);
      return { contents: source.replace(call, `if (name === "pg") return require("pg");\n            ${call}`), loader: 'js' };
    });
  },
};

// CommonJS packages in an ES module bundle call require() and read __dirname: give them the bundle's.
const banner = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
  'const require = __bundleCreateRequire(import.meta.url);',
  'const __filename = __bundleFileURLToPath(import.meta.url);',
  "const __dirname = __bundleFileURLToPath(new URL('.', import.meta.url));",
].join(' ');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Class names matter at run time: TypeORM derives table names from entity classes, the OpenAPI document
  // names its schemas after DTO classes, Nest's logs after providers.
  keepNames: true,
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  external: EXTERNAL,
  banner: { js: banner },
};

/**
 * The entry only sets up what every other module expects before it runs (env-defaults.js: the libuv pool
 * size; reflect-metadata: decorators) and then imports the server. With code splitting, shared chunks run
 * before the entry's own code, so main.js's first imports alone would come too late.
 */
const PRELUDE = `import './dist/src/env-defaults.js';\nimport 'reflect-metadata';\nawait import('./dist/src/main.js');\n`;

export async function bundle() {
  rmSync(OUT, { recursive: true, force: true });
  const missing = new Set();
  const server = await build({
    ...common,
    stdin: { contents: PRELUDE, resolveDir: ROOT, sourcefile: 'bundle-entry.js', loader: 'js' },
    outdir: OUT,
    entryNames: 'main',
    // Lazily imported parts (the staff panel, PGlite, S3) become chunks loaded on use, as unbundled.
    splitting: true,
    // One folder: code that looks for a file next to itself (the estimation worker) finds it from any chunk.
    chunkNames: '[name]-[hash]',
    metafile: true,
    plugins: [eagerCommonJsImports, typeormCompat, typeormDriver, leaveMissingToRunTime(missing)],
  });
  // The worker thread gets its own small bundle: it shares no state with the server.
  await build({ ...common, entryPoints: { 'estimation.worker': join(ROOT, 'dist/src/validation/estimation.worker.js') }, outdir: OUT });
  assertNoDynamicCommonJs(server.metafile);
  writeFileSync(join(OUT, 'meta.json'), JSON.stringify(server.metafile));
  return { missing: [...missing].sort() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const { missing } = await bundle();
  process.stdout.write(`dist/bundle written in ${Math.round(performance.now() - started)} ms; not installed, left to run time: ${missing.join(', ') || 'none'}\n`);
}
