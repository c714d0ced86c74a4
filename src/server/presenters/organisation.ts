// Organisation views: teams, one team, the dashboard and the re-use graph come from the metrics service (through
// the catalogue's memoised org views); the standards matrix from the checks store.

import type { OrgItemMetrics } from '../../metrics/forge-item-types.ts';
import { orgItemSummary, teamItemSummary } from '../../metrics/forge-items.ts';
import type { TeamDetail as MetricsTeam } from '../../metrics/service.ts';
import type {
  CheckStatus,
  DashboardPoint,
  DashboardResponse,
  GraphEdge,
  GraphResponse,
  OutsideContributor,
  Paged,
  ReadinessLevel,
  StandardsQuery,
  StandardsResponse,
  StandardsRow,
  TeamDetail,
  TeamListTotals,
  TeamSummary,
  TeamsResponse,
} from '../api-types.ts';
import type { Catalogue } from '../catalogue.ts';
import { LIST_LIMIT } from './project.ts';

/**
 * Every team the metrics service knows: config teams, then CODEOWNERS handles defined nowhere; with its pull
 * request numbers from the organisation's item metrics (`items`; null when unavailable).
 */
export async function presentTeams(cat: Catalogue, items: OrgItemMetrics | null): Promise<TeamsResponse> {
  const teams = await cat.org.teams();
  return {
    items: teams.map((t) => teamSummary(cat, t, items)).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The team's item metrics, when any repo's items were read. */
function teamItems(items: OrgItemMetrics | null, id: string) {
  if (!items || items.reposIngested === 0) return null;
  return items.teams.find((x) => x.team === id) ?? null;
}

/** One team, or null when unknown: each list capped at `LIST_LIMIT`, with its full length in `totals`. */
export async function presentTeam(
  cat: Catalogue,
  id: string,
  items: OrgItemMetrics | null,
): Promise<TeamDetail | null> {
  const t = await findTeam(cat, id);
  if (!t) return null;
  const lists = teamLists(cat, t);
  const mine = teamItems(items, t.id);
  return {
    ...teamSummary(cat, t, items),
    pullRequests: mine ? { ...teamItemSummary(mine), sent: mine.sent, received: mine.received } : null,
    owns: lists.owns.slice(0, LIST_LIMIT),
    contributesTo: lists.contributesTo.slice(0, LIST_LIMIT),
    outsideContributors: lists.outsideContributors.slice(0, LIST_LIMIT),
    totals: {
      owns: lists.owns.length,
      contributesTo: lists.contributesTo.length,
      outsideContributors: lists.outsideContributors.length,
    },
  };
}

/** A list of a team that the paged routes serve. */
export type TeamListName = keyof TeamListTotals;

/** One page of one of a team's lists, or null when the team is unknown. */
export async function presentTeamList(
  cat: Catalogue,
  id: string,
  list: TeamListName,
  page: number,
  pageSize: number,
): Promise<Paged<TeamLists[TeamListName][number]> | null> {
  const t = await findTeam(cat, id);
  if (!t) return null;
  const all: readonly TeamLists[TeamListName][number][] = teamLists(cat, t)[list];
  const start = (page - 1) * pageSize;
  return { total: all.length, page, pageSize, items: all.slice(start, start + pageSize) };
}

async function findTeam(cat: Catalogue, id: string): Promise<MetricsTeam | undefined> {
  const teams = await cat.org.teams();
  return teams.find((x) => x.id === id) ?? teams.find((x) => x.id.toLowerCase() === id.toLowerCase());
}

type TeamLists = Pick<TeamDetail, TeamListName>;

/** A team's lists in full, in the order the API gives them: owned repos best score first, the rest most commits first. */
function teamLists(cat: Catalogue, t: MetricsTeam): TeamLists {
  const owns = t.owns
    .map((o) => cat.byId.get(o.repoId)?.summary)
    .filter((s) => s !== undefined)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const outside = new Map<string, OutsideContributor>();
  for (const o of t.outsideContributors) {
    const e = outside.get(o.identity) ?? {
      person: { name: o.name, email: o.identity, team: o.team },
      commits: 0,
      repos: [],
    };
    e.commits += o.commits;
    if (!e.repos.includes(o.repoId)) e.repos.push(o.repoId);
    outside.set(o.identity, e);
  }
  return {
    owns,
    contributesTo: t.contributesTo.map((c) => ({
      repo: { id: c.repoId, name: c.name, team: c.owner },
      commits: c.commits,
      people: c.contributors,
    })),
    outsideContributors: [...outside.values()].sort(
      (a, b) => b.commits - a.commits || a.person.email.localeCompare(b.person.email),
    ),
  };
}

function teamSummary(cat: Catalogue, t: MetricsTeam, items: OrgItemMetrics | null): TeamSummary {
  const mine = teamItems(items, t.id);
  let levelled = 0;
  for (const o of t.owns) if ((cat.byId.get(o.repoId)?.summary.level ?? 'none') !== 'none') levelled++;
  return {
    id: t.id,
    name: t.name,
    defined: t.defined,
    repos: t.ownedRepos,
    members: t.members,
    commits: t.commits,
    commitsToOtherTeams: t.commitsToOtherTeams,
    outsideCommitsReceived: t.outsideCommitsReceived,
    outsideContributorCount:
      t.outsideCommitsReceived === null ? null : new Set(t.outsideContributors.map((o) => o.identity)).size,
    compliance: t.owns.length === 0 ? null : round3(levelled / t.owns.length),
    pullRequests: mine ? teamItemSummary(mine) : null,
  };
}

/** Never-stored repos listed on the dashboard (the total says how many more). */
const NOT_CRAWLED_SHOWN = 20;

/**
 * Totals, 12 monthly points (the metrics roll-up), the most active and the newest projects, the
 * organisation's pull request numbers (`items`, null when unavailable or none were read) and the repos no
 * crawl could store.
 */
export async function presentDashboard(
  cat: Catalogue,
  items: OrgItemMetrics | null,
): Promise<DashboardResponse> {
  const [rollup, teams] = await Promise.all([cat.org.rollup(), cat.org.teams()]);
  const projects = cat.projects;
  const contributors90 = new Set<string>();
  let commits90 = 0;
  for (const p of projects) {
    for (const a of p.authors90) {
      contributors90.add(a.email);
      commits90 += a.commits;
    }
  }
  const series: DashboardPoint[] = rollup.series.map((pt) => ({
    month: pt.month,
    compliance: pt.shareMeetingBaseStandard === null ? null : round3(pt.shareMeetingBaseStandard),
    outsideShare: pt.shareWithOutsideContributions === null ? null : round3(pt.shareWithOutsideContributions),
    crossTeamContributors: pt.crossTeamContributors,
    reuseEdges: pt.crossTeamReuseEdges,
    ...(pt.partial ? { partial: true as const } : {}),
  }));
  const mostActive = [...projects]
    .sort((a, b) => b.commits90 - a.commits90 || b.summary.score - a.summary.score)
    .slice(0, 6);
  const newest = [...projects]
    .sort(
      (a, b) =>
        Number(b.row.first_commit_at ?? 0) - Number(a.row.first_commit_at ?? 0) ||
        a.summary.name.localeCompare(b.summary.name),
    )
    .slice(0, 6);
  const share = (x: number | null) => (x === null ? null : round3(x));
  return {
    notCrawled: {
      total: cat.notCrawled.length,
      items: cat.notCrawled.slice(0, NOT_CRAWLED_SHOWN).map((f) => f.repo),
    },
    totals: {
      repos: rollup.repos,
      teams: teams.length,
      contributors90: contributors90.size,
      commits90,
      compliance: share(rollup.shareMeetingBaseStandard),
      outsideShare90: share(rollup.shareWithOutsideContributions),
      crossTeamContributors90: rollup.crossTeamContributors,
      reuseEdges: rollup.reuseEdges,
      crossTeamReuseEdges: rollup.crossTeamReuseEdges,
    },
    pullRequests: items && items.reposIngested > 0 ? orgItemSummary(items) : null,
    series,
    mostActive: mostActive.map((p) => p.summary),
    newest: newest.map((p) => p.summary),
  };
}

/**
 * Repos that take part in re-use and the edges between them; `team` keeps edges touching that team's repos.
 * Each node's `dependents` counts the distinct repos consuming it in the whole graph.
 */
export async function presentGraph(cat: Catalogue, team?: string): Promise<GraphResponse> {
  const graph = await cat.org.graph();
  const teamOf = new Map(graph.nodes.map((n) => [n.id, n.team]));
  const consumers = new Map<string, Set<string>>();
  for (const e of graph.edges) {
    if (e.from === e.to) continue;
    let set = consumers.get(e.to);
    if (!set) {
      set = new Set();
      consumers.set(e.to, set);
    }
    set.add(e.from);
  }
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    if (team && teamOf.get(e.from) !== team && teamOf.get(e.to) !== team) continue;
    edges.push({
      from: e.from,
      to: e.to,
      packages: [...new Set(e.packages.map((p) => p.name))].sort(),
      crossTeam: e.crossTeam,
    });
  }
  const ids = new Set<string>();
  for (const e of edges) {
    ids.add(e.from);
    ids.add(e.to);
  }
  if (team) for (const n of graph.nodes) if (n.team === team) ids.add(n.id);
  const nodes = graph.nodes
    .filter((n) => ids.has(n.id))
    .map((n) => ({ id: n.id, name: n.name, team: n.team, dependents: consumers.get(n.id)?.size ?? 0 }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { nodes, edges };
}

/** Rows of the standards matrix are ordered by name, then id; the order is computed once per catalogue. */
const byName = new WeakMap<Catalogue, Catalogue['projects']>();

function projectsByName(cat: Catalogue): Catalogue['projects'] {
  let sorted = byName.get(cat);
  if (!sorted) {
    sorted = [...cat.projects].sort(
      (a, b) => a.summary.name.localeCompare(b.summary.name) || a.summary.id.localeCompare(b.summary.id),
    );
    byName.set(cat, sorted);
  }
  return sorted;
}

export const STANDARDS_PAGE_SIZE = 50;

/**
 * The repos × rules matrix, one page of it: `total`, each rule's `failing` count and the `levels` counts cover
 * every repo the filters (failing, rule, team) keep; only the page's rows are built.
 */
export function presentStandards(cat: Catalogue, q: StandardsQuery): StandardsResponse {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? STANDARDS_PAGE_SIZE;
  const rules = q.rule ? cat.checks.rules.filter((r) => r.id === q.rule) : cat.checks.rules;
  const failing = new Map<string, number>(rules.map((r) => [r.id, 0]));
  const levels: Record<ReadinessLevel, number> = { gold: 0, silver: 0, bronze: 0, none: 0 };
  const start = (page - 1) * pageSize;
  const end = start + pageSize;
  const repos: StandardsRow[] = [];
  let total = 0;
  for (const p of projectsByName(cat)) {
    if (q.team && p.summary.owner.team !== q.team) continue;
    const results: Record<string, CheckStatus> = {};
    let fails = false;
    for (const r of cat.checks.results.get(p.summary.id) ?? []) {
      if (q.rule && r.rule !== q.rule) continue;
      results[r.rule] = r.status;
    }
    for (const [rule, status] of Object.entries(results)) {
      if (status !== 'fail') continue;
      fails = true;
      const n = failing.get(rule);
      if (n !== undefined) failing.set(rule, n + 1);
    }
    if (q.failing === '1' && !fails) continue;
    levels[p.summary.level]++;
    if (total >= start && total < end) {
      repos.push({
        id: p.summary.id,
        name: p.summary.name,
        team: p.summary.owner.team,
        level: p.summary.level,
        results,
      });
    }
    total++;
  }
  return {
    rules: rules.map((r) => ({ ...r, failing: failing.get(r.id) ?? 0 })),
    repos,
    total,
    page,
    pageSize,
    levels,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
