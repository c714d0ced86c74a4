// The portal's in-memory catalogue: every project's summary and the data behind its pages, loaded from the store
// in a few set queries when the server starts and again after each crawl. Searches never touch the database.

import { describeProject } from '../analyse/description.ts';
import type { RepoFacts } from '../analyse/facts.ts';
import type { LoadedConfig } from '../config/schema.ts';
import { activityScore } from '../metrics/activity.ts';
import type {
  IdentityModel,
  TeamDetail as MetricsTeamDetail,
  OrgRollup,
  ReuseGraph,
} from '../metrics/service.ts';
import { sourceFileBase } from '../render/links.ts';
import { isoFromSeconds } from '../safe-date.ts';
import type { Store } from '../store/db.ts';
import type { NotCrawledRow, PortalRepoRow } from '../store/queries/portal.ts';
import { parseJson } from '../store/queries/shared.ts';
import type {
  ActivityBucket,
  LanguageBytes,
  NotCrawledRepo,
  ProjectSummary,
  ReadinessLevel,
  TeamContribution,
} from './api-types.ts';
import { type Derived, loadDerived } from './derived.ts';

const DAY = 86_400;
const WEEK = 7 * DAY;

export interface AuthorStat {
  /** Canonical identity (after the alias file). */
  email: string;
  name: string;
  /** The author's team now, by the metrics service's membership rules. */
  team: string | null;
  commits: number;
}

export interface ProjectRecord {
  summary: ProjectSummary;
  /**
   * The metrics' outside share of the last 90 days: null when it cannot be measured (no owning team with known
   * members, or no commits), as `agora metrics` says; the summary carries the same value.
   */
  outsideShare90: number | null;
  row: PortalRepoRow;
  facts: Partial<RepoFacts>;
  readmeText: string;
  languageBytes: LanguageBytes[];
  /** 52 weekly commit counts, oldest first; the last is the current week. */
  participation: number[];
  /** Authors of the last 365 days. */
  authors365: AuthorStat[];
  /** Authors of the last 90 days. */
  authors90: AuthorStat[];
  contributorsByTeam: TeamContribution[];
  commits90: number;
  commits30: number;
  commits365: number;
  /** Private forge repos: the logins the forge gives read access (lower-cased); never shown, only matched. */
  collaborators: readonly string[];
}

/** Organisation views of the metrics service, computed once per catalogue on first use. */
export interface OrgViews {
  teams(): Promise<MetricsTeamDetail[]>;
  rollup(): Promise<OrgRollup>;
  graph(): Promise<ReuseGraph>;
}

/** A repo listed but never stored (every crawl failed): what the portal shows of it, and its stored row. */
export interface NotCrawledRecord {
  repo: NotCrawledRepo;
  row: NotCrawledRow;
}

export interface Catalogue {
  builtAt: Date;
  /** Unix seconds the windows are measured from. */
  now: number;
  projects: ProjectRecord[];
  byId: Map<string, ProjectRecord>;
  /** Repos listed but never stored, by id (their errors; views keep the ones their viewer may see). */
  notCrawled: NotCrawledRecord[];
  /** Display name of a team id (metrics service's team model). */
  teamName(team: string | null): string | null;
  org: OrgViews;
  /** Scores, owners and standards results from the metrics service and the checks store. */
  checks: Derived;
  weekStarts: string[];
}

