// Issue 11's numbers from stored issues and pull/merge requests: time to first response (issues and PRs),
// time to first review and to merge, merge rate, PRs from outside the owning team (opened, merged, acceptance
// rate, share of merged PRs), "who are we helping" edges between teams, and monthly trends; per repo, team
// and organisation over a window. Exact definitions: docs/metrics.md, "Issues and pull requests".

import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import type { MetricsItemRow } from '../store/queries/forge-items.ts';
import type {
  DurationStats,
  HelpEdge,
  ItemMonth,
  ItemNumbers,
  ItemWindow,
  OrgItemMetrics,
  OrgItemSummary,
  RepoItemMetrics,
  TeamItemMetrics,
  TeamItemSummary,
} from './forge-item-types.ts';
import {
  configLoginEmails,
  type LoginEmails,
  loginTeamAt,
  makeLoginBotTest,
  mergeLoginEmails,
} from './forge-people.ts';
import { canonicalEmail } from './identities.ts';
import type { TeamModel } from './teams.ts';

export type * from './forge-item-types.ts';

const HOUR = 3_600_000;
const DAY_MS = 86_400_000;
const TREND_MONTHS = 12;

/** One item as the numbers see it: times in ms, teams resolved. */
export interface ScoredItem {
  repoId: string;
  kind: 'issue' | 'pr';
  /** Still open (as last read). */
  open: boolean;
  created: number;
  closed: number | null;
  merged: number | null;
  response: number | null;
  review: number | null;
  /** The repo's measured owning team (null: outside is not measurable). */
  owner: string | null;
  /** The author's team at creation (null: unaffiliated). */
  authorTeam: string | null;
}

/** Nearest-rank quantile of sorted values: the value at rank ceil(p·n). */
export function quantile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

function round(hours: number): number {
  return Math.round(hours * 100) / 100;
}

/**
 * Durations from creation to `end` (ms or null): answered when `end` is set; censored when the item is still
 * open at `until` (its age then enters the quantiles, a lower bound); otherwise unanswered (not counted).
 */
export function durationStats(
  items: readonly ScoredItem[],
  end: (i: ScoredItem) => number | null,
  until: number,
): DurationStats {
  const values: number[] = [];
  let answered = 0;
  let censored = 0;
  let unanswered = 0;
  for (const i of items) {
    const e = end(i);
    if (e !== null && e < until) {
      answered++;
      values.push((e - i.created) / HOUR);
    } else if (i.open || (i.closed !== null && i.closed >= until) || (i.merged ?? 0) >= until) {
      censored++;
      values.push((until - i.created) / HOUR);
    } else unanswered++;
  }
  // A typed array sorts numbers natively (no comparator calls): the org roll-up sorts ~100 lists.
  const sorted = Float64Array.from(values).sort();
  const median = quantile(sorted, 0.5);
  const p90 = quantile(sorted, 0.9);
  return {
    answered,
    censored,
    unanswered,
    medianHours: median === null ? null : round(median),
    p90Hours: p90 === null ? null : round(p90),
  };
}

