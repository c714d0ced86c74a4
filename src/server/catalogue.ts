// The portal's in-memory catalogue: every project's summary and the data behind its pages, loaded from the store
// in a few set queries when the server starts and again after each crawl. Searches never touch the database.

import type { RepoFacts } from '../analyse/facts.ts';
import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import type { PortalRepoRow } from '../store/queries/portal.ts';
import { parseJson } from '../store/queries/shared.ts';
import type {
  ActivityBucket,
  GraphEdge,
  LanguageBytes,
  ProjectSummary,
  ReadinessLevel,
  TeamContribution,
} from './api-types.ts';
import { loadDerived } from './derived.ts';
import { type TeamResolver, teamResolver } from './ownership.ts';

const DAY = 86_400;
const WEEK = 7 * DAY;

export interface AuthorStat {
  email: string;
  name: string;
  team: string | null;
  commits: number;
}

export interface ProjectRecord {
  summary: ProjectSummary;
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
  /** Publishes (ecosystem:name). */
  publishes: string[];
  consumes: string[];
}

export interface Catalogue {
  builtAt: Date;
  /** Unix seconds the windows are measured from. */
  now: number;
  projects: ProjectRecord[];
  byId: Map<string, ProjectRecord>;
  teams: TeamResolver;
  edges: GraphEdge[];
  /** Rule results per repo from the standards engineer's store, when present. */
  checks: Awaited<ReturnType<typeof loadDerived>>;
  weekStarts: string[];
}

/** Loads the catalogue from the store. `now` is injectable for deterministic tests. */
export async function buildCatalogue(
  store: Store,
  loaded: LoadedConfig,
  now = new Date(),
): Promise<Catalogue> {
  const q = await import('../store/queries/portal.ts');
  const nowUnix = Math.floor(now.getTime() / 1000);
  const weekStart0 = mondayOf(nowUnix) - 51 * WEEK;
  const [rows, languages, packages, authors365, points] = await Promise.all([
    q.portalRepos(store.db),
    q.allRepoLanguages(store.db),
    q.allRepoPackages(store.db),
    q.commitAuthorsSince(store.db, nowUnix - 365 * DAY),
    q.commitPointsSince(store.db, weekStart0),
  ]);
  const teams = teamResolver(loaded.config);
  const derived = await loadDerived(store, loaded, now);

  const langsByRepo = groupBy(languages, (l) => l.repo_id);
  const authorsByRepo = groupBy(authors365, (a) => a.repo_id);
  const participation = new Map<string, number[]>();
  const recent = new Map<string, Map<string, { name: string; commits: number }>>();
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
      const e = m.get(p.author_email) ?? { name: '', commits: 0 };
      e.commits++;
      m.set(p.author_email, e);
    }
    if (p.author_time >= nowUnix - 30 * DAY) recent30.set(p.repo_id, (recent30.get(p.repo_id) ?? 0) + 1);
  }
  const publishers = new Map<string, Set<string>>();
  const pubByRepo = new Map<string, string[]>();
  const conByRepo = new Map<string, string[]>();
  for (const p of packages) {
    const key = `${p.ecosystem}:${p.name}`;
    if (p.role === 'publishes') {
      push(pubByRepo, p.repo_id, key);
      let s = publishers.get(key);
      if (!s) {
        s = new Set();
        publishers.set(key, s);
      }
      s.add(p.repo_id);
    } else push(conByRepo, p.repo_id, key);
  }

  const projects: ProjectRecord[] = [];
  for (const row of rows) {
    const facts = parseJson<Partial<RepoFacts>>(row.facts, {});
    const a365 = (authorsByRepo.get(row.id) ?? []).map((a) => ({
      email: a.author_email,
      name: a.author_name,
      team: teams.teamOfEmail(a.author_email),
      commits: a.commits,
    }));
    const names = new Map(a365.map((a) => [a.email, a.name]));
    const a90: AuthorStat[] = [];
    for (const [email, e] of recent.get(row.id) ?? []) {
      a90.push({
        email,
        name: names.get(email) ?? email,
        team: teams.teamOfEmail(email),
        commits: e.commits,
      });
    }
    const owner =
      derived.owners.get(row.id) ??
      teams.ownerOf(
        row.name,
        facts.owners ?? [],
        a365.map((a) => ({ email: a.email, commits: a.commits })),
      );
    const commits90 = sum(a90.map((a) => a.commits));
    const outside90 = a90.filter((a) => owner.team !== null && a.team !== owner.team);
    const outsideCommits90 = sum(outside90.map((a) => a.commits));
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
      description: row.description ?? facts.catalog?.description ?? null,
      owner: { team: owner.team, teamName: teams.nameOf(owner.team), provenance: owner.provenance },
      primaryLanguage: row.primary_language ?? facts.primaryLanguage ?? null,
      languages: langs.map((l) => l.language),
      topics,
      score:
        derived.scores.get(row.id) ??
        activityScore(row, weeks, nowUnix, Boolean(contributing), row.description ?? ''),
      lastCommitAt: lastCommitAt === null ? null : new Date(lastCommitAt * 1000).toISOString(),
      outsideShare90:
        derived.owners.get(row.id)?.outsideShare90 ??
        (commits90 === 0 ? 0 : round3(outsideCommits90 / commits90)),
      outsideContributors90: outside90.length,
      level: (derived.levels.get(row.id) as ReadinessLevel | undefined) ?? 'none',
      contributeUrl: contributeUrl(row, inner?.docs, contributing?.path),
      hasContributing: Boolean(contributing),
      skills: stringList(inner?.skills),
      contributions: stringList(inner?.contributions),
      title: typeof inner?.title === 'string' ? inner.title : null,
      logoUrl: logoUrl(row, inner?.logo),
      activity: activityBucket(lastCommitAt, commits90, nowUnix),
      archived: row.archived === 1,
    };
    const byTeam = new Map<string, TeamContribution>();
    for (const a of a365) {
      const key = a.team ?? '';
      const e = byTeam.get(key) ?? {
        team: a.team,
        teamName: teams.nameOf(a.team),
        own: a.team !== null && a.team === owner.team,
        commits: 0,
        contributors: 0,
      };
      e.commits += a.commits;
      e.contributors++;
      byTeam.set(key, e);
    }
    projects.push({
      summary,
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
      publishes: pubByRepo.get(row.id) ?? [],
      consumes: conByRepo.get(row.id) ?? [],
    });
  }
  const byId = new Map(projects.map((p) => [p.summary.id, p]));

  const edges: GraphEdge[] = [];
  for (const p of projects) {
    const targets = new Map<string, string[]>();
    for (const pkg of p.consumes) {
      for (const target of publishers.get(pkg) ?? []) {
        if (target === p.summary.id) continue;
        push(targets, target, pkg.slice(pkg.indexOf(':') + 1));
      }
    }
    for (const [to, pkgs] of targets) {
      const fromTeam = p.summary.owner.team;
      const toTeam = byId.get(to)?.summary.owner.team ?? null;
      edges.push({
        from: p.summary.id,
        to,
        packages: [...new Set(pkgs)].sort(),
        crossTeam: fromTeam !== null && toTeam !== null && fromTeam !== toTeam,
      });
    }
  }

  const weekStarts: string[] = [];
  for (let i = 0; i < 52; i++)
    weekStarts.push(new Date((weekStart0 + i * WEEK) * 1000).toISOString().slice(0, 10));

  return { builtAt: now, now: nowUnix, projects, byId, teams, edges, checks: derived, weekStarts };
}