/** Loads the catalogue from the store. `now` is injectable for deterministic tests. */
export async function buildCatalogue(
  store: Store,
  loaded: LoadedConfig,
  now = new Date(),
): Promise<Catalogue> {
  const q = await import('../store/queries/portal.ts');
  const { collaboratorsByRepo } = await import('../store/queries/forge.ts');
  const metrics = await import('../metrics/service.ts');
  const nowUnix = Math.floor(now.getTime() / 1000);
  const weekStart0 = mondayOf(nowUnix) - 51 * WEEK;
  const [rows, languages, authors365, points, failed, collaborators] = await Promise.all([
    q.portalRepos(store.db),
    q.allRepoLanguages(store.db),
    q.commitAuthorsSince(store.db, nowUnix - 365 * DAY),
    q.commitPointsSince(store.db, weekStart0),
    q.notCrawledRepos(store.db),
    collaboratorsByRepo(store.db),
  ]);
  const people = safeIdentityModel(metrics.identityModel, loaded);
  const derived = await loadDerived(store, loaded, now);

  const langsByRepo = groupBy(languages, (l) => l.repo_id);
  const authorsByRepo = groupBy(authors365, (a) => a.repo_id);
  const participation = new Map<string, number[]>();
  const recent = new Map<string, Map<string, number>>();
  const recent30 = new Map<string, number>();
  for (const p of points) {
    let weeks = participation.get(p.repo_id);
    if (!weeks) {
      weeks = new Array(52).fill(0);
      participation.set(p.repo_id, weeks);
    }
    const idx = Math.floor((p.author_time - weekStart0) / WEEK);
    if (idx >= 0 && idx < 52) weeks[idx]++;
    if (p.author_time >= nowUnix - 90 * DAY) {
      let m = recent.get(p.repo_id);
      if (!m) {
        m = new Map();
        recent.set(p.repo_id, m);
      }
      const who = people.identity(p.author_email);
      m.set(who, (m.get(who) ?? 0) + 1);
    }
    if (p.author_time >= nowUnix - 30 * DAY) recent30.set(p.repo_id, (recent30.get(p.repo_id) ?? 0) + 1);
  }

  const projects: ProjectRecord[] = [];
  const logos: { summary: ProjectSummary; repoId: string; path: string }[] = [];
  for (const row of rows) {
    const facts = parseJson<Partial<RepoFacts>>(row.facts, {});
    const byIdentity = new Map<string, AuthorStat>();
    for (const a of authorsByRepo.get(row.id) ?? []) {
      const identity = people.identity(a.author_email);
      const prev = byIdentity.get(identity);
      if (prev) prev.commits += a.commits;
      else
        byIdentity.set(identity, {
          email: identity,
          name: a.author_name,
          team: people.teamAt(identity, nowUnix),
          commits: a.commits,
        });
    }
    const a365 = [...byIdentity.values()];
    const a90: AuthorStat[] = [];
    for (const [identity, commits] of recent.get(row.id) ?? []) {
      a90.push({
        email: identity,
        name: byIdentity.get(identity)?.name ?? identity,
        team: people.teamAt(identity, nowUnix),
        commits,
      });
    }
    // The metrics service owns ownership; without it (a configuration it rejects) the owner is unknown.
    const scored = derived.owners.get(row.id) ?? {
      team: null,
      provenance: 'unknown' as const,
      outsideShare90: null,
      outsideContributors90: 0,
    };
    const commits90 = sum(a90.map((a) => a.commits));
    const weeks = participation.get(row.id) ?? new Array(52).fill(0);
    const contributing = (facts.docs ?? []).find((d) => d.kind === 'contributing');
    const inner = facts.innersource ?? null;
    const topics = parseJson<string[]>(row.topics, []);
    const langs = (langsByRepo.get(row.id) ?? []).map((l) => ({
      language: l.language,
      bytes: Number(l.bytes),
      files: Number(l.files),
    }));
    const lastCommitAt = row.last_commit_at === null ? null : Number(row.last_commit_at);
    const summary: ProjectSummary = {
      id: row.id,
      name: row.name,
      fullName: row.full_name,
      description: describeProject(row.description, facts),
      owner: { team: scored.team, teamName: people.teamName(scored.team), provenance: scored.provenance },
      primaryLanguage: row.primary_language ?? facts.primaryLanguage ?? null,
      languages: langs.map((l) => l.language),
      topics,
      score: derived.scores.get(row.id) ?? fallbackScore(row, facts, weeks, now),
      lastCommitAt: isoFromSeconds(lastCommitAt),
      outsideShare90: scored.outsideShare90,
      outsideContributors90: scored.outsideContributors90,
      level: (derived.levels.get(row.id) as ReadinessLevel | undefined) ?? 'none',
      contributeUrl: contributeUrl(row, inner?.docs, contributing?.path),
      hasContributing: Boolean(contributing),
      skills: stringList(inner?.skills),
      contributions: stringList(inner?.contributions),
      title: typeof inner?.title === 'string' ? inner.title : null,
      // Set below once the logo file is known to be stored as an image.
      logoUrl: null,
      activity: activityBucket(lastCommitAt, commits90, nowUnix),
      archived: row.archived === 1,
    };
    const logo = logoPath(inner?.logo);
    if (logo) logos.push({ summary, repoId: row.id, path: logo });
    const byTeam = new Map<string, TeamContribution>();
    for (const a of a365) {
      const key = a.team ?? '';
      const e = byTeam.get(key) ?? {
        team: a.team,
        teamName: people.teamName(a.team),
        own: a.team !== null && a.team === scored.team,
        commits: 0,
        contributors: 0,
      };
      e.commits += a.commits;
      e.contributors++;
      byTeam.set(key, e);
    }
    projects.push({
      summary,
      outsideShare90: scored.outsideShare90,
      row,
      facts,
      readmeText: facts.readme?.text ?? '',
      languageBytes: langs,
      participation: weeks,
      authors365: a365,
      authors90: a90,
      contributorsByTeam: [...byTeam.values()].sort((x, y) => y.commits - x.commits),
      commits90,
      commits30: recent30.get(row.id) ?? 0,
      commits365: sum(a365.map((a) => a.commits)),
      collaborators: collaborators.get(row.id) ?? [],
    });
  }
  const byId = new Map(projects.map((p) => [p.summary.id, p]));
  await resolveLogos(store, logos);

  const weekStarts: string[] = [];
  for (let i = 0; i < 52; i++)
    weekStarts.push(new Date((weekStart0 + i * WEEK) * 1000).toISOString().slice(0, 10));

  const opts = { now };
  return {
    builtAt: now,
    now: nowUnix,
    projects,
    byId,
    notCrawled: failed.map((row) => ({
      row,
      repo: {
        id: row.id,
        name: row.name,
        fullName: row.full_name,
        source: row.source,
        webUrl: row.web_url,
        code: row.code ?? 'CRAWL_FAILED',
        error: row.message ?? 'every crawl of this repository failed',
        firstSeenAt: row.first_seen_at,
        lastTriedAt: row.last_crawled_at,
      },
    })),
    teamName: people.teamName,
    org: {
      teams: once(() => metrics.teamDetails(store, loaded, opts)),
      rollup: once(() => metrics.orgRollup(store, loaded, opts)),
      graph: once(() => metrics.reuseGraph(store, loaded, opts)),
    },
    checks: derived,
    weekStarts,
  };
}

