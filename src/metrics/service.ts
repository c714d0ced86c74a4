// The metrics service: loads stored facts (a few grouped queries, never one per repo) and hands them to the
// pure metric functions. This is what the portal, the API and the CLI call.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import { isoFromSeconds } from '../safe-date.ts';
import type { Store } from '../store/db.ts';
import { readinessHistory } from '../store/queries/checks.ts';
import {
  type ContributionGroupRow,
  contributionGroups,
  distinctAuthors,
  findRepoId,
  type MetricsRepoRow,
  metricsRepos,
  type OwnerRow,
  ownerRows,
  packageRows,
  packagesOfRepo,
} from '../store/queries/metrics.ts';
import { activityScore } from './activity.ts';
import { contributionsByTeam, firstSeenByIdentity, weeklyCommits, windowMetrics } from './collaboration.ts';
import { type Contribution, DAY } from './contribution.ts';
import { type AliasMap, botTestReadsNames, canonicalEmail, makeBotTest, parseMailmap } from './identities.ts';
import { type OwnerRecord, resolveOwner, teamHasMembers } from './ownership.ts';
import { buildReuseGraph, packageKey, reuseEdges } from './reuse.ts';
import { computeRollup, type StandardsHistory } from './rollup.ts';
import { edgesOf, monthStarts, weekStarts } from './series.ts';
import { buildTeamModel, checkMembershipConflicts, type TeamModel, unmatchedMembers } from './teams.ts';
import {
  type ActivityScoreInputs,
  DEFAULT_WINDOWS,
  type OrgRollup,
  type OwningTeam,
  type RepoLink,
  type RepoMetrics,
  type RepoScore,
  type ReuseGraph,
  type TeamDetail,
  type TeamSummary,
  type TeamWarning,
} from './types.ts';

export type * from './types.ts';

interface Context {
  model: TeamModel;
  aliases: AliasMap;
  isBot: (email: string, name: string, stored: boolean) => boolean;
  /**
   * Whether the bot test needs author names: only for the config's `bots:` entries, which may be names. Its
   * name rules add nothing to the stored flag: the crawl sets that flag by the same definition, with names
   * (src/analyse/bots.ts), so a read without names judges the rest by email.
   */
  botTestReadsNames: boolean;
}

/** Builds identities and teams from the config; throws CONFIG_INVALID on a person in two teams at once. */
function contextFor(loaded: LoadedConfig): Context {
  const { config } = loaded;
  let aliases: AliasMap = new Map();
  if (config.aliases) {
    const file = resolve(loaded.baseDir, config.aliases);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new AgoraError('CONFIG_INVALID', `aliases: cannot read ${file} (${(err as Error).message})`);
    }
    aliases = parseMailmap(text);
  }
  // A fresh model per call: resolving owners adds teams for undefined CODEOWNERS handles.
  return {
    model: buildTeamModel(config.teams),
    aliases,
    isBot: makeBotTest(config.bots),
    botTestReadsNames: botTestReadsNames(config.bots),
  };
}

/**
 * Contributions from grouped rows. The alias and bot tests run once per email (and name), not once per group:
 * an organisation has a few thousand authors and hundreds of thousands of groups.
 */
