// Teams for the portal: which team a person belongs to and which team owns a repo (declared → CODEOWNERS →
// inferred from the last year's commits), from the config's `teams:`. Used until the metrics service answers.

import picomatch from 'picomatch';
import type { AgoraConfig } from '../config/schema.ts';
import type { OwnerProvenance } from './api-types.ts';

export interface TeamInfo {
  id: string;
  name: string;
  memberPatterns: string[];
}

export interface TeamResolver {
  teams: TeamInfo[];
  /** The team an author email belongs to, or null. */
  teamOfEmail(email: string): string | null;
  /** The owning team of a repo: declared by config globs, else CODEOWNERS handles, else most commits. */
  ownerOf(
    repoName: string,
    owners: { owner: string }[],
    authorCommits: { email: string; commits: number }[],
  ): { team: string | null; provenance: OwnerProvenance };
  nameOf(team: string | null): string | null;
}

/** Builds the resolver from the config's teams. */
export function teamResolver(config: Pick<AgoraConfig, 'teams'>): TeamResolver {
  const teams: TeamInfo[] = [];
  const emailMatchers: { team: string; match: (s: string) => boolean }[] = [];
  const repoMatchers: { team: string; match: (s: string) => boolean }[] = [];
  const handles = new Map<string, string>();
  for (const [id, t] of Object.entries(config.teams ?? {})) {
    const patterns: string[] = [];
    for (const m of t.members ?? []) {
      const email = typeof m === 'string' ? m : m.email;
      if (email) patterns.push(email.toLowerCase());
    }
    teams.push({ id, name: t.name ?? id, memberPatterns: patterns });
    if (patterns.length)
      emailMatchers.push({ team: id, match: picomatch(patterns, { nocase: true, dot: true }) });
    if (t.repos?.length)
      repoMatchers.push({ team: id, match: picomatch(t.repos, { nocase: true, dot: true }) });
    for (const h of t.handles ?? []) handles.set(h.toLowerCase(), id);
    handles.set(`@${id}`.toLowerCase(), id);
  }
  const emailCache = new Map<string, string | null>();

  function teamOfEmail(email: string): string | null {
    const key = email.toLowerCase();
    const cached = emailCache.get(key);
    if (cached !== undefined) return cached;
    let found: string | null = null;
    for (const m of emailMatchers) {
      if (m.match(key)) {
        found = m.team;
        break;
      }
    }
    emailCache.set(key, found);
    return found;
  }

  function ownerOf(
    repoName: string,
    owners: { owner: string }[],
    authorCommits: { email: string; commits: number }[],
  ): { team: string | null; provenance: OwnerProvenance } {
    for (const m of repoMatchers) if (m.match(repoName)) return { team: m.team, provenance: 'declared' };
    for (const o of owners) {
      const handle = o.owner.toLowerCase();
      const direct = handles.get(handle);
      if (direct) return { team: direct, provenance: 'codeowners' };
      // `@org/team` also matches a team whose id is the part after the slash.
      const tail = handle.includes('/') ? handle.slice(handle.lastIndexOf('/') + 1) : null;
      if (tail && teams.some((t) => t.id.toLowerCase() === tail)) {
        return { team: teams.find((t) => t.id.toLowerCase() === tail)?.id ?? null, provenance: 'codeowners' };
      }
    }
    const byTeam = new Map<string, number>();
    for (const a of authorCommits) {
      const t = teamOfEmail(a.email);
      if (t) byTeam.set(t, (byTeam.get(t) ?? 0) + a.commits);
    }
    let best: string | null = null;
    let bestCount = 0;
    for (const [t, n] of byTeam) {
      if (n > bestCount || (n === bestCount && best !== null && t < best)) {
        best = t;
        bestCount = n;
      }
    }
    return best ? { team: best, provenance: 'inferred' } : { team: null, provenance: 'unknown' };
  }

  function nameOf(team: string | null): string | null {
    if (team === null) return null;
    return teams.find((t) => t.id === team)?.name ?? team;
  }

  return { teams, teamOfEmail, ownerOf, nameOf };
}
