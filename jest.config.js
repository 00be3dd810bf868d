// Jest runs in ESM mode (NestJS 12 is ESM-only and Node 20 cannot require() it from Jest's CJS loader).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const base = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setup/env.ts'],
};

/** The database suites (test/**) run twice: on embedded PGlite and on the PostgreSQL server. */
const databaseSuite = (name, database = name, testMatch = ['<rootDir>/test/**/*.e2e-spec.ts']) => ({
  ...base,
  displayName: name,
  testMatch,
  setupFiles: [...base.setupFiles, `<rootDir>/test/setup/${database}.ts`],
  globalSetup: '<rootDir>/test/setup/global-setup.js',
  globalTeardown: '<rootDir>/test/setup/global-teardown.js',
});

export default {
  maxWorkers: 2,
  testTimeout: 180_000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/src/**/*.spec.ts'] },
    databaseSuite('pglite'),
    databaseSuite('postgres'),
    // `npm run test:reliability` (issue #11): attacks, crashes and races. PostgreSQL only (two instances
    // need a shared database); the bad inputs also run on PGlite, where storage and rows are written differently.
    databaseSuite('reliability', 'postgres', ['<rootDir>/test/reliability/**/*.rel-spec.ts']),
    databaseSuite('reliability-pglite', 'pglite', ['<rootDir>/test/reliability/bad-inputs.rel-spec.ts']),
  ],
};
