// Project search: a MiniSearch index over name, description, README text, topics, languages, skills and requested
// contributions (fuzzy and prefix, so it is typo-tolerant and works as you type), with facet counts over the
// result set, sorting and paging. Built in memory from the catalogue; rebuilt when a crawl finishes.

import MiniSearch from 'minisearch';
import type {
  FacetValue,
  ProjectFacets,
  ProjectSummary,
  ProjectsQuery,
  ProjectsResponse,
} from './api-types.ts';
import type { Catalogue } from './catalogue.ts';

/** Only this much README text is indexed per project: enough for its words, bounded memory at 10k repos. */
const README_INDEX_CHARS = 2000;

/** Answers kept per index: the catalogue only changes with a crawl, and a new index starts a new cache. */
const CACHE_ENTRIES = 2000;

export interface SearchIndex {
  search(query: ProjectsQuery): ProjectsResponse;
}

/** Three fields, not eight: MiniSearch's work grows with fields × matches, and boosts need only three tiers. */
interface Doc {
  id: string;
  /** Name (also without separators) and innersource.json title. */
  name: string;
  /** Topics, languages, skills and requested contributions. */
  tags: string;
  /** Description and the start of the README. */
  text: string;
}

const FACETS = ['language', 'team', 'topic', 'level', 'activity'] as const;
type FacetName = (typeof FACETS)[number];

/** Builds the index for a catalogue. */
export function buildSearchIndex(catalogue: Catalogue): SearchIndex {
  const mini = new MiniSearch<Doc>({
    fields: ['name', 'tags', 'text'],
    storeFields: [],
    tokenize: (text) => text.split(/[\s\-_/.,;:!?()[\]{}"'`<>|#*=+~@]+/u).filter((t) => t.length > 0),
    searchOptions: {
      boost: { name: 4, tags: 2 },
      // Only the last word is still being typed: prefix-expanding every word multiplies the work for nothing,
      // and a one- or two-letter prefix expands to most of the vocabulary.
      prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      maxFuzzy: 1,
      combineWith: 'AND',
    },
  });
  const docs: Doc[] = catalogue.projects.map((p) => {
    const s = p.summary;
    return {
      id: s.id,
      name: `${s.name} ${s.name.replace(/[-_.]+/g, '')} ${s.title ?? ''}`,
      tags: [...s.topics, ...s.languages, ...s.skills, ...s.contributions].join(' '),
      text: `${s.description ?? ''}\n${stripMarkdown(p.readmeText.slice(0, README_INDEX_CHARS))}`,
    };
  });
  mini.addAll(docs);
  const all = catalogue.projects.map((p) => p.summary);
  const cache = new Map<string, ProjectsResponse>();

  return {
    search(query: ProjectsQuery): ProjectsResponse {
      const key = JSON.stringify([
        query.q?.trim().toLowerCase() ?? '',
        query.language,
        query.team,
        query.topic,
        query.level,
        query.activity,
        query.sort,
        query.page,
        query.pageSize,
      ]);
      const cached = cache.get(key);
      if (cached) {
        // Re-insert so the map's order is least-recently-used first.
        cache.delete(key);
        cache.set(key, cached);
        return cached;
      }
      const answer = run(query);
      cache.set(key, answer);
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      return answer;
    },
  };

  function run(query: ProjectsQuery): ProjectsResponse {
    const page = clampInt(query.page, 1, 1, 100_000);
    const pageSize = clampInt(query.pageSize, 24, 1, 200);
    const q = (query.q ?? '').trim();
    let hits: ProjectSummary[];
    const relevance = new Map<string, number>();
    if (q.length > 0) {
      const results = mini.search(q);
      hits = [];
      for (const r of results) {
        const p = catalogue.byId.get(String(r.id));
        if (!p) continue;
        relevance.set(p.summary.id, r.score);
        hits.push(p.summary);
      }
    } else {
      hits = all;
    }
    const filters: Record<FacetName, string | undefined> = {
      language: query.language || undefined,
      team: query.team || undefined,
      topic: query.topic || undefined,
      level: query.level || undefined,
      activity: query.activity || undefined,
    };
    const facets = {} as ProjectFacets;
    for (const f of FACETS) facets[f] = countFacet(hits, f, filters);
    const items = hits.filter((s) => FACETS.every((f) => matches(s, f, filters[f])));
    const sort = query.sort ?? (q.length > 0 ? 'relevance' : 'score');
    items.sort(comparator(sort, relevance));
    const start = (page - 1) * pageSize;
    return { total: items.length, page, pageSize, items: items.slice(start, start + pageSize), facets };
  }
}

function facetValues(s: ProjectSummary, f: FacetName): string[] {
  switch (f) {
    case 'language':
      return s.primaryLanguage ? [s.primaryLanguage] : [];
    case 'team':
      return s.owner.team ? [s.owner.team] : [];
    case 'topic':
      return s.topics;
    case 'level':
      return [s.level];
    case 'activity':
      return s.activity ? [s.activity] : [];
  }
}

function matches(s: ProjectSummary, f: FacetName, want: string | undefined): boolean {
  if (want === undefined) return true;
  return facetValues(s, f).includes(want);
}

/** Counts of one facet over the hits filtered by every other facet (so choosing a value never hides its siblings). */
function countFacet(
  hits: ProjectSummary[],
  f: FacetName,
  filters: Record<FacetName, string | undefined>,
): FacetValue[] {
  const counts = new Map<string, number>();
  for (const s of hits) {
    let ok = true;
    for (const g of FACETS) {
      if (g !== f && !matches(s, g, filters[g])) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    for (const v of facetValues(s, f)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || cmp(a.value, b.value));
}

function comparator(
  sort: string,
  relevance: Map<string, number>,
): (a: ProjectSummary, b: ProjectSummary) => number {
  // Plain code-unit order: localeCompare is far slower, and a request may sort thousands of hits.
  const byName = (a: ProjectSummary, b: ProjectSummary) => cmp(a.name, b.name) || cmp(a.id, b.id);
  switch (sort) {
    case 'name':
      return byName;
    case 'recent':
      return (a, b) => cmp(b.lastCommitAt ?? '', a.lastCommitAt ?? '') || byName(a, b);
    case 'outside':
      return (a, b) =>
        b.outsideShare90 - a.outsideShare90 ||
        b.outsideContributors90 - a.outsideContributors90 ||
        byName(a, b);
    case 'relevance':
      return (a, b) =>
        (relevance.get(b.id) ?? 0) - (relevance.get(a.id) ?? 0) || b.score - a.score || byName(a, b);
    default:
      return (a, b) => b.score - a.score || byName(a, b);
  }
}

function clampInt(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' ? v : Number.parseInt(String(v ?? ''), 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(n)));
}

/** Drops Markdown and HTML syntax so the index holds words, not link targets and tags. */
function stripMarkdown(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