/** Unix seconds of the Monday 00:00 UTC of the week holding `t`. */
export function mondayOf(t: number): number {
  const day = Math.floor(t / DAY);
  // 1970-01-01 was a Thursday: day 0 → weekday 3 when Monday is 0.
  const weekday = (day + 3) % 7;
  return (day - weekday) * DAY;
}

/**
 * The InnerSource Commons Repository Activity Score, as a fallback until the metrics service provides it:
 * forge counts from a base of 50, recency and 13-week participation multipliers, a young-project boost,
 * +50 for a meaningful description and +100 for contribution guidelines, log scale above 3000.
 */
export function activityScore(
  row: Pick<
    PortalRepoRow,
    'forks' | 'watchers' | 'stars' | 'open_issues' | 'last_commit_at' | 'first_commit_at'
  >,
  weeks: number[],
  nowUnix: number,
  hasContributing: boolean,
  description: string,
): number {
  let score =
    50 + (row.forks ?? 0) * 5 + (row.watchers ?? 0) + (row.stars ?? 0) / 3 + (row.open_issues ?? 0) / 5;
  const last = row.last_commit_at === null ? null : Number(row.last_commit_at);
  const sinceUpdate = last === null ? 365 : (nowUnix - last) / DAY;
  score *= 1 + (100 - Math.min(Math.max(sinceUpdate, 0), 100)) / 100;
  const last13 = weeks.slice(-13);
  const active = last13.filter((w) => w > 0).length;
  const total = sum(last13);
  score *= 1 + Math.min(Math.max(total - 3, 0), 7) / 7;
  score *= 1 + active / 13 / 2;
  const first = row.first_commit_at === null ? null : Number(row.first_commit_at);
  const age = first === null ? 365 : (nowUnix - first) / DAY;
  if (age < 365) score *= 1 + ((365 - Math.max(age, 0)) / 365) * 2;
  if (description.trim().length > 30) score += 50;
  if (hasContributing) score += 100;
  if (score > 3000) score = 3000 + Math.log(score) * 100;
  return Math.round(score);
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
  if (row.web_url) return `${row.web_url.replace(/\/+$/, '')}/blob/${row.default_branch ?? 'HEAD'}/${clean}`;
  return `/api/v1/projects/${encodeURIComponent(row.id)}/files/${clean}`;
}

function logoUrl(row: PortalRepoRow, logo: unknown): string | null {
  if (typeof logo !== 'string' || logo.length === 0) return null;
  if (/^https:\/\//i.test(logo)) return logo;
  if (/^[a-z][a-z0-9+.-]*:/i.test(logo) || logo.includes('..')) return null;
  const path = logo.replace(/^\.?\//, '');
  return `/api/v1/projects/${encodeURIComponent(row.id)}/files/${path.split('/').map(encodeURIComponent).join('/')}`;
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

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