/** Memoises an async computation; a failure is not kept, so the next request tries again. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (!pending) {
      pending = fn();
      pending.catch(() => {
        pending = null;
      });
    }
    return pending;
  };
}

/** The metrics service's identity rules; when the config cannot be read (alias file missing) emails as they are. */
function safeIdentityModel(make: (l: LoadedConfig) => IdentityModel, loaded: LoadedConfig): IdentityModel {
  try {
    return make(loaded);
  } catch {
    return { identity: (e) => e.trim().toLowerCase(), teamAt: () => null, teamName: (t) => t };
  }
}

/** The metrics service's activity score from the catalogue's row, when the service could not score the repo. */
function fallbackScore(row: PortalRepoRow, facts: Partial<RepoFacts>, weeks: number[], now: Date): number {
  return activityScore(
    {
      forks: row.forks,
      watchers: row.watchers,
      stars: row.stars,
      openIssues: row.open_issues,
      createdAt: isoFromSeconds(row.first_commit_at),
      updatedAt: isoFromSeconds(row.last_commit_at),
      commitsLast13Weeks: sum(weeks.slice(-13)),
      description: row.description ?? facts.catalog?.description ?? facts.innersource?.motivation ?? null,
      hasContributingGuidelines: (facts.docs ?? []).some((d) => d.kind === 'contributing'),
    },
    now,
  ).score;
}

/** Unix seconds of the Monday 00:00 UTC of the week holding `t`. */
export function mondayOf(t: number): number {
  const day = Math.floor(t / DAY);
  // 1970-01-01 was a Thursday: day 0 → weekday 3 when Monday is 0.
  const weekday = (day + 3) % 7;
  return (day - weekday) * DAY;
}

function activityBucket(lastCommit: number | null, commits90: number, now: number): ActivityBucket {
  if (commits90 > 0) return 'active';
  if (lastCommit !== null && now - lastCommit < 365 * DAY) return 'slowing';
  return 'dormant';
}

function contributeUrl(row: PortalRepoRow, docs: unknown, contributing: string | undefined): string | null {
  if (contributing) return fileUrl(row, contributing);
  if (typeof docs === 'string' && /^https?:\/\//i.test(docs)) return docs;
  return row.web_url ?? null;
}

/** A link to a file of the repo: on the forge when it has a web URL, else the portal's file route. */
export function fileUrl(row: Pick<PortalRepoRow, 'id' | 'web_url' | 'default_branch'>, path: string): string {
  const clean = path.split('/').map(encodeURIComponent).join('/');
  return sourceFileBase({ id: row.id, webUrl: row.web_url, branch: row.default_branch }) + clean;
}

const RASTER_LOGO = /\.(png|jpe?g|gif|webp|avif)$/i;
const SVG_LOGO = /\.svg$/i;

/**
 * The repo path an innersource.json `logo` names, or null. A URL is never shown: the portal serves only images
 * it stored itself (no hotlinking, and its CSP stays same-origin for what it fetches on a viewer's behalf).
 */
export function logoPath(logo: unknown): string | null {
  if (typeof logo !== 'string') return null;
  const path = logo.trim().replace(/^(\.\/|\/)+/, '');
  if (path.length === 0 || path.length > 1000 || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    return null;
  }
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) return null;
  return RASTER_LOGO.test(path) || SVG_LOGO.test(path) ? path : null;
}

/**
 * Sets `logoUrl` to the files API URL of each logo stored as an image: raster bytes kept whole, or an SVG's
 * text (the files route serves exactly these as images).
 */
async function resolveLogos(
  store: Store,
  logos: readonly { summary: ProjectSummary; repoId: string; path: string }[],
): Promise<void> {
  if (logos.length === 0) return;
  const { storedFileKinds } = await import('../store/queries/portal.ts');
  const stored = new Map<string, { binary: number; has_content: number }>();
  for (const f of await storedFileKinds(store.db, logos)) stored.set(`${f.repo_id}\0${f.path}`, f);
  for (const l of logos) {
    const f = stored.get(`${l.repoId}\0${l.path}`);
    if (f?.has_content !== 1) continue;
    const isImage = SVG_LOGO.test(l.path) ? f.binary === 0 : f.binary === 1;
    if (!isImage) continue;
    l.summary.logoUrl = `/api/v1/projects/${encodeURIComponent(l.repoId)}/files/${l.path.split('/').map(encodeURIComponent).join('/')}`;
  }
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) push(m, key(r), r);
  return m;
}

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
