import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/** AGORA_TEST_REPORT=FILE also writes vitest's JSON report there (.ci/run prints the slowest files from it). */
const report = process.env.AGORA_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/*.test.ts'],
    exclude: ['**/node_modules/**', 'bench/out/**', '.agora-demo/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // expect.poll gives up after 1 s by default: too short for a browser page or a server on a loaded 2-core
    // machine running two test files at once. A value that never comes still fails, 15 s later.
    expect: { poll: { timeout: 15_000 } },
    // One test file more than there are cores (vitest's default leaves one core free: on CI's 2 cores that is
    // one worker). Most files spend much of their time waiting on child processes (the CLI, git, Chromium,
    // PostgreSQL): a clean-clone .ci/run took 17 min 49 s with three workers on two cores, about 20.5 min with
    // two. VITEST_MAX_WORKERS overrides.
    maxWorkers: availableParallelism() + 1,
    // The CLI tests run bin/agora.js, i.e. the compiled dist/: build it first if src/ changed.
    globalSetup: ['test/helpers/build-dist.ts'],
    // In-process renders use that build's worker too (src/render/pool.ts): booting tsx in each worker costs ten
    // times the CPU.
    env: {
      GIT_NO_LAZY_FETCH: '1',
      AGORA_RENDER_WORKER: join(import.meta.dirname, 'dist', 'render-worker.js'),
    },
    ...(report ? { reporters: ['default', 'json'], outputFile: { json: report } } : {}),
  },
});
