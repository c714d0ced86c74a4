// The owning team of a repo and its provenance: declared (config globs, catalog-info spec.owner,
// innersource.json) → CODEOWNERS catch-all owner (mapped through team handles) → inferred from the last
// 12 months of commits (marked inferred).

import picomatch from 'picomatch';
import { type Contribution, DAY } from './contribution.ts';
import type { TeamModel } from './teams.ts';
import type { OwningTeam } from './types.ts';

export interface OwnerRecord {
  owner: string;
  kind: string;
  source: string;
  catchAll: boolean;
}

export interface RepoIdentity {
  name: string;
  fullName: string;
}

const globCache = new Map<string, (s: string) => boolean>();
function globMatch(glob: string, value: string): boolean {
  let m = globCache.get(glob);
  if (!m) {
    m = picomatch(glob, { nocase: true, dot: true });
    globCache.set(glob, m);
  }
  return m(value);
}

/** The team whose config `repos:` globs match the repo's name or full name, with the glob. */
export function declaredByConfig(
  model: TeamModel,
  repo: RepoIdentity,
): { team: string; glob: string } | null {
  for (const t of model.teams.values()) {
    for (const glob of t.repoGlobs) {
      if (globMatch(glob, repo.name) || globMatch(glob, repo.fullName)) return { team: t.id, glob };
    }
  }
  return null;
}

function found(
  model: TeamModel,
  team: string,
  provenance: OwningTeam['provenance'],
  origin: OwningTeam['origin'],
  detail: string,
): OwningTeam {
  const def = model.teams.get(team);
  return {
    team,
    name: def?.name ?? team,
    provenance,
    origin,
    detail,
    inferred: provenance === 'inferred',
    ...(def && !def.defined ? { undefinedHandle: true } : {}),
  };
}

/** Resolves an owner entry (team handle, user, email, catalog ref) to a team at `now`, or null. */
function teamOfOwner(model: TeamModel, o: OwnerRecord, now: number): string | null {
  if (o.kind === 'email') return model.teamAt(o.owner.toLowerCase(), now);
  if (o.kind === 'user') {
    const login = o.owner
      .replace(/^@/, '')
      .replace(/^user:(.*\/)?/i, '')
      .toLowerCase();
    return model.teamAt(login, now);
  }
  return model.teamForRef(o.owner);
}

/**
 * Resolves the owning team. `recent` are the repo's contributions (any span; only the 365 days before `now`
 * count for inference). May add a team to `model` for a CODEOWNERS handle no config team declares.
 */
export function resolveOwner(
  model: TeamModel,
  repo: RepoIdentity,
  owners: readonly OwnerRecord[],
  recent: readonly Contribution[],
  now: number,
): OwningTeam {
  const byConfig = declaredByConfig(model, repo);
  if (byConfig)
    return found(
      model,
      byConfig.team,
      'declared',
      'config',
      `teams.${byConfig.team}.repos: ${byConfig.glob}`,
    );

  for (const source of ['config', 'catalog-info', 'innersource'] as const) {
    for (const o of owners) {
      if (o.source !== source) continue;
      const team = teamOfOwner(model, o, now);
      if (team) return found(model, team, 'declared', source, o.owner);
    }
  }

  // CODEOWNERS: the last matching rule wins, so among catch-all rules the last one is the default owner.
  const catchAll = owners.filter((o) => o.source === 'codeowners' && o.catchAll);
  for (const o of catchAll.slice().reverse()) {
    const team = teamOfOwner(model, o, now);
    if (team) return found(model, team, 'codeowners', 'codeowners', o.owner);
  }
  for (const o of catchAll.slice().reverse()) {
    if (o.kind === 'team' || o.owner.includes('/')) {
      const team = model.addUndefinedHandle(o.owner);
      return found(model, team, 'codeowners', 'codeowners', o.owner);
    }
  }

  const inferred = inferOwner(model, recent, now);
  if (inferred) {
    return found(
      model,
      inferred.team,
      'inferred',
      'commits',
      `${inferred.commits} of ${inferred.total} commits in the last 12 months`,
    );
  }
  return { team: null, name: null, provenance: 'none', origin: null, detail: null, inferred: false };
}

/** The team with most human commits in the 365 days before `now` (ties: team id order), or null. */
export function inferOwner(
  model: TeamModel,
  contributions: readonly Contribution[],
  now: number,
): { team: string; commits: number; total: number } | null {
  const since = now - 365 * DAY;
  const byTeam = new Map<string, number>();
  let total = 0;
  for (const c of contributions) {
    if (c.isBot || c.time < since || c.time > now) continue;
    total += c.commits;
    const team = model.teamAt(c.identity, c.time);
    if (team !== null) byTeam.set(team, (byTeam.get(team) ?? 0) + c.commits);
  }
  let best: { team: string; commits: number } | null = null;
  for (const [team, commits] of byTeam) {
    if (!best || commits > best.commits || (commits === best.commits && team < best.team))
      best = { team, commits };
  }
  return best ? { ...best, total } : null;
}

/** True when some config membership puts people in `team` (false for undefined CODEOWNERS handles). */
export function teamHasMembers(model: TeamModel, team: string | null): boolean {
  if (team === null) return false;
  return model.memberships.some((m) => m.team === team);
}
