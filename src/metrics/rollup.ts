// Organisation roll-ups: repos, share with outside contributions, cross-team contributors and cross-team
// re-use edges, for a headline window and as a monthly series. Owners are today's owners throughout.

import { type Contribution, DAY, type TeamAt } from './contribution.ts';
import { isPartialPeriod, monthLabel, monthStarts } from './series.ts';
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
  /** Each repo's base-standard results over time; null when no check run was ever stored. */
  standards: StandardsHistory | null;
  months?: number;
}

/** Repo id → its check results, oldest first: when (unix s) and whether it met the base standard. */
export type StandardsHistory = Map<string, readonly { at: number; meets: boolean }[]>;

/**
 * Share of `repoIds` meeting the base standard at their latest check before `before` (unix s), among those
 * checked by then; null when none was.
 */
function standardsShare(
  history: StandardsHistory,
  repoIds: readonly string[],
  before: number,
): number | null {
  let checked = 0;
  let meeting = 0;
  for (const id of repoIds) {
    const events = history.get(id);
    if (!events) continue;
    let latest: boolean | null = null;
    for (const e of events) if (e.at < before) latest = e.meets;
    if (latest === null) continue;
    checked++;
    if (latest) meeting++;
  }
  return checked > 0 ? meeting / checked : null;
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
  // The current month's calendar end: its figures so far are partial.
  const nowDate = new Date(input.now * 1000);
  const currentMonthEnd = Date.UTC(nowDate.getUTCFullYear(), nowDate.getUTCMonth() + 1, 1) / 1000;
  const [headline, ...monthly] = spanCounts(input, [
    [input.now - input.windowDays * DAY, input.now + 1],
    ...starts.map((start, i): [number, number] => [start, monthEnd(i)]),
  ]);
  const repos = input.repos.length;
  const ids = input.repos.map((r) => r.id);
  // An outside commit can only be told apart on a repo whose owning team has known members: with none such, the
  // share is not measured (null), not 0% (an organisation with no teams configured yet).
  const measurable = (repoIds: readonly string[]) => repoIds.some((id) => input.ownerOf(id) !== null);
  if (!measurable(ids)) {
    notes.push(
      'Outside-contribution shares are not measured: no repo is owned by a team with known members (add teams: to agora.yaml).',
    );
  }
  const shareMeetingBaseStandard = input.standards
    ? standardsShare(input.standards, ids, input.now + 1)
    : null;
  if (input.standards) {
    notes.push(
      'Base standard shares count the repos checked by then, each at its latest check run before the month ends.',
    );
  } else {
    notes.push(
      'Share meeting the base standard is unavailable: no check results in the store (run `agora check --all`).',
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
    const existingIds = input.repos.filter((r) => exists(r.id)).map((r) => r.id);
    const existing = existingIds.length;
    const span = monthly[i];
    return {
      month: monthLabel(start),
      repos: existing,
      reposWithOutsideContributions: span.reposWithOutside,
      shareWithOutsideContributions:
        existing > 0 && measurable(existingIds) ? span.reposWithOutside / existing : null,
      crossTeamContributors: span.crossTeamContributors,
      crossTeamReuseEdges: input.edges.filter((e) => e.crossTeam && exists(e.from) && exists(e.to)).length,
      shareMeetingBaseStandard: input.standards ? standardsShare(input.standards, existingIds, end) : null,
      ...(isPartialPeriod(i + 1 < starts.length ? starts[i + 1] : currentMonthEnd, input.now)
        ? { partial: true as const }
        : {}),
    };
  });

  return {
    now: new Date(input.now * 1000).toISOString(),
    windowDays: input.windowDays,
    repos,
    reposWithOutsideContributions: headline.reposWithOutside,
    shareWithOutsideContributions: repos > 0 && measurable(ids) ? headline.reposWithOutside / repos : null,
    crossTeamContributors: headline.crossTeamContributors,
    reuseEdges: input.edges.length,
    crossTeamReuseEdges: input.edges.filter((e) => e.crossTeam).length,
    shareMeetingBaseStandard,
    series,
    notes,
  };
}
