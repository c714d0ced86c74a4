// Project search: a full-text index (text-index.ts) over name, description, README text, topics, languages,
// skills and requested contributions (fuzzy and prefix on the word being typed, so it is typo-tolerant and works
// as you type), with facet counts over the result set (language, team, topic, level, activity, whether the
// project welcomes contributions, and the forge's visibility), sorting and paging. Built in memory from the catalogue;
// rebuilt when a crawl finishes. Repos no crawl could store are answered beside the results (`notCrawled`), by name.

import type {
  FacetValue,
  NotCrawledRepo,
  ProjectFacets,
  ProjectSummary,
  ProjectsQuery,
  ProjectsResponse,
  RepoVisibility,
  WelcomeSignal,
} from './api-types.ts';
import type { Catalogue, ProjectRecord } from './catalogue.ts';
import { buildTextIndex } from './text-index.ts';

/** Only this much README text is indexed per project: enough for its words, bounded memory at 10k repos. */
const README_INDEX_CHARS = 2000;

/** Answers kept per index: the catalogue only changes with a crawl, and a new index starts a new cache. */
const CACHE_ENTRIES = 2000;

export interface SearchIndex {
  search(query: ProjectsQuery): ProjectsResponse;
}

/**
 * Three fields, each with its boost: name (also without separators) and innersource.json title; topics,
 * languages, skills and requested contributions; description and the start of the README.
 */
const FIELDS = [
  { name: 'name', boost: 4 },
  { name: 'tags', boost: 2 },
  { name: 'text', boost: 1 },
];

/**
 * Typo tolerance: one edit for words of five letters or more (MiniSearch's fuzzy 0.2 capped at one edit).
 * Shorter words match too much at one edit ("auth" would find "path", "math", "bath").
 */
function fuzzyDistance(word: string): number {
  return word.length >= 5 ? 1 : 0;
}

