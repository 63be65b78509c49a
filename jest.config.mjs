// Six jest projects, as DESIGN.md lays out: unit (pure), integration (handlers against the
// local emulators started by global set-up), infra (CDK template + cdk-nag), e2e (HTTP against
// the local stack started on free ports), browser (the web app in Chromium against that stack),
// security (attacks replayed against that stack).
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
// middy and file-type (with the tokenizer packages it reads through) ship ES modules only: let
// swc turn them into CommonJS for jest like our own sources.
const ESM_ONLY = ['@middy', 'file-type', 'strtok3', 'token-types', '@tokenizer', '@borewit', 'uint8array-extras'];
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];
// file-type's exports offer `import` conditions only, which jest's require-based resolver does not
// ask for: point it at the Node entry that `import` would pick.
const moduleNameMapper = { '^file-type$': '<rootDir>/node_modules/file-type/index.js' };
const setupFiles = ['<rootDir>/test/support/quiet-logs.ts'];
const base = {
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  setupFiles,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

export default {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/shared/**/*.test.ts'] },
    {
      ...base,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
    },
    { ...base, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // The school app in Debian's Chromium (playwright-core) against the local stack; fails without a browser.
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
    // Attacks replayed over HTTP against an isolated local stack per file (test/security/README.md).
    { ...base, displayName: 'security', testMatch: ['<rootDir>/test/security/**/*.test.ts'] },
  ],
};
