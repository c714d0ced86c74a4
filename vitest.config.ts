import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/*.test.ts'],
    exclude: ['**/node_modules/**', 'bench/out/**', '.agora-demo/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The CLI tests run bin/agora.js, i.e. the compiled dist/: build it first if src/ changed.
    globalSetup: ['test/helpers/build-dist.ts'],
    env: { GIT_NO_LAZY_FETCH: '1' },
  },
});
