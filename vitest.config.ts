import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/*.test.ts'],
    exclude: ['**/node_modules/**', 'bench/out/**', '.agora-demo/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { GIT_NO_LAZY_FETCH: '1' },
  },
});
