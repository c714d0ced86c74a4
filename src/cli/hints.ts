// Short hints for people new to Agora about why a result looks empty: printed after a command's text output
// (stderr, `hint: …`) and returned in its --json output as `hints`.

import type { LoadedConfig } from '../config/schema.ts';
import { eprintln } from './output.ts';

/** Hints for the team-based views (teams, metrics): without `teams:`, people and owners have no team. */
export function teamHints(loaded: LoadedConfig): string[] {
  if (Object.keys(loaded.config.teams).length > 0) return [];
  return [
    'no teams configured: contributors count as unaffiliated and owners come only from CODEOWNERS; add teams: to agora.yaml (docs/metrics.md#teams)',
  ];
}

/** Prints hints for people (stderr, so stdout stays the result). */
export function printHints(hints: string[]): void {
  for (const h of hints) eprintln(`hint: ${h}`);
}
