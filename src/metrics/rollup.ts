// Organisation roll-ups: repos, share with outside contributions, cross-team contributors and cross-team
// re-use edges, for a headline window and as a monthly series. Owners are today's owners throughout.

import { type Contribution, DAY, type TeamAt } from './contribution.ts';
import { monthLabel, monthStarts } from './series.ts';
import type { OrgRollup, ReuseEdge, RollupPoint } from './types.ts';

export interface RollupInput {
  /** Unix seconds. */
  now: number;
  windowDays: number;
  repos: readonly { id: string; firstCommitAt: number | null }[];
  /** Owning team per repo id (null: none, or a team without known members). */
  ownerOf: (repoId: string) => string | null;
  contributions: readonly Contribution[];
  teamAt: TeamAt;
  edges: readonly ReuseEdge[];
  /** Repo id → meets the base standard; null when check results are unavailable. */
  meetsBase: Map<string, boolean> | null;
  months?: number;
}

interface SpanCounts {
  reposWithOutside: number;
  crossTeamContributors: number;
}

/**
 * Outside-commit counts for several [from, to) spans in ONE pass over the contributions: each contribution's
 * team is looked up once, then credited to every span that contains it.
 */
function spanCounts(input: RollupInput, spans: readonly [from: number, to: number][]): SpanCounts[] {
  const withOutside = spans.map(() => new Set<string>());
  const crossTeam = spans.map(() => new Set<string>());
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const [from, to] of spans) {
    lo = Math.min(lo, from);
    hi = Math.max(hi, to);
  }
  for (const c of input.contributions) {
    if (c.isBot || c.time < lo || c.time >= hi) continue;
    const owner = input.ownerOf(c.repoId);
    if (owner === null) continue;
    const team = input.teamAt(c.identity, c.time);
    if (team === owner) continue;
    for (let i = 0; i < spans.length; i++) {
      if (c.time < spans[i][0] || c.time >= spans[i][1]) continue;
      withOutside[i].add(c.repoId);
      if (team !== null) crossTeam[i].add(c.identity);
    }
  }
  return spans.map((_, i) => ({
    reposWithOutside: withOutside[i].size,
    crossTeamContributors: crossTeam[i].size,
  }));
}

/** Computes the roll-up (headline window plus monthly series). */
export function computeRollup(input: RollupInput): OrgRollup {
  const notes: string[] = [];
  const starts = monthStarts(input.now, input.months ?? 12);
  const monthEnd = (i: number) => (i + 1 < starts.length ? starts[i + 1] : input.now + 1);
  const [headline, ...monthly] = spanCounts(input, [
    [input.now - input.windowDays * DAY, input.now + 1],
    ...starts.map((start, i): [number, number] => [start, monthEnd(i)]),
  ]);
  const repos = input.repos.length;
  let shareMeetingBaseStandard: number | null = null;
  if (input.meetsBase) {
    const meeting = input.repos.filter((r) => input.meetsBase?.get(r.id) === true).length;
    shareMeetingBaseStandard = repos > 0 ? meeting / repos : null;
    notes.push(
      'The base standard share is today’s; check results are not kept per month, so the series shows null.',
    );
  } else {
    notes.push(
      'Share meeting the base standard is unavailable: no check results in the store (run `agora check`).',
    );
  }
  notes.push(
    'Re-use edges come from today’s manifests; the series counts an edge from the month both repos existed.',
  );

  const firstCommit = new Map(input.repos.map((r) => [r.id, r.firstCommitAt]));
  const series: RollupPoint[] = starts.map((start, i) => {
    const end = monthEnd(i);
    const exists = (id: string) => {
      const first = firstCommit.get(id);
      // A repo without commits appears in the current month only.
      return first === null || first === undefined ? i === starts.length - 1 : first < end;
    };
    const existing = input.repos.filter((r) => exists(r.id)).length;
    const span = monthly[i];
    return {
      month: monthLabel(start),
      repos: existing,
      reposWithOutsideContributions: span.reposWithOutside,
      shareWithOutsideContributions: existing > 0 ? span.reposWithOutside / existing : null,
      crossTeamContributors: span.crossTeamContributors,
      crossTeamReuseEdges: input.edges.filter((e) => e.crossTeam && exists(e.from) && exists(e.to)).length,
      shareMeetingBaseStandard: null,
    };
  });

  return {
    now: new Date(input.now * 1000).toISOString(),
    windowDays: input.windowDays,
    repos,
    reposWithOutsideContributions: headline.reposWithOutside,
    shareWithOutsideContributions: repos > 0 ? headline.reposWithOutside / repos : null,
    crossTeamContributors: headline.crossTeamContributors,
    reuseEdges: input.edges.length,
    crossTeamReuseEdges: input.edges.filter((e) => e.crossTeam).length,
    shareMeetingBaseStandard,
    series,
    notes,
  };
}
