// Loads agora.yaml: parses YAML keeping source positions, validates with the zod schema, and reports
// every problem at once as `file:line key: message`.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { AgoraError } from '../errors.ts';
import { DEFAULT_CONFIG_FILE, defaultsWithoutConfigFile } from './defaults.ts';
import { type AgoraConfig, configSchema, type LoadedConfig } from './schema.ts';
import { type ConfigProblem, formatProblems, issueToProblem, yamlToJs } from './yaml-problems.ts';

export { DEFAULT_CONFIG_FILE } from './defaults.ts';
export { type ConfigProblem, formatProblems } from './yaml-problems.ts';

/** Parses and validates config text; returns the config or every problem found. */
export function parseConfig(
  text: string,
  file: string,
): { config: AgoraConfig; problems: [] } | { config: null; problems: ConfigProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      config: null,
      problems: doc.errors.map((e) => ({
        file,
        line: e.pos ? lineCounter.linePos(e.pos[0]).line : null,
        key: '',
        message: e.message.split('\n')[0],
      })),
    };
  }
  const data = yamlToJs(doc, lineCounter, file);
  if (data.problem) return { config: null, problems: [data.problem] };
  const result = configSchema.safeParse(data.value);
  if (result.success) return { config: result.data, problems: [] };
  return {
    config: null,
    problems: result.error.issues.map((issue) => issueToProblem(issue, doc.contents, lineCounter, file)),
  };
}

/**
 * Loads the config: `file` if given (it must exist), else `agora.yaml` in `cwd` if present, else defaults.
 * Throws AgoraError('CONFIG_INVALID') listing every problem.
 */
export async function loadConfig(opts: { file?: string; cwd: string }): Promise<LoadedConfig> {
  const defaults = defaultsWithoutConfigFile(opts);
  if (defaults) return defaults;
  const path = resolve(opts.cwd, opts.file ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) throw new AgoraError('CONFIG_INVALID', `${opts.file}: config file not found`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new AgoraError('CONFIG_INVALID', `${path}: cannot read config (${(err as Error).message})`);
  }
  const parsed = parseConfig(text, opts.file ?? DEFAULT_CONFIG_FILE);
  if (parsed.config === null) {
    throw new AgoraError('CONFIG_INVALID', `invalid configuration:\n${formatProblems(parsed.problems)}`, {
      details: parsed.problems,
    });
  }
  return { config: parsed.config, file: path, baseDir: dirname(path) };
}