function isOutside(i: ScoredItem): boolean {
  return i.owner !== null && i.authorTeam !== i.owner;
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** The numbers of `items` created in [since, until). */
export function itemNumbers(all: readonly ScoredItem[], since: number, until: number): ItemNumbers {
  const items = all.filter((i) => i.created >= since && i.created < until);
  const issues = items.filter((i) => i.kind === 'issue');
  const prs = items.filter((i) => i.kind === 'pr');
  const decided = (list: ScoredItem[]) => {
    const merged = list.filter((i) => i.merged !== null && i.merged < until).length;
    const closed = list.filter((i) => i.merged === null && i.closed !== null && i.closed < until).length;
    return { merged, closed };
  };
  const p = decided(prs);
  const outsidePrs = prs.filter(isOutside);
  const outsideIssues = issues.filter(isOutside);
  const o = decided(outsidePrs);
  return {
    issues: {
      opened: issues.length,
      closed: issues.filter((i) => i.closed !== null && i.closed < until).length,
      open: issues.filter((i) => i.closed === null || i.closed >= until).length,
      firstResponse: durationStats(issues, (i) => i.response, until),
    },
    prs: {
      opened: prs.length,
      merged: p.merged,
      closed: p.closed,
      open: prs.length - p.merged - p.closed,
      mergeRate: ratio(p.merged, p.merged + p.closed),
      firstResponse: durationStats(prs, (i) => i.response, until),
      firstReview: durationStats(prs, (i) => i.review, until),
      timeToMerge: durationStats(prs, (i) => i.merged, until),
    },
    outside: {
      prsOpened: outsidePrs.length,
      prsMerged: o.merged,
      acceptanceRate: ratio(o.merged, o.merged + o.closed),
      shareOfMergedPrs: ratio(o.merged, p.merged),
      issuesOpened: outsideIssues.length,
      prFirstResponse: durationStats(outsidePrs, (i) => i.response, until),
      issueFirstResponse: durationStats(outsideIssues, (i) => i.response, until),
    },
  };
}

function monthStart(t: number): number {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** The last TREND_MONTHS calendar months (UTC) up to `until`: opened by creation month, merged by merge month. */
export function itemMonths(items: readonly ScoredItem[], until: number): ItemMonth[] {
  let start = monthStart(until - 1);
  const starts: number[] = [];
  for (let n = 0; n < TREND_MONTHS; n++) {
    starts.unshift(start);
    const d = new Date(start);
    start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
  }
  const ends = starts.map((s) => {
    const d = new Date(s);
    return Math.min(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1), until);
  });
  // One pass: each item into the month it was created in and the month it was merged in.
  const monthOf = (t: number): number => {
    if (t < starts[0] || t >= until) return -1;
    let m = TREND_MONTHS - 1;
    while (t < starts[m]) m--;
    return m;
  };
  const created: ScoredItem[][] = starts.map(() => []);
  const merged: ScoredItem[][] = starts.map(() => []);
  for (const i of items) {
    const c = monthOf(i.created);
    if (c >= 0) created[c].push(i);
    if (i.kind === 'pr' && i.merged !== null) {
      const m = monthOf(i.merged);
      if (m >= 0) merged[m].push(i);
    }
  }
  return starts.map((s, m) => {
    const prs = created[m].filter((i) => i.kind === 'pr');
    const issues = created[m].filter((i) => i.kind === 'issue');
    return {
      month: new Date(s).toISOString().slice(0, 7),
      prsOpened: prs.length,
      prsMerged: merged[m].length,
      outsidePrsOpened: prs.filter(isOutside).length,
      outsidePrsMerged: merged[m].filter(isOutside).length,
      issuesOpened: issues.length,
      prFirstResponseMedianHours: durationStats(prs, (i) => i.response, ends[m]).medianHours,
      issueFirstResponseMedianHours: durationStats(issues, (i) => i.response, ends[m]).medianHours,
    };
  });
}

/** Outside items of the window as team → team edges. */
export function helpEdges(all: readonly ScoredItem[], since: number, until: number): HelpEdge[] {
  const edges = new Map<string, HelpEdge>();
  for (const i of all) {
    if (i.created < since || i.created >= until || !isOutside(i)) continue;
    const to = i.owner as string;
    const key = `${i.authorTeam ?? ''}\u0000${to}`;
    const e = edges.get(key) ?? { from: i.authorTeam, to, prs: 0, prsMerged: 0, issues: 0 };
    if (i.kind === 'pr') {
      e.prs++;
      if (i.merged !== null && i.merged < until) e.prsMerged++;
    } else e.issues++;
    edges.set(key, e);
  }
  return [...edges.values()].sort(
    (a, b) =>
      b.prs + b.issues - (a.prs + a.issues) ||
      (a.from ?? '').localeCompare(b.from ?? '') ||
      a.to.localeCompare(b.to),
  );
}

interface Loaded {
  window: ItemWindow;
  since: number;
  until: number;
  items: ScoredItem[];
  model: TeamModel;
  owners: Map<string, string | null>;
  ingested: Set<string>;
}

async function load(
  store: Store,
  loaded: LoadedConfig,
  opts: { days?: number; now?: Date },
  repoIds?: string[],
): Promise<Loaded> {
  const { owningTeams } = await import('./service.ts');
  const q = await import('../store/queries/forge-items.ts');
  const now = opts.now ?? new Date();
  const days = opts.days ?? 90;
  const until = now.getTime();
  const since = until - days * DAY_MS;
  const trendStart = Date.UTC(
    new Date(until).getUTCFullYear(),
    new Date(until).getUTCMonth() - TREND_MONTHS + 1,
    1,
  );
  const from = new Date(Math.min(since, trendStart)).toISOString();
  const [{ model, aliases, owners }, rows, stored, ingested] = await Promise.all([
    owningTeams(store, loaded, { now }),
    q.metricsItems(store.db, from, repoIds),
    q.loginEmails(store.db),
    q.ingestedRepoIds(store.db),
  ]);
  const logins: LoginEmails = mergeLoginEmails(
    [...stored].flatMap(([l, emails]) =>
      emails.map((e): [string, string] => [l, canonicalEmail(e, aliases)]),
    ),
    configLoginEmails(loaded.config.teams),
  );
  const botTest = makeLoginBotTest(loaded.config.bots);
  // Logins repeat across items: each is judged once.
  const bots = new Map<string, boolean>();
  const isBot = (login: string): boolean => {
    let bot = bots.get(login);
    if (bot === undefined) {
      bot = botTest(login, false);
      bots.set(login, bot);
    }
    return bot;
  };
  const teamCache = new Map<string, string | null>();
  const teamOf = (login: string | null, t: number): string | null => {
    if (login === null) return null;
    // Membership is constant between breakpoints: cache per login and interval.
    const slot = model.breakpoints.findIndex((b) => b > t / 1000);
    const key = `${login}\u0000${slot}`;
    let team = teamCache.get(key);
    if (team === undefined) {
      try {
        team = loginTeamAt(model, logins, login, Math.floor(t / 1000));
      } catch {
        team = null;
      }
      teamCache.set(key, team);
    }
    return team;
  };
  const items: ScoredItem[] = [];
  for (const r of rows) {
    if (!owners.has(r.repo_id)) continue;
    if (r.author_is_bot || (r.author_login !== null && isBot(r.author_login))) continue;
    const created = r.created;
    if (created === null) continue;
    items.push(scored(r, created, owners.get(r.repo_id) ?? null, teamOf(r.author_login, created)));
  }
  return {
    window: { days, since: new Date(since).toISOString(), until: new Date(until).toISOString() },
    since,
    until,
    items,
    model,
    owners,
    ingested,
  };
}

function scored(
  r: MetricsItemRow,
  created: number,
  owner: string | null,
  authorTeam: string | null,
): ScoredItem {
  return {
    repoId: r.repo_id,
    kind: r.kind,
    open: r.open,
    created,
    closed: r.closed ?? r.merged,
    merged: r.merged,
    response: r.response,
    review: r.review,
    owner,
    authorTeam,
  };
}

function repoMetricsOf(l: Loaded, repoId: string, items: ScoredItem[]): RepoItemMetrics {
  return {
    repoId,
    owningTeam: l.owners.get(repoId) ?? null,
    window: l.window,
    numbers: itemNumbers(items, l.since, l.until),
    months: itemMonths(items, l.until),
    helpedBy: helpEdges(items, l.since, l.until),
    ingested: l.ingested.has(repoId),
  };
}

/**
 * The numbers of the items of `repoIds` created in [since, until) — a pilot cohort's window — with how many
 * of those repos have had their items ingested; null when none has (PR measures are then "not measured").
 */
export async function cohortItemNumbers(
  store: Store,
  loaded: LoadedConfig,
  repoIds: readonly string[],
  since: Date,
  until: Date,
): Promise<{ numbers: ItemNumbers; reposIngested: number } | null> {
  if (repoIds.length === 0 || until.getTime() <= since.getTime()) return null;
  const days = Math.ceil((until.getTime() - since.getTime()) / DAY_MS);
  // A large cohort reads every item of the window rather than a query with thousands of parameters.
  const l = await load(store, loaded, { now: until, days }, repoIds.length <= 500 ? [...repoIds] : undefined);
  const reposIngested = repoIds.filter((id) => l.ingested.has(id)).length;
  if (reposIngested === 0) return null;
  const keep = new Set(repoIds);
  const items = l.items.filter((i) => keep.has(i.repoId));
  return { numbers: itemNumbers(items, since.getTime(), until.getTime()), reposIngested };
}

/** One repo's numbers; null when no active repo has that id. */
export async function repoItemMetrics(
  store: Store,
  loaded: LoadedConfig,
  repoId: string,
  opts: { days?: number; now?: Date } = {},
): Promise<RepoItemMetrics | null> {
  const l = await load(store, loaded, opts, [repoId]);
  if (!l.owners.has(repoId)) return null;
  return repoMetricsOf(l, repoId, l.items);
}

/** Every active repo's numbers, from one load. */
export async function allRepoItemMetrics(
  store: Store,
  loaded: LoadedConfig,
  opts: { days?: number; now?: Date } = {},
): Promise<Map<string, RepoItemMetrics>> {
  const l = await load(store, loaded, opts);
  const byRepo = new Map<string, ScoredItem[]>();
  for (const i of l.items) {
    const list = byRepo.get(i.repoId);
    if (list) list.push(i);
    else byRepo.set(i.repoId, [i]);
  }
  const out = new Map<string, RepoItemMetrics>();
  for (const id of l.owners.keys()) out.set(id, repoMetricsOf(l, id, byRepo.get(id) ?? []));
  return out;
}

function teamsOf(l: Loaded): TeamItemMetrics[] {
  const edges = helpEdges(l.items, l.since, l.until);
  const byOwner = new Map<string, ScoredItem[]>();
  for (const i of l.items) {
    if (i.owner === null) continue;
    const list = byOwner.get(i.owner);
    if (list) list.push(i);
    else byOwner.set(i.owner, [i]);
  }
  const out: TeamItemMetrics[] = [];
  for (const t of l.model.teams.values()) {
    const owned = byOwner.get(t.id) ?? [];
    const sent = edges.filter((e) => e.from === t.id);
    out.push({
      team: t.id,
      name: t.name,
      window: l.window,
      numbers: itemNumbers(owned, l.since, l.until),
      months: itemMonths(owned, l.until),
      received: edges.filter((e) => e.to === t.id),
      sent,
      helpfulness: sent.reduce((n, e) => n + e.prsMerged, 0),
    });
  }
  return out.sort((a, b) => b.helpfulness - a.helpfulness || a.team.localeCompare(b.team));
}

/** One team's numbers (items in the repos it owns, edges sent and received); null for an unknown team. */
export async function teamItemMetrics(
  store: Store,
  loaded: LoadedConfig,
  teamId: string,
  opts: { days?: number; now?: Date } = {},
): Promise<TeamItemMetrics | null> {
  const l = await load(store, loaded, opts);
  return teamsOf(l).find((t) => t.team === teamId) ?? null;
}

/** The organisation: every item, every team (most helpful first), every edge. */
export async function orgItemMetrics(
  store: Store,
  loaded: LoadedConfig,
  opts: { days?: number; now?: Date; keep?: ReadonlySet<string> } = {},
): Promise<OrgItemMetrics> {
  const l = await load(store, loaded, opts);
  // A viewer's numbers count only the repos they may see (sign-in and visibility, docs/ARCHITECTURE.md).
  const keep = opts.keep;
  if (keep) {
    l.items = l.items.filter((i) => keep.has(i.repoId));
    l.ingested = new Set([...l.ingested].filter((id) => keep.has(id)));
    l.owners = new Map([...l.owners].filter(([id]) => keep.has(id)));
  }
  return {
    window: l.window,
    numbers: itemNumbers(l.items, l.since, l.until),
    months: itemMonths(l.items, l.until),
    teams: teamsOf(l),
    edges: helpEdges(l.items, l.since, l.until),
    reposIngested: [...l.ingested].filter((id) => l.owners.has(id)).length,
  };
}

function sumEdges(edges: readonly HelpEdge[], key: 'prs' | 'prsMerged'): number {
  return edges.reduce((n, e) => n + e[key], 0);
}

/** One team's numbers as one flat record: `agora teams --json` and the API's teams give exactly this. */
export function teamItemSummary(t: TeamItemMetrics): TeamItemSummary {
  const n = t.numbers;
  return {
    team: t.team,
    days: t.window.days,
    prsSent: sumEdges(t.sent, 'prs'),
    prsSentMerged: sumEdges(t.sent, 'prsMerged'),
    prsReceived: sumEdges(t.received, 'prs'),
    prsReceivedMerged: sumEdges(t.received, 'prsMerged'),
    outsideAcceptanceRate: n.outside.acceptanceRate,
    outsideShareOfMergedPrs: n.outside.shareOfMergedPrs,
    outsidePrFirstResponseP90Hours: n.outside.prFirstResponse.p90Hours,
    prsOpened: n.prs.opened,
    prsMerged: n.prs.merged,
    mergeRate: n.prs.mergeRate,
    prFirstResponse: n.prs.firstResponse,
    prFirstReview: n.prs.firstReview,
    prTimeToMerge: n.prs.timeToMerge,
    outsidePrFirstResponse: n.outside.prFirstResponse,
    helpfulness: t.helpfulness,
  };
}

/** The organisation's numbers as one flat record (the dashboard's `pullRequests`). */
export function orgItemSummary(o: OrgItemMetrics): OrgItemSummary {
  const n = o.numbers;
  return {
    days: o.window.days,
    reposIngested: o.reposIngested,
    prsOpened: n.prs.opened,
    prsMerged: n.prs.merged,
    mergeRate: n.prs.mergeRate,
    outsidePrsOpened: n.outside.prsOpened,
    outsidePrsMerged: n.outside.prsMerged,
    outsideAcceptanceRate: n.outside.acceptanceRate,
    outsideShareOfMergedPrs: n.outside.shareOfMergedPrs,
    crossTeamPrs: sumEdges(
      o.edges.filter((e) => e.from !== null),
      'prs',
    ),
    prFirstResponse: n.prs.firstResponse,
    prFirstReview: n.prs.firstReview,
    prTimeToMerge: n.prs.timeToMerge,
    outsidePrFirstResponse: n.outside.prFirstResponse,
    months: o.months,
  };
}
