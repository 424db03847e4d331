import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * Plane boundaries from docs/ARCHITECTURE.md, enforced at import time. Each
 * ban carries its reason so the error message explains itself.
 */
const controlPlaneOnly = (plane) => [
  {
    group: ['@prisma/*', 'prisma', '@cellplane/db', '@cellplane/db/*'],
    message: `${plane} must not reach the control plane's database: it serves from pushed config only.`,
  },
  {
    group: ['ioredis', 'bullmq'],
    message: `${plane} must not depend on the control plane's Redis or queues: it must survive them being down.`,
  },
  {
    group: [
      '@cellplane/control-api',
      '@cellplane/control-api/*',
      '@cellplane/web',
      '@cellplane/web/*',
      '**/control-api/**',
      '**/web/**',
    ],
    message: `${plane} must not import control-plane or console code; the snapshot contract is the only shared surface.`,
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.next/**',
      '**/dist/**',
      '**/.state/**',
      'bench/results/**',
      'packages/rego/runtime/assembly/**',
      'packages/rego/runtime/build/**',
      'apps/web/next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['apps/gateway/**/*.ts', 'apps/cell-app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: controlPlaneOnly('The data plane') },
      ],
    },
  },
  {
    files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@prisma/*',
                'prisma',
                'pg',
                '@cellplane/db',
                '@cellplane/db/*',
                'ioredis',
                'bullmq',
              ],
              message:
                'The console reads and writes data only through the control-api over tRPC.',
            },
            {
              group: ['**/control-api/src/**', '@cellplane/control-api/*'],
              allowTypeImports: true,
              message:
                'The console may import only the control-api router type, never its runtime code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/**/*.ts'],
    ignores: ['packages/db/**', 'packages/telemetry/**', '**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['pino', '@cellplane/telemetry'],
              message:
                'Shared packages do not log: return values, throw typed errors or emit events.',
            },
            {
              group: ['@prisma/*', '@cellplane/db', 'ioredis', 'bullmq'],
              message:
                'Shared packages hold plane-neutral logic and do no control-plane I/O.',
            },
          ],
        },
      ],
    },
  },
);