function toContributions(rows: readonly ContributionGroupRow[], ctx: Context): Contribution[] {
  const authors = new Map<string, { identity: string; botByName: Map<string, boolean> }>();
  const out: Contribution[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let author = authors.get(r.author_email);
    if (author === undefined) {
      author = { identity: canonicalEmail(r.author_email, ctx.aliases), botByName: new Map() };
      authors.set(r.author_email, author);
    }
    // Cached by name and stored flag: `notBots` can take back a commit the crawl stored as a bot's.
    const key = r.is_bot === 1 ? `1${r.author_name}` : `0${r.author_name}`;
    let isBot = author.botByName.get(key);
    if (isBot === undefined) {
      isBot = ctx.isBot(author.identity, r.author_name, r.is_bot === 1);
      author.botByName.set(key, isBot);
    }
    out[i] = {
      repoId: r.repo_id,
      identity: author.identity,
      name: r.author_name,
      isBot,
      time: r.first_time,
      commits: r.commits,
    };
  }
  return out;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function ownerRecords(rows: readonly OwnerRow[]): OwnerRecord[] {
  return rows.map((r) => ({
    owner: r.owner,
    kind: r.kind,
    source: r.source,
    catchAll: Number(r.catch_all) === 1,
  }));
}

function unixNow(now: Date | undefined): number {
  return Math.floor((now ?? new Date()).getTime() / 1000);
}

function longest(...texts: (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const t of texts)
    if (typeof t === 'string' && t.trim() && (best === null || t.length > best.length)) best = t;
  return best;
}

/** Open issues + open PRs of repos whose items were ingested (issue 11), by repo id. */
async function openItemTotals(store: Store, repoIds?: string[]): Promise<Map<string, number>> {
  const q = await import('../store/queries/forge-items.ts');
  const [counts, ingested] = await Promise.all([
    q.openItemCounts(store.db, repoIds),
    q.ingestedRepoIds(store.db),
  ]);
  const out = new Map<string, number>();
  for (const id of ingested) {
    const c = counts.get(id);
    out.set(id, (c?.issues ?? 0) + (c?.prs ?? 0));
  }
  return out;
}

/**
 * The score's inputs. `openItems`: the ingested open issues + open PRs (what GitHub's open_issues_count
 * counts, the pattern's issue term), used instead of the forge's count once items were read.
 */
function activityInputs(
  repo: MetricsRepoRow,
  commitsLast13Weeks: number,
  openItems?: number,
): ActivityScoreInputs {
  const last = isoFromSeconds(repo.last_commit_at);
  return {
    forks: repo.forks,
    watchers: repo.watchers,
    stars: repo.stars,
    openIssues: openItems ?? repo.open_issues,
    createdAt: repo.forge_created_at ?? isoFromSeconds(repo.first_commit_at),
    updatedAt: last,
    commitsLast13Weeks,
    description: longest(repo.description, repo.catalog_description, repo.motivation),
    hasContributingGuidelines: repo.has_contributing === 1,
  };
}

function humanCommitsSince(contributions: readonly Contribution[], since: number, now: number): number {
  let n = 0;
  for (const c of contributions) if (!c.isBot && c.time >= since && c.time <= now) n += c.commits;
  return n;
}

/** Edges every grouped query needs: team breakpoints, and `now + 1` so future-dated commits stay apart. */
function baseEdges(ctx: Context, now: number): number[] {
  return [...ctx.model.breakpoints, now + 1];
}

/** Keeps the repos a caller may see (the portal's per-viewer visibility); absent: every repo. */
export type RepoFilter = (repoId: string) => boolean;

interface Org {
  keep?: RepoFilter;
  ctx: Context;
  now: number;
  repos: MetricsRepoRow[];
  owners: Map<string, OwningTeam>;
  contributions: Contribution[];
  byRepo: Map<string, Contribution[]>;
  ownerRows: OwnerRow[];
}

/**
 * Loads every active repo, its owners and its contributions since `since`, and resolves owning teams. `lean`
 * gives contributions their bucket's lower edge for a time and no names (unless the bot test needs them; see
 * `contributionGroups`): only for callers that read no names and compare times with nothing but `edges`,
 * `since`, the base edges and `now - 365 days` (ownership inference), or look up teams at those times.
 */
async function loadOrg(
  store: Store,
  loaded: LoadedConfig,
  now: number,
  since: number,
  edges: number[],
  lean = false,
  keep?: RepoFilter,
): Promise<Org> {
  const ctx = contextFor(loaded);
  const [allRepos, ownerRowList, allGroups] = await Promise.all([
    metricsRepos(store.db),
    ownerRows(store.db),
    contributionGroups(store.db, {
      since,
      edges: edgesOf(baseEdges(ctx, now), [now - 365 * DAY], edges),
      lean,
      names: !lean || ctx.botTestReadsNames,
    }),
  ]);
  // A viewer's part of the organisation: repos they may not see leave no trace in any number.
  const repos = keep ? allRepos.filter((r) => keep(r.id)) : allRepos;
  const groups = keep ? allGroups.filter((g) => keep(g.repo_id)) : allGroups;
  const contributions = toContributions(groups, ctx);
  const byRepo = groupBy(contributions, (c) => c.repoId);
  const ownersByRepo = groupBy(ownerRowList, (o) => o.repo_id);
  const owners = new Map<string, OwningTeam>();
  for (const r of repos) {
    owners.set(
      r.id,
      resolveOwner(
        ctx.model,
        { name: r.name, fullName: r.full_name },
        ownerRecords(ownersByRepo.get(r.id) ?? []),
        byRepo.get(r.id) ?? [],
        now,
      ),
    );
  }
  return { keep, ctx, now, repos, owners, contributions, byRepo, ownerRows: ownerRowList };
}

/** The owner to measure "outside" against: null when there is none or it has no known members. */
function measuredOwner(org: Org, repoId: string): string | null {
  const team = org.owners.get(repoId)?.team ?? null;
  return teamHasMembers(org.ctx.model, team) ? team : null;
}

/** Every metric of one repo: windows, activity score, owner, contributors by team, weekly series, re-use. */
export async function repoMetrics(
  store: Store,
  loaded: LoadedConfig,
  repoRef: string,
  opts: { now?: Date; windows?: readonly number[] } = {},
): Promise<RepoMetrics> {
  const now = unixNow(opts.now);
  const windows = opts.windows ?? DEFAULT_WINDOWS;
  const ctx = contextFor(loaded);
  let [repo] = await metricsRepos(store.db, repoRef);
  if (!repo) {
    const id = await findRepoId(store.db, repoRef);
    if (id) [repo] = await metricsRepos(store.db, id);
  }
  if (!repo) throw new AgoraError('NOT_FOUND', `no repository ${repoRef} in the store (run \`agora crawl\`)`);
  const repoId = repo.id;

  const edges = edgesOf(
    baseEdges(ctx, now),
    windows.map((d) => now - d * DAY),
    [now - 365 * DAY, now - 91 * DAY],
    weekStarts(now),
  );
  const [groups, owners, packages, openItems] = await Promise.all([
    contributionGroups(store.db, { repoId, edges }),
    ownerRows(store.db, [repoId]),
    packagesOfRepo(store.db, repoId),
    openItemTotals(store, [repoId]),
  ]);
  const contributions = toContributions(groups, ctx);
  const owner = resolveOwner(
    ctx.model,
    { name: repo.name, fullName: repo.full_name },
    ownerRecords(owners),
    contributions,
    now,
  );
  const measured = teamHasMembers(ctx.model, owner.team) ? owner.team : null;
  const firstSeen = firstSeenByIdentity(contributions);
  const teamAt = ctx.model.teamAt;
  const teamName = (id: string) => ctx.model.teams.get(id)?.name ?? id;

  const { dependencies, dependents } = await repoLinks(store, ctx, repoId, owner.team, packages, now);
  return {
    repoId,
    name: repo.name,
    now: new Date(now * 1000).toISOString(),
    owner,
    windows: windows.map((days) =>
      windowMetrics(contributions, {
        days,
        now,
        owner: owner.team,
        ownerHasMembers: measured !== null,
        teamAt,
        firstSeen,
      }),
    ),
    activity: activityScore(
      activityInputs(repo, humanCommitsSince(contributions, now - 91 * DAY, now), openItems.get(repoId)),
      new Date(now * 1000),
    ),
    contributorsByTeam: contributionsByTeam(contributions, {
      since: now - 365 * DAY,
      now,
      owner: owner.team,
      teamAt,
      teamName,
    }),
    weekly: weeklyCommits(contributions, now),
    dependencies,
    dependents,
    firstCommitAt: isoFromSeconds(repo.first_commit_at),
    lastCommitAt: isoFromSeconds(repo.last_commit_at),
  };
}

/** Name spellings that may be the same package in some ecosystem (PEP 503, Cargo), lower-cased for SQL. */
function nameVariants(name: string): string[] {
  const lower = name.trim().toLowerCase();
  return [
    ...new Set([
      lower,
      lower.replace(/[-_.]+/g, '-'),
      lower.replace(/[-_.]+/g, '_'),
      lower.replace(/[-_.]+/g, '.'),
    ]),
  ];
}

async function repoLinks(
  store: Store,
  ctx: Context,
  repoId: string,
  ownTeam: string | null,
  own: readonly { repo_id: string; ecosystem: string; name: string; role: string }[],
  now: number,
): Promise<{ dependencies: RepoLink[]; dependents: RepoLink[] }> {
  if (own.length === 0) return { dependencies: [], dependents: [] };
  const related = await packageRows(store.db, [...new Set(own.flatMap((p) => nameVariants(p.name)))]);
  // Only rows that can make an edge with this repo: a publisher of what it consumes, a consumer of what it
  // publishes. (Keeping every repo that merely shares a package name made an org where hundreds of repos
  // consume one library load all of them for each of them: quadratic in the org's size.)
  const ownKeys = { consumes: new Set<string>(), publishes: new Set<string>() };
  for (const p of own) {
    if (p.role === 'consumes' || p.role === 'publishes') ownKeys[p.role].add(packageKey(p.ecosystem, p.name));
  }
  const pairs = (p: { role: string; ecosystem: string; name: string }) => {
    const key = packageKey(p.ecosystem, p.name);
    return (
      (p.role === 'publishes' && ownKeys.consumes.has(key)) ||
      (p.role === 'consumes' && ownKeys.publishes.has(key))
    );
  };
  const rows = [...own, ...related.filter((p) => p.repo_id !== repoId && pairs(p))];
  const otherIds = [...new Set(rows.map((p) => p.repo_id).filter((id) => id !== repoId))];
  if (otherIds.length === 0) return { dependencies: [], dependents: [] };

  // Owners of the repos on the other end (for the cross-team flag): their owner rows and last year of commits.
  const [others, otherOwners, otherGroups] = await Promise.all([
    Promise.all(otherIds.map((id) => metricsRepos(store.db, id).then((r) => r[0]))),
    ownerRows(store.db, otherIds),
    contributionGroups(store.db, { repoIds: otherIds, since: now - 365 * DAY, edges: baseEdges(ctx, now) }),
  ]);
  const ownersBy = groupBy(otherOwners, (o) => o.repo_id);
  const commitsBy = groupBy(toContributions(otherGroups, ctx), (c) => c.repoId);
  const teams = new Map<string, string | null>([[repoId, ownTeam]]);
  const names = new Map<string, string>();
  for (const r of others) {
    if (!r) continue;
    names.set(r.id, r.name);
    const o = resolveOwner(
      ctx.model,
      { name: r.name, fullName: r.full_name },
      ownerRecords(ownersBy.get(r.id) ?? []),
      commitsBy.get(r.id) ?? [],
      now,
    );
    teams.set(r.id, o.team);
  }
  const active = rows.filter((p) => p.repo_id === repoId || names.has(p.repo_id));
  const edges = reuseEdges(
    active.map((p) => ({ repoId: p.repo_id, ecosystem: p.ecosystem, name: p.name, role: p.role })),
    (id) => teams.get(id) ?? null,
  );
  const link = (other: string, e: (typeof edges)[number]): RepoLink => ({
    repoId: other,
    name: names.get(other) ?? other,
    team: teams.get(other) ?? null,
    packages: e.packages,
    crossTeam: e.crossTeam,
  });
  return {
    dependencies: edges.filter((e) => e.from === repoId).map((e) => link(e.to, e)),
    dependents: edges.filter((e) => e.to === repoId).map((e) => link(e.from, e)),
  };
}

/**
 * Activity score, 90-day outside share and owning team of every active repo, from two grouped queries:
 * what the explore page sorts and facets by.
 */
export async function allRepoScores(
  store: Store,
  loaded: LoadedConfig,
  opts: { now?: Date } = {},
): Promise<Record<string, RepoScore>> {
  const now = unixNow(opts.now);
  const org = await loadOrg(store, loaded, now, now - 365 * DAY, [now - 91 * DAY, now - 90 * DAY]);
  const openItems = await openItemTotals(store);
  const out: Record<string, RepoScore> = {};
  const nowD = new Date(now * 1000);
  for (const repo of org.repos) {
    const contributions = org.byRepo.get(repo.id) ?? [];
    const owner = org.owners.get(repo.id) as OwningTeam;
    const w90 = windowMetrics(contributions, {
      days: 90,
      now,
      owner: owner.team,
      ownerHasMembers: measuredOwner(org, repo.id) !== null,
      teamAt: org.ctx.model.teamAt,
      firstSeen: new Map(),
    });
    out[repo.id] = {
      score: activityScore(
        activityInputs(repo, humanCommitsSince(contributions, now - 91 * DAY, now), openItems.get(repo.id)),
        nowD,
      ).score,
      outsideShare90: w90.outsideShare,
      outsideContributors90: w90.outsideContributors,
      team: owner.team,
      provenance: owner.provenance,
    };
  }
  return out;
}

async function allEdges(store: Store, org: Org) {
  const all = await packageRows(store.db);
  const packages = org.keep ? all.filter((p) => org.keep?.(p.repo_id)) : all;
  return reuseEdges(
    packages.map((p) => ({ repoId: p.repo_id, ecosystem: p.ecosystem, name: p.name, role: p.role })),
    (id) => org.owners.get(id)?.team ?? null,
  );
}

/**
 * Each repo's base-standard results over time, oldest first, from the stored check runs; null when no run was
 * ever stored. A repo meets the base standard when its run gave it a readiness level (bronze or above).
 */
async function baseStandardHistory(store: Store): Promise<StandardsHistory | null> {
  const events = await readinessHistory(store.db);
  if (events.length === 0) return null;
  const out = new Map<string, { at: number; meets: boolean }[]>();
  for (const e of events) {
    const at = Math.floor(Date.parse(e.evaluatedAt) / 1000);
    if (!Number.isFinite(at)) continue;
    const list = out.get(e.repoId) ?? [];
    list.push({ at, meets: e.level !== null && e.level !== 'none' });
    out.set(e.repoId, list);
  }
  return out satisfies StandardsHistory;
}

/**
 * The organisation roll-up over a headline window (default 90 days) and as a monthly series. Read lean: it
 * shows no names, and compares times only with its spans' edges, `now - 365 days` (ownership inference) and
 * team breakpoints, all of them bucket edges. `lean: false` reads names and earliest times as well, for the
 * same result (what the tests compare it with).
 */
export async function orgRollup(
  store: Store,
  loaded: LoadedConfig,
  opts: { now?: Date; windowDays?: number; lean?: boolean; keep?: RepoFilter } = {},
): Promise<OrgRollup> {
  const now = unixNow(opts.now);
  const windowDays = opts.windowDays ?? 90;
  const months = monthStarts(now, 12);
  const since = Math.min(now - 365 * DAY, months[0], now - windowDays * DAY);
  const edges = [...months, now - windowDays * DAY];
  const org = await loadOrg(store, loaded, now, since, edges, opts.lean ?? true, opts.keep);
  const [reuse, standards] = await Promise.all([allEdges(store, org), baseStandardHistory(store)]);
  // Looked up once per contribution: resolved once per repo.
  const measured = new Map(org.repos.map((r) => [r.id, measuredOwner(org, r.id)]));
  return computeRollup({
    now,
    windowDays,
    repos: org.repos.map((r) => ({ id: r.id, firstCommitAt: r.first_commit_at })),
    ownerOf: (id) => measured.get(id) ?? null,
    contributions: org.contributions,
    teamAt: org.ctx.model.teamAt,
    edges: reuse,
    standards,
  });
}

/** The re-use graph of the organisation, or (with `team`) the part touching that team's repos. */
export async function reuseGraph(
  store: Store,
  loaded: LoadedConfig,
  opts: { team?: string; now?: Date; keep?: RepoFilter } = {},
): Promise<ReuseGraph> {
  const now = unixNow(opts.now);
  const org = await loadOrg(store, loaded, now, now - 365 * DAY, [], false, opts.keep);
  const edges = await allEdges(store, org);
  const nodes = org.repos.map((r) => ({ id: r.id, name: r.name, team: org.owners.get(r.id)?.team ?? null }));
  if (!opts.team) return buildReuseGraph(nodes, edges);
  const team = resolveTeamId(org.ctx.model, opts.team);
  const mine = new Set(nodes.filter((n) => n.team === team).map((n) => n.id));
  const kept = edges.filter((e) => mine.has(e.from) || mine.has(e.to));
  const ids = new Set([...mine, ...kept.flatMap((e) => [e.from, e.to])]);
  return buildReuseGraph(
    nodes.filter((n) => ids.has(n.id)),
    kept,
  );
}

function resolveTeamId(model: TeamModel, ref: string): string {
  if (model.teams.has(ref)) return ref;
  const viaRef = model.teamForRef(ref);
  if (viaRef) return viaRef;
  throw new AgoraError(
    'NOT_FOUND',
    `no team ${ref} (teams: ${[...model.teams.keys()].join(', ') || 'none'})`,
  );
}

interface TeamStats {
  summary: TeamSummary;
  detail: TeamDetail;
}

function teamStats(org: Org): Map<string, TeamStats> {
  const { model } = org.ctx;
  const since = org.now - 365 * DAY;
  const stats = new Map<string, TeamStats>();
  for (const t of model.teams.values()) {
    const summary: TeamSummary = {
      id: t.id,
      name: t.name,
      defined: t.defined,
      handles: t.handles,
      members: 0,
      ownedRepos: 0,
      commits: 0,
      commitsToOtherTeams: 0,
      // Measured as a repo's outside share is (measuredOwner): only against a team with known members.
      outsideCommitsReceived: teamHasMembers(model, t.id) ? 0 : null,
    };
    stats.set(t.id, {
      summary,
      detail: { ...summary, owns: [], membersSeen: [], contributesTo: [], outsideContributors: [] },
    });
  }
  const repoName = new Map(org.repos.map((r) => [r.id, r.name]));
  for (const r of org.repos) {
    const o = org.owners.get(r.id);
    if (!o?.team) continue;
    const s = stats.get(o.team);
    if (!s) continue;
    s.summary.ownedRepos++;
    s.detail.owns.push({ repoId: r.id, name: r.name, provenance: o.provenance, detail: o.detail });
  }
  const members = new Map<string, Map<string, { name: string; commits: number }>>();
  const elsewhere = new Map<string, Map<string, { commits: number; people: Set<string> }>>();
  const outside = new Map<
    string,
    Map<string, { identity: string; name: string; team: string | null; repoId: string; commits: number }>
  >();
  for (const c of org.contributions) {
    if (c.isBot || c.time < since || c.time > org.now) continue;
    const team = model.teamAt(c.identity, c.time);
    const owner = org.owners.get(c.repoId)?.team ?? null;
    if (team !== null) {
      const s = stats.get(team);
      if (s) {
        s.summary.commits += c.commits;
        const m = members.get(team) ?? new Map();
        const prev = m.get(c.identity) ?? { name: c.name, commits: 0 };
        prev.commits += c.commits;
        m.set(c.identity, prev);
        members.set(team, m);
        if (owner !== team) {
          s.summary.commitsToOtherTeams += c.commits;
          const e = elsewhere.get(team) ?? new Map();
          const row = e.get(c.repoId) ?? { commits: 0, people: new Set<string>() };
          row.commits += c.commits;
          row.people.add(c.identity);
          e.set(c.repoId, row);
          elsewhere.set(team, e);
        }
      }
    }
    if (owner !== null && team !== owner) {
      const s = stats.get(owner);
      if (s && s.summary.outsideCommitsReceived !== null) {
        s.summary.outsideCommitsReceived += c.commits;
        const o = outside.get(owner) ?? new Map();
        const key = `${c.identity}\u0000${c.repoId}`;
        const row = o.get(key) ?? { identity: c.identity, name: c.name, team, repoId: c.repoId, commits: 0 };
        row.commits += c.commits;
        o.set(key, row);
        outside.set(owner, o);
      }
    }
  }
  for (const [id, s] of stats) {
    const m = members.get(id) ?? new Map();
    s.summary.members = m.size;
    s.detail.membersSeen = [...m.entries()]
      .map(([identity, v]) => ({ identity, name: v.name, commits: v.commits }))
      .sort((a, b) => b.commits - a.commits || a.identity.localeCompare(b.identity));
    s.detail.contributesTo = [...(elsewhere.get(id) ?? new Map()).entries()]
      .map(([repoId, v]) => ({
        repoId,
        name: repoName.get(repoId) ?? repoId,
        owner: org.owners.get(repoId)?.team ?? null,
        commits: v.commits,
        contributors: v.people.size,
      }))
      .sort((a, b) => b.commits - a.commits || a.repoId.localeCompare(b.repoId));
    s.detail.outsideContributors = [...(outside.get(id) ?? new Map()).values()].sort(
      (a, b) =>
        b.commits - a.commits || a.identity.localeCompare(b.identity) || a.repoId.localeCompare(b.repoId),
    );
    s.detail.owns.sort((a, b) => a.name.localeCompare(b.name));
    Object.assign(s.detail, s.summary);
  }
  return stats;
}

/** Every team (config teams, then CODEOWNERS handles defined nowhere) with what it owns and contributes. */
export async function teamSummaries(
  store: Store,
  loaded: LoadedConfig,
  opts: { now?: Date } = {},
): Promise<TeamSummary[]> {
  const now = unixNow(opts.now);
  const org = await loadOrg(store, loaded, now, now - 365 * DAY, []);
  return [...teamStats(org).values()].map((s) => s.summary);
}

/** One team: its repos, members seen, where members contribute, and who contributes to its repos from outside. */
export async function teamDetail(
  store: Store,
  loaded: LoadedConfig,
  teamRef: string,
  opts: { now?: Date } = {},
): Promise<TeamDetail> {
  const now = unixNow(opts.now);
  const org = await loadOrg(store, loaded, now, now - 365 * DAY, []);
  const id = resolveTeamId(org.ctx.model, teamRef);
  return (teamStats(org).get(id) as TeamStats).detail;
}

/** Every team's detail from one load of the organisation (what the portal's team pages show). */
export async function teamDetails(
  store: Store,
  loaded: LoadedConfig,
  opts: { now?: Date; keep?: RepoFilter } = {},
): Promise<TeamDetail[]> {
  const now = unixNow(opts.now);
  const org = await loadOrg(store, loaded, now, now - 365 * DAY, [], false, opts.keep);
  return [...teamStats(org).values()].map((s) => s.detail);
}

/** How one person is attributed: canonical identity (alias file), team at a time (since/until), team names. */
export interface IdentityModel {
  identity(email: string): string;
  /** The team an identity was in at `time` (unix s); null when unaffiliated or the config is in conflict. */
  teamAt(identity: string, time: number): string | null;
  teamName(team: string | null): string | null;
}

/** The identity and team rules of the config, for callers that attribute commits themselves. */
export function identityModel(loaded: LoadedConfig): IdentityModel {
  const ctx = contextFor(loaded);
  return {
    identity: (email) => canonicalEmail(email, ctx.aliases),
    teamAt(identity, time) {
      try {
        return ctx.model.teamAt(identity, time);
      } catch {
        // A person in two teams at once: `agora teams` reports it; attribution shows them unaffiliated.
        return null;
      }
    },
    teamName: (team) => (team === null ? null : (ctx.model.teams.get(team)?.name ?? team)),
  };
}

/**
 * Problems in the team setup: member entries matching nobody in the history, CODEOWNERS team handles no team
 * declares. Throws CONFIG_INVALID when anyone seen is in two teams at once.
 */
export async function teamWarnings(
  store: Store,
  loaded: LoadedConfig,
  opts: { now?: Date } = {},
): Promise<TeamWarning[]> {
  const now = unixNow(opts.now);
  const org = await loadOrg(store, loaded, now, now - 365 * DAY, []);
  const authors = await distinctAuthors(store.db);
  const identities = new Set(authors.map((a) => canonicalEmail(a.author_email, org.ctx.aliases)));
  checkMembershipConflicts(org.ctx.model, identities);
  const warnings: TeamWarning[] = [];
  for (const m of unmatchedMembers(org.ctx.model, identities)) {
    warnings.push({
      code: 'TEAM_GLOB_UNMATCHED',
      message: `teams.${m.team}.members: ${m.entry} matches nobody in the commit history`,
      team: m.team,
      member: m.entry,
    });
  }
  // Every CODEOWNERS team handle no config team declares, whether or not it became a repo's owner.
  const undefinedHandles = new Map<string, Set<string>>();
  const active = new Set(org.repos.map((r) => r.id));
  for (const o of org.ownerRows) {
    if (o.source !== 'codeowners' || o.kind !== 'team' || !active.has(o.repo_id)) continue;
    const team = org.ctx.model.teamForRef(o.owner);
    if (team !== null && org.ctx.model.teams.get(team)?.defined) continue;
    const handle = o.owner.trim().toLowerCase();
    undefinedHandles.set(handle, (undefinedHandles.get(handle) ?? new Set()).add(o.repo_id));
  }
  for (const [handle, repos] of undefinedHandles) {
    warnings.push({
      code: 'CODEOWNERS_TEAM_UNDEFINED',
      message: `CODEOWNERS team ${handle} is not defined in teams: (add it to a team's handles:); named in ${repos.size} repo(s)`,
      handle,
      repos: [...repos].sort(),
    });
  }
  return warnings;
}

/**
 * The teams model, aliases and every active repo's measured owning team (null: none, or one with no known
 * members), for metrics computed outside this module (forge items, issue 11).
 */
export async function owningTeams(
  store: Store,
  loaded: LoadedConfig,
  opts: { now?: Date } = {},
): Promise<{ model: TeamModel; aliases: AliasMap; owners: Map<string, string | null> }> {
  const now = unixNow(opts.now);
  const org = await loadOrg(store, loaded, now, now - 365 * DAY, [], true);
  const owners = new Map<string, string | null>();
  for (const r of org.repos) owners.set(r.id, measuredOwner(org, r.id));
  return { model: org.ctx.model, aliases: org.ctx.aliases, owners };
}
