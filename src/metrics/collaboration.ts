// Collaboration numbers of one repo over a window: commits, contributors, outside share, bus and elephant
// factors, and the team × repo matrix. Pure functions over contributions; definitions in docs/metrics.md.

import { absenceFactor } from './bus-factor.ts';
import { type Contribution, DAY, type TeamAt } from './contribution.ts';
import type { TeamContribution, WindowMetrics } from './types.ts';

export interface WindowOptions {
  days: number;
  /** Unix seconds the window ends at (exclusive of nothing: commits up to `now` count). */
  now: number;
  /** Owning team id, or null. */
  owner: string | null;
  /** False when the owner has no known members (an undefined CODEOWNERS handle): outside share is null then. */
  ownerHasMembers: boolean;
  teamAt: TeamAt;
  /** First ever human commit time per identity in this repo. */
  firstSeen: Map<string, number>;
}

/** Earliest human commit per identity. */
export function firstSeenByIdentity(contributions: Iterable<Contribution>): Map<string, number> {
  const first = new Map<string, number>();
  for (const c of contributions) {
    if (c.isBot) continue;
    const prev = first.get(c.identity);
    if (prev === undefined || c.time < prev) first.set(c.identity, c.time);
  }
  return first;
}

/** The numbers of one repo's contributions over the `days` before `now`. */
export function windowMetrics(contributions: readonly Contribution[], opts: WindowOptions): WindowMetrics {
  const since = opts.now - opts.days * DAY;
  let commits = 0;
  let botCommits = 0;
  let outsideCommits = 0;
  const byPerson = new Map<string, number>();
  const byGroup = new Map<string, number>();
  const outsidePeople = new Set<string>();
  const outsideTeams = new Set<string>();
  for (const c of contributions) {
    if (c.time < since || c.time > opts.now) continue;
    if (c.isBot) {
      botCommits += c.commits;
      continue;
    }
    commits += c.commits;
    byPerson.set(c.identity, (byPerson.get(c.identity) ?? 0) + c.commits);
    const team = opts.teamAt(c.identity, c.time);
    // Unaffiliated people are their own group for the elephant factor: nothing says they act together.
    const group = team === null ? `person:${c.identity}` : `team:${team}`;
    byGroup.set(group, (byGroup.get(group) ?? 0) + c.commits);
    if (opts.owner !== null && team !== opts.owner) {
      outsideCommits += c.commits;
      outsidePeople.add(c.identity);
      if (team !== null) outsideTeams.add(team);
    }
  }
  let newContributors = 0;
  for (const id of byPerson.keys()) {
    const first = opts.firstSeen.get(id);
    if (first !== undefined && first >= since) newContributors++;
  }
  const measurable = opts.owner !== null && opts.ownerHasMembers && commits > 0;
  return {
    days: opts.days,
    since: new Date(since * 1000).toISOString(),
    commits,
    botCommits,
    activeContributors: byPerson.size,
    newContributors,
    outsideCommits: measurable ? outsideCommits : 0,
    outsideShare: measurable ? outsideCommits / commits : null,
    outsideContributors: measurable ? outsidePeople.size : 0,
    outsideTeams: measurable ? outsideTeams.size : 0,
    busFactor: absenceFactor(byPerson.values()),
    elephantFactor: absenceFactor(byGroup.values()),
  };
}

/** Commits and contributors per team (team null = unaffiliated) since `since`, largest first. */
export function contributionsByTeam(
  contributions: readonly Contribution[],
  opts: {
    since: number;
    now: number;
    owner: string | null;
    teamAt: TeamAt;
    teamName: (id: string) => string;
  },
): TeamContribution[] {
  const rows = new Map<string, { team: string | null; commits: number; people: Set<string> }>();
  for (const c of contributions) {
    if (c.isBot || c.time < opts.since || c.time > opts.now) continue;
    const team = opts.teamAt(c.identity, c.time);
    const key = team ?? '';
    const row = rows.get(key) ?? { team, commits: 0, people: new Set<string>() };
    row.commits += c.commits;
    row.people.add(c.identity);
    rows.set(key, row);
  }
  return [...rows.values()]
    .map((r) => ({
      team: r.team,
      name: r.team === null ? 'unaffiliated' : opts.teamName(r.team),
      outside: opts.owner !== null && r.team !== opts.owner,
      commits: r.commits,
      contributors: r.people.size,
    }))
    .sort((a, b) => b.commits - a.commits || a.name.localeCompare(b.name));
}

/** Human commits per week for `weeks` weeks ending at `now`, oldest first. */
export function weeklyCommits(
  contributions: readonly Contribution[],
  now: number,
  weeks = 52,
): { weekStart: string; commits: number }[] {
  const start = now - weeks * 7 * DAY;
  const counts = new Array<number>(weeks).fill(0);
  for (const c of contributions) {
    if (c.isBot || c.time < start || c.time > now) continue;
    const i = Math.min(weeks - 1, Math.floor((c.time - start) / (7 * DAY)));
    counts[i] += c.commits;
  }
  return counts.map((commits, i) => ({
    weekStart: new Date((start + i * 7 * DAY) * 1000).toISOString(),
    commits,
  }));
}
