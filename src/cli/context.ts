// What every CLI command needs: loading the config, opening the store, and turning errors into exit codes
// (in one place, so every command behaves the same).

import type { Command } from 'commander';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError, exitCodeFor, redactSecrets } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { eprintln, printJson } from './output.ts';

/** Options every command accepts (added by the program, inherited by subcommands). */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
  database?: string;
  dataDir?: string;
}

/** Reads the global options of the program a subcommand belongs to. */
export function globalOptions(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals() as GlobalOptions;
}

/** Loads the config named by `--config`, else `./agora.yaml` if present, else defaults. */
export async function loadConfigFor(cmd: Command): Promise<LoadedConfig> {
  const g = globalOptions(cmd);
  const opts = { file: g.config, cwd: process.cwd() };
  // Without a config file, neither the YAML parser nor the schema is loaded (a CI run of `agora check`).
  const { defaultsWithoutConfigFile } = await import('../config/defaults.ts');
  const loaded =
    defaultsWithoutConfigFile(opts) ?? (await (await import('../config/load.ts')).loadConfig(opts));
  if (g.dataDir) loaded.config.dataDir = g.dataDir;
  if (g.database) loaded.config.database = g.database;
  return loaded;
}

/** Opens the store the config (or `--database` / DATABASE_URL) points at; runs migrations. */
export async function openStoreFor(loaded: LoadedConfig): Promise<Store> {
  const { openStore } = await import('../store/db.ts');
  const { resolve } = await import('node:path');
  return openStore({ url: loaded.config.database, dataDir: resolve(loaded.baseDir, loaded.config.dataDir) });
}

/**
 * Wraps a command's action: the action returns its exit code; errors become a message on stderr
 * (or a JSON error object with `--json`) and the exit code their error code maps to.
 */
export function action<A extends unknown[]>(
  fn: (...args: A) => Promise<number | undefined>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const cmd = args[args.length - 1] as Command;
    let code: number;
    try {
      code = (await fn(...args)) ?? 0;
    } catch (err) {
      code = reportError(err, globalOptions(cmd).json === true);
    }
    process.exitCode = code;
  };
}

/** Prints an error for people (or as JSON) and returns its exit code. */
export function reportError(err: unknown, json: boolean): number {
  const code = exitCodeFor(err);
  const message = redactSecrets(err instanceof Error ? err.message : String(err));
  const id = err instanceof AgoraError ? err.code : 'INTERNAL';
  if (json) {
    printJson({ error: { id, message, details: err instanceof AgoraError ? err.details : undefined } });
  } else {
    eprintln(`agora: ${message}`);
    if (!(err instanceof AgoraError) && process.env.AGORA_DEBUG && err instanceof Error)
      eprintln(err.stack ?? '');
  }
  return code;
}
