// Which repos a cohort (of a pilot, a control group or a campaign's scope) holds: repos named by globs over
// their name or full name, and every repo owned by one of its teams. Shared by pilots and campaigns.

import picomatch from 'picomatch';
import type { CohortConfig, LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';

export interface CohortRepo {
  id: string;
  name: string;
  fullName: string;
  /** Owning team (metrics' owner), or null. */
  team: string | null;
}

/** The ids of the repos in a cohort; an empty cohort (no repos, no teams) holds every repo when `emptyIsAll`. */
export function cohortRepoIds(
  cohort: Partial<CohortConfig>,
  repos: readonly CohortRepo[],
  emptyIsAll = false,
): string[] {
  const globs = cohort.repos ?? [];
  const teams = new Set(cohort.teams ?? []);
  if (globs.length === 0 && teams.size === 0) return emptyIsAll ? repos.map((r) => r.id) : [];
  const match = globs.length ? picomatch(globs, { nocase: true }) : () => false;
  return repos
    .filter((r) => match(r.name) || match(r.fullName) || (r.team !== null && teams.has(r.team)))
    .map((r) => r.id);
}

/** Fails with a message naming the key when a cohort names a team the config does not define. */
export function checkCohortTeams(loaded: LoadedConfig, key: string, cohort: Partial<CohortConfig>): void {
  for (const t of cohort.teams ?? []) {
    if (!loaded.config.teams[t]) {
      throw new AgoraError(
        'CONFIG_INVALID',
        `${key}.teams: no team "${t}" in teams: (${Object.keys(loaded.config.teams).join(', ') || 'none'})`,
      );
    }
  }
}

/** The repos of the store with their owning team, as cohorts need them. */
export async function cohortRepos(
  store: import('../store/db.ts').Store,
  loaded: LoadedConfig,
  now?: Date,
): Promise<CohortRepo[]> {
  const { allRepoScores } = await import('../metrics/service.ts');
  const { checkableRepos } = await import('../store/queries/checks.ts');
  const [scores, repos] = await Promise.all([
    allRepoScores(store, loaded, { now }),
    checkableRepos(store.db),
  ]);
  return repos.map((r) => ({
    id: r.id,
    name: r.name,
    fullName: r.fullName,
    team: scores[r.id]?.team ?? null,
  }));
}
