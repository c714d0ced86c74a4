// The configuration a command runs with when there is no config file, written out so that such a run (a team's
// CI doing `agora check DIR`) needs neither the YAML parser nor zod and the schema to compute it. A test
// proves it equal to `configSchema.parse({})`; change both together.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AgoraConfig, LoadedConfig } from './schema.ts';

export const DEFAULT_CONFIG_FILE = 'agora.yaml';

/** The defaults of every key, as a fresh object (callers may change it). */
export function defaultConfig(): AgoraConfig {
  return {
    dataDir: '.agora',
    sources: [],
    teams: {},
    bots: [],
    crawl: {
      gitTimeoutSeconds: 300,
      maxFileBytes: 1_048_576,
      largeFileBytes: 5_000_000,
      maxManifests: 300,
      maxDependenciesPerManifest: 2000,
      maxFactsBytes: 4_194_304,
      hostConcurrency: 8,
      jobRetries: 3,
      jobRetryDelaySeconds: 5,
    },
    standards: { ruleset: 'innersource-base', overrides: [] },
    server: { host: '127.0.0.1', port: 4400 },
  };
}

/** The defaults when no config file applies (no `file` given and no agora.yaml in `cwd`), else null. */
export function defaultsWithoutConfigFile(opts: { file?: string; cwd: string }): LoadedConfig | null {
  if (opts.file !== undefined || existsSync(resolve(opts.cwd, DEFAULT_CONFIG_FILE))) return null;
  return { config: defaultConfig(), file: null, baseDir: opts.cwd };
}
