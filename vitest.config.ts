import { defineConfig } from 'vitest/config';

/**
 * One vitest run covers unit, integration and the planes end-to-end test.
 * Browser specs under e2e/ belong to Playwright and are run by it.
 */
export default defineConfig({
  test: {
    include: ['{apps,packages,test,bench,prisma,scripts}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.next/**', 'e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
