// The gig board: open issues labelled "help wanted", "good first issue" (or the labels an organisation or a
// repo's innersource.json names) across every repository, with what a guest needs to start: the repo's
// language, owning team, contribution guide and channel. Building the list is bounded (a cap on candidates
// read); filtering, sorting by freshness and paging are pure functions over it.

import type { AgoraConfig } from '../config/schema.ts';
import type { ForgeItem } from '../metrics/forge-item-types.ts';

export const DEFAULT_GIG_LABELS = ['help wanted', 'good first issue'] as const;

/** At most this many candidate issues are read per build; more is reported as `truncated`. */
export const MAX_GIGS = 5000;

/** What a gig needs to know of its repository. */
export interface GigRepo {
  id: string;
  name: string;
  fullName: string;
  /** Forge organisation or group, for `gigs.orgs`. */
  org: string | null;
  language: string | null;
  team: string | null;
  teamName: string | null;
  /** The CONTRIBUTING file (or the repo's page) to read first. */
  contributeUrl: string | null;
  /** The first channel to reach the team (chat, list, forum, tracker, COMMUNICATION.md). */
  channel: { label: string; url: string } | null;
  /** innersource.json `helpWantedLabels`. */
  helpWantedLabels: string[];
}

export interface Gig {
  repoId: string;
  repoName: string;
  repoFullName: string;
  number: number;
  title: string;
  url: string | null;
  /** The labels that made it a gig, as the forge spells them. */
  gigLabels: string[];
  labels: string[];
  language: string | null;
  team: string | null;
  teamName: string | null;
  createdAt: string;
  updatedAt: string;
  /** Whole days since it was opened. */
  ageDays: number;
  comments: number;
  contributeUrl: string | null;
  channel: { label: string; url: string } | null;
}

export interface GigList {
  gigs: Gig[];
  /** True when more labelled issues existed than MAX_GIGS: the least recently updated were not read. */
  truncated: boolean;
}

/** The labels (lower-cased) that make an issue of `repo` a gig: its organisation's (or the default), plus its own. */
export function gigLabelsFor(
  config: Pick<AgoraConfig, 'gigs'>,
  repo: Pick<GigRepo, 'org' | 'helpWantedLabels'>,
): Set<string> {
  const g = config.gigs;
  const orgs = g?.orgs ?? {};
  const orgKey = repo.org
    ? Object.keys(orgs).find((k) => k.toLowerCase() === repo.org?.toLowerCase())
    : undefined;
  const base = orgKey ? orgs[orgKey] : (g?.labels ?? DEFAULT_GIG_LABELS);
  return new Set([...base, ...repo.helpWantedLabels].map((l) => l.trim().toLowerCase()).filter(Boolean));
}

/** Every label any repo may use for gigs, for the store's pre-filter. */
export function allGigLabels(config: Pick<AgoraConfig, 'gigs'>, repos: Iterable<GigRepo>): string[] {
  const all = new Set<string>();
  for (const repo of repos) for (const l of gigLabelsFor(config, repo)) all.add(l);
  return [...all].sort();
}

/** Gigs from candidate issues: each kept when one of its labels is a gig label of its repo. */
export function gigsFrom(
  config: Pick<AgoraConfig, 'gigs'>,
  repos: ReadonlyMap<string, GigRepo>,
  candidates: readonly ForgeItem[],
  now: number,
): Gig[] {
  const labelCache = new Map<string, Set<string>>();
  const out: Gig[] = [];
  for (const c of candidates) {
    const repo = repos.get(c.repoId);
    if (!repo) continue;
    let wanted = labelCache.get(repo.id);
    if (!wanted) {
      wanted = gigLabelsFor(config, repo);
      labelCache.set(repo.id, wanted);
    }
    const gigLabels = c.labels.filter((l) => wanted.has(l.trim().toLowerCase()));
    if (gigLabels.length === 0) continue;
    const created = Date.parse(c.createdAt);
    out.push({
      repoId: repo.id,
      repoName: repo.name,
      repoFullName: repo.fullName,
      number: c.number,
      title: c.title,
      url: safeUrl(c.webUrl),
      gigLabels,
      labels: c.labels,
      language: repo.language,
      team: repo.team,
      teamName: repo.teamName,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      ageDays: Number.isFinite(created)
        ? Math.max(0, Math.floor((now - Math.floor(created / 1000)) / 86_400))
        : 0,
      comments: c.comments,
      contributeUrl: repo.contributeUrl,
      channel: repo.channel,
    });
  }
  return out.sort(byFreshness);
}

/** Newest opened first; then by repo and number, so pages are stable. */
function byFreshness(a: Gig, b: Gig): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  if (a.repoId !== b.repoId) return a.repoId < b.repoId ? -1 : 1;
  return b.number - a.number;
}

/** Only http(s) links reach a page (a forge response is untrusted). */
function safeUrl(url: string | null): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export interface GigQuery {
  language?: string;
  team?: string;
  label?: string;
  /** Only gigs opened at most this many days ago. */
  maxAgeDays?: number;
  page?: number;
  pageSize?: number;
}

export interface Facet {
  value: string;
  count: number;
}

export interface GigPage {
  total: number;
  page: number;
  pageSize: number;
  items: Gig[];
  truncated: boolean;
  /** Values to filter by, over every gig (not only the filtered ones), most gigs first. */
  facets: { languages: Facet[]; teams: (Facet & { name: string | null })[]; labels: Facet[] };
}

export const GIG_PAGE_SIZE = 50;
export const MAX_GIG_PAGE_SIZE = 200;

const same = (a: string | null | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase();

/** Filters (case-insensitive), keeps the freshness order, and cuts one page. */
export function queryGigs(list: GigList, q: GigQuery): GigPage {
  const pageSize = Math.min(Math.max(1, q.pageSize ?? GIG_PAGE_SIZE), MAX_GIG_PAGE_SIZE);
  const page = Math.max(1, q.page ?? 1);
  const kept = list.gigs.filter(
    (g) =>
      (!q.language || same(g.language, q.language)) &&
      (!q.team || same(g.team, q.team) || same(g.teamName, q.team)) &&
      (!q.label || g.gigLabels.some((l) => same(l, q.label as string))) &&
      (q.maxAgeDays === undefined || g.ageDays <= q.maxAgeDays),
  );
  return {
    total: kept.length,
    page,
    pageSize,
    items: kept.slice((page - 1) * pageSize, page * pageSize),
    truncated: list.truncated,
    facets: facetsOf(list.gigs),
  };
}

function facetsOf(gigs: readonly Gig[]): GigPage['facets'] {
  const languages = new Map<string, number>();
  const teams = new Map<string, { count: number; name: string | null }>();
  const labels = new Map<string, { value: string; count: number }>();
  for (const g of gigs) {
    if (g.language) languages.set(g.language, (languages.get(g.language) ?? 0) + 1);
    if (g.team) {
      const t = teams.get(g.team) ?? { count: 0, name: g.teamName };
      t.count++;
      teams.set(g.team, t);
    }
    for (const l of g.gigLabels) {
      const key = l.toLowerCase();
      const e = labels.get(key) ?? { value: l, count: 0 };
      e.count++;
      labels.set(key, e);
    }
  }
  const order = (a: Facet, b: Facet) => b.count - a.count || (a.value < b.value ? -1 : 1);
  return {
    languages: [...languages].map(([value, count]) => ({ value, count })).sort(order),
    teams: [...teams].map(([value, t]) => ({ value, count: t.count, name: t.name })).sort(order),
    labels: [...labels.values()].sort(order),
  };
}