/** Splits text into words at whitespace and punctuation (index and queries alike). */
function tokenize(text: string): string[] {
  return text.split(/[\s\-_/.,;:!?()[\]{}"'`<>|#*=+~@]+/u).filter((t) => t.length > 0);
}

const FACETS = ['language', 'team', 'topic', 'level', 'activity', 'welcomes', 'visibility'] as const;
type FacetName = (typeof FACETS)[number];

/** Builds the index for a catalogue. */
export function buildSearchIndex(catalogue: Catalogue): SearchIndex {
  const docs = catalogue.projects.map((p) => {
    const s = p.summary;
    return [
      `${s.name} ${s.name.replace(/[-_.]+/g, '')} ${s.title ?? ''}`,
      [...s.topics, ...s.languages, ...s.skills, ...s.contributions].join(' '),
      `${s.description ?? ''}\n${stripMarkdown(p.readmeText.slice(0, README_INDEX_CHARS))}`,
    ];
  });
  const text = buildTextIndex(docs, { fields: FIELDS, tokenize });
  const plan = buildPlan(catalogue.projects);
  const cache = new Map<string, ProjectsResponse>();
  // Per-project scratch arrays reused by every search instead of three allocations per request.
  const scratch = {
    relevance: new Float64Array(catalogue.projects.length),
    count: new Uint8Array(catalogue.projects.length),
    marked: new Uint8Array(catalogue.projects.length),
  };
  const termCache = new Map<string, TermMatches>();

  return {
    search(query: ProjectsQuery): ProjectsResponse {
      const key = JSON.stringify([
        query.q?.trim().toLowerCase() ?? '',
        query.language,
        query.team,
        query.topic,
        query.level,
        query.activity,
        query.welcomes,
        query.visibility,
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

  /**
   * The projects matching every word of `q` (AND), with relevance (the sum of the words' scores, which orders
   * like MiniSearch's combined AND score) written into `relevance`. Each word's matches are cached: typing
   * "payments led", "payments ledg" repeats "payments", and facets, sorts and pages repeat whole queries.
   */
  function matchAll(q: string, relevance: Float64Array): Int32Array {
    const words = tokenize(q.toLowerCase());
    if (words.length === 0) return new Int32Array(0);
    const lists = words.map((w, i) => termMatches(w, i === words.length - 1 && w.length >= 3));
    lists.sort((a, b) => a.ids.length - b.ids.length);
    const [first, ...rest] = lists;
    if (rest.length === 0) {
      for (let k = 0; k < first.ids.length; k++) relevance[first.ids[k]] = first.scores[k];
      return first.ids;
    }
    // `count` is scratch shared by every query (searches run one at a time): cleared again before returning.
    const count = scratch.count;
    for (let k = 0; k < first.ids.length; k++) {
      count[first.ids[k]] = 1;
      relevance[first.ids[k]] = first.scores[k];
    }
    for (let t = 0; t < rest.length; t++) {
      const { ids, scores } = rest[t];
      for (let k = 0; k < ids.length; k++) {
        const i = ids[k];
        if (count[i] !== t + 1) continue;
        count[i] = t + 2;
        relevance[i] += scores[k];
      }
    }
    const out: number[] = [];
    for (let k = 0; k < first.ids.length; k++) {
      if (count[first.ids[k]] === lists.length) out.push(first.ids[k]);
      count[first.ids[k]] = 0;
    }
    return Int32Array.from(out);
  }

  function termMatches(term: string, prefix: boolean): TermMatches {
    const key = `${prefix ? 'p' : 'w'}:${term}`;
    const cached = termCache.get(key);
    if (cached) {
      termCache.delete(key);
      termCache.set(key, cached);
      return cached;
    }
    const found = text.match(term, { prefix, maxDistance: fuzzyDistance(term) });
    termCache.set(key, found);
    if (termCache.size > TERM_CACHE_ENTRIES) termCache.delete(termCache.keys().next().value as string);
    return found;
  }

  function run(query: ProjectsQuery): ProjectsResponse {
    const page = clampInt(query.page, 1, 1, 100_000);
    const pageSize = clampInt(query.pageSize, 24, 1, 200);
    const q = (query.q ?? '').trim();
    let hits: Int32Array;
    let relevance: Float64Array | null = null;
    if (q.length > 0) {
      // Only hits' entries are written and read, so stale values elsewhere never matter.
      relevance = scratch.relevance;
      hits = matchAll(q, relevance);
    } else {
      hits = plan.identity;
    }
    const wanted = FACETS.map((f, k) => {
      const value = query[f] || undefined;
      if (value === undefined) return ANY;
      return plan.facets[k].ids.get(value) ?? NONE;
    });
    // One bit per facet filter a project passes: counting facet f needs every bit but f's, listing needs all.
    const counts = plan.facets.map((f) => new Int32Array(f.values.length));
    const marked = scratch.marked;
    try {
      return answer(query, q, page, pageSize, hits, relevance, wanted, counts, marked);
    } finally {
      // Scratch again for the next query: only hits can have been marked.
      for (let h = 0; h < hits.length; h++) marked[hits[h]] = 0;
    }
  }

  function answer(
    query: ProjectsQuery,
    q: string,
    page: number,
    pageSize: number,
    hits: Int32Array,
    relevance: Float64Array | null,
    wanted: number[],
    counts: Int32Array[],
    marked: Uint8Array,
  ): ProjectsResponse {
    const { all } = plan;
    let total = 0;
    if (wanted.every((w) => w === ANY)) {
      // No filter (most requests): every hit is listed and counted in every facet.
      total = hits.length;
      for (let h = 0; h < hits.length; h++) marked[hits[h]] = 1;
      for (let k = 0; k < FACETS.length; k++) {
        const { single, multi } = plan.facets[k];
        const c = counts[k];
        for (let h = 0; h < hits.length; h++) {
          const v = single[hits[h]];
          if (v >= 0) c[v]++;
          else if (v === MULTI) for (const m of multi[hits[h]]) c[m]++;
        }
      }
    } else {
      for (let h = 0; h < hits.length; h++) {
        const i = hits[h];
        let mask = 0;
        for (let k = 0; k < FACETS.length; k++) if (passes(plan.facets[k], i, wanted[k])) mask |= 1 << k;
        if (mask === ALL_BITS) {
          marked[i] = 1;
          total++;
        }
        for (let k = 0; k < FACETS.length; k++) {
          if ((mask | (1 << k)) !== ALL_BITS) continue;
          const fv = plan.facets[k];
          const single = fv.single[i];
          if (single >= 0) counts[k][single]++;
          else if (single === MULTI) for (const v of fv.multi[i]) counts[k][v]++;
        }
      }
    }
    const facets = {} as ProjectFacets;
    FACETS.forEach((f, k) => {
      facets[f] = facetList(plan.facets[k].values, counts[k]);
    });
    const sort = query.sort ?? (q.length > 0 ? 'relevance' : 'score');
    const start = (page - 1) * pageSize;
    const items: ProjectSummary[] = [];
    if (sort === 'relevance' && relevance) {
      // Only the page is ranked: a numeric sort of the scores finds the page's lowest score, and only the
      // matches at or above it are compared (ties broken by activity score).
      const rel = relevance;
      const rank = plan.rank.score;
      const end = start + pageSize;
      const matched: number[] = [];
      for (let h = 0; h < hits.length; h++) if (marked[hits[h]] === 1) matched.push(hits[h]);
      let head = matched;
      if (matched.length > end) {
        const threshold = kthLargest(matched, rel, end);
        head = matched.filter((i) => rel[i] >= threshold);
      }
      head.sort((a, b) => rel[b] - rel[a] || rank[a] - rank[b]);
      for (const i of head.slice(start, end)) items.push(all[i]);
    } else {
      // Pages come from the pre-sorted list: a walk over at most every project, no sort per request.
      const order = plan.order[sort as keyof Plan['order']] ?? plan.order.score;
      let seen = 0;
      for (let o = 0; o < order.length && items.length < pageSize; o++) {
        const i = order[o];
        if (marked[i] !== 1) continue;
        if (seen++ >= start) items.push(all[i]);
      }
    }
    return { total, page, pageSize, items, facets, notCrawled: notCrawledMatching(query) };
  }

  /** Never-stored repos whose id or name holds every word of `q` (page 1, no facet filter; at most 20). */
  function notCrawledMatching(query: ProjectsQuery): NotCrawledRepo[] {
    if ((query.page ?? 1) !== 1 || catalogue.notCrawled.length === 0) return [];
    const { language, team, topic, level, activity, welcomes, visibility } = query;
    if (language || team || topic || level || activity || welcomes || visibility) return [];
    const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const out: NotCrawledRepo[] = [];
    for (const { repo } of catalogue.notCrawled) {
      const text = `${repo.id} ${repo.name} ${repo.fullName ?? ''}`.toLowerCase();
      if (words.every((w) => text.includes(w))) out.push(repo);
      if (out.length >= 20) break;
    }
    return out;
  }
}

/**
 * The `k`-th largest of `scores[i]` over `ids` (k ≤ ids.length), through a min-heap of the k largest seen:
 * ranking a page of 24 among 5,000 matches needs no sort of all 5,000.
 */
export function kthLargest(ids: readonly number[], scores: Float64Array, k: number): number {
  const heap = new Float64Array(k);
  let size = 0;
  for (const i of ids) {
    const v = scores[i];
    if (size < k) {
      // Sift up.
      let c = size++;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (heap[parent] <= v) break;
        heap[c] = heap[parent];
        c = parent;
      }
      heap[c] = v;
    } else if (v > heap[0]) {
      // Replace the smallest and sift down.
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        if (l >= k) break;
        const m = l + 1 < k && heap[l + 1] < heap[l] ? l + 1 : l;
        if (heap[m] >= v) break;
        heap[c] = heap[m];
        c = m;
      }
      heap[c] = v;
    }
  }
  return heap[0];
}

/** Words whose matches are kept: typed arrays, about 12 bytes per matching project. */
const TERM_CACHE_ENTRIES = 500;

interface TermMatches {
  ids: Int32Array;
  scores: Float64Array;
}

/** "No filter" and "a value no project has" as wanted facet value ids. */
const ANY = -1;
const NONE = -2;
/** `single` marker for a project with several values of a facet (topics). */
const MULTI = -2;
const ALL_BITS = (1 << FACETS.length) - 1;

interface FacetPlan {
  values: string[];
  ids: Map<string, number>;
  /** Per project: its one value id, -1 for none, MULTI when `multi` holds its values. */
  single: Int32Array;
  multi: Int32Array[];
}

/** Per-catalogue precomputation: facet value ids per project and the project order of every sort. */
interface Plan {
  all: ProjectSummary[];
  identity: Int32Array;
  facets: FacetPlan[];
  order: { score: Int32Array; recent: Int32Array; outside: Int32Array; name: Int32Array };
  /** Position of each project in the score order (tie-breaker of relevance). */
  rank: { score: Int32Array };
}

function buildPlan(projects: ProjectRecord[]): Plan {
  const all = projects.map((p) => p.summary);
  const n = all.length;
  const identity = new Int32Array(n);
  for (let i = 0; i < n; i++) identity[i] = i;
  const facets = FACETS.map((f): FacetPlan => {
    const ids = new Map<string, number>();
    const values: string[] = [];
    const single = new Int32Array(n).fill(-1);
    const multi: Int32Array[] = new Array(n);
    const idOf = (v: string) => {
      let id = ids.get(v);
      if (id === undefined) {
        id = values.length;
        ids.set(v, id);
        values.push(v);
      }
      return id;
    };
    for (let i = 0; i < n; i++) {
      const vs = [...new Set(facetValues(projects[i], f))];
      if (vs.length === 1) single[i] = idOf(vs[0]);
      else if (vs.length > 1) {
        single[i] = MULTI;
        multi[i] = Int32Array.from(vs.map(idOf));
      }
    }
    return { values, ids, single, multi };
  });
  const sorted = (sort: string) => Int32Array.from([...identity].sort(indexComparator(all, sort)));
  const order = {
    score: sorted('score'),
    recent: sorted('recent'),
    outside: sorted('outside'),
    name: sorted('name'),
  };
  const rankScore = new Int32Array(n);
  order.score.forEach((i, pos) => {
    rankScore[i] = pos;
  });
  return {
    all,
    identity,
    facets,
    order,
    rank: { score: rankScore },
  };
}

function passes(f: FacetPlan, i: number, want: number): boolean {
  if (want === ANY) return true;
  const single = f.single[i];
  if (single === want) return true;
  return single === MULTI && f.multi[i].includes(want);
}

function facetList(values: string[], counts: Int32Array): FacetValue[] {
  const out: FacetValue[] = [];
  for (let v = 0; v < values.length; v++) if (counts[v] > 0) out.push({ value: values[v], count: counts[v] });
  return out.sort((a, b) => b.count - a.count || cmp(a.value, b.value));
}

function facetValues(p: ProjectRecord, f: FacetName): string[] {
  const s = p.summary;
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
    case 'welcomes':
      return welcomeSignals(s);
    case 'visibility':
      return visibilityOf(p.row.visibility);
  }
}

const VISIBILITIES: readonly string[] = ['public', 'internal', 'private'] satisfies RepoVisibility[];

/** The forge's visibility of a repo; none for repos of local and urls sources (never a guessed one). */
function visibilityOf(stored: string | null): string[] {
  return stored !== null && VISIBILITIES.includes(stored) ? [stored] : [];
}

/** How a project shows it welcomes contributions: a CONTRIBUTING guide, help asked for in innersource.json. */
function welcomeSignals(s: ProjectSummary): WelcomeSignal[] {
  const out: WelcomeSignal[] = [];
  if (s.hasContributing) out.push('contributing-guide');
  if (s.contributions.length > 0) out.push('help-wanted');
  return out;
}

function indexComparator(all: ProjectSummary[], sort: string): (a: number, b: number) => number {
  const c = comparator(sort);
  return (a, b) => c(all[a], all[b]);
}

function comparator(sort: string): (a: ProjectSummary, b: ProjectSummary) => number {
  // Plain code-unit order: localeCompare is far slower.
  const byName = (a: ProjectSummary, b: ProjectSummary) => cmp(a.name, b.name) || cmp(a.id, b.id);
  switch (sort) {
    case 'name':
      return byName;
    case 'recent':
      return (a, b) => cmp(b.lastCommitAt ?? '', a.lastCommitAt ?? '') || byName(a, b);
    case 'outside':
      // Not measured (null) sorts after every measured share, 0 included.
      return (a, b) =>
        (b.outsideShare90 ?? -1) - (a.outsideShare90 ?? -1) ||
        b.outsideContributors90 - a.outsideContributors90 ||
        byName(a, b);
    default:
      return (a, b) => b.score - a.score || byName(a, b);
  }
}

function clampInt(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' ? v : Number.parseInt(String(v ?? ''), 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(n)));
}

/**
 * Drops Markdown and HTML syntax so the index holds words, not link targets and tags. A link destination ends at
 * "(" as at ")": one short scan per "[" of `[a]([a](…`, not one to the end of the text.
 */
export function stripMarkdown(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^()]*\)/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
