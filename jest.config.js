// @ts-check
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

// One SWC config for build and tests: it also rewrites the @dz/* path aliases, so modules
// loaded outside Jest's resolver (the global setup) resolve them too.
const swcrc = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));
swcrc.jsc.baseUrl = __dirname;
swcrc.jsc.parser.tsx = true;
swcrc.jsc.transform.react = { runtime: 'automatic' };

const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/jest-setup.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
};

/** @type {import('jest').Config} */
module.exports = {
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  // Files run in parallel, each with its own database cloned from the migrated template.
  maxWorkers: process.env.CI ? 2 : '50%',
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts?(x)'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
