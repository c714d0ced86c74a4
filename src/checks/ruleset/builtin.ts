// Where the built-in rulesets live, and the already-loaded form the build writes beside each (a check with a
// built-in ruleset reads that JSON and loads neither the YAML parser nor zod; see load.ts for everything else).

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Ruleset } from './types.ts';

/** Folder of the built-in rulesets shipped with Agora. */
export const BUILTIN_DIR = join(import.meta.dirname, '..', 'rulesets');
export const BUILTIN_RULESETS = ['innersource-base', 'recommended'] as const;

/** Where a ruleset reference points: a built-in name or a file path (relative to `cwd`). */
export function resolveRulesetRef(ref: string, cwd: string): { path: string; builtin: boolean } {
  if ((BUILTIN_RULESETS as readonly string[]).includes(ref))
    return { path: join(BUILTIN_DIR, `${ref}.yaml`), builtin: true };
  return { path: resolve(cwd, ref), builtin: false };
}

/** Name of the file the build (scripts/build.mjs) writes beside a built-in ruleset: its `loadRuleset` result. */
export function compiledRulesetFile(name: string): string {
  return join(BUILTIN_DIR, `${name}.compiled.json`);
}

/**
 * A built-in ruleset as the build loaded it: in dist/ this skips the YAML parse and the validation of every
 * rule's options (defaults included), most of an `agora check` process. Null when running from src/ (no build
 * there) or for any other ruleset.
 */
export function compiledBuiltin(ref: string): Ruleset | null {
  if (!(BUILTIN_RULESETS as readonly string[]).includes(ref)) return null;
  const file = compiledRulesetFile(ref);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Ruleset) : null;
}
