// Per-viewer views of the catalogue: the one place where repo visibility is applied. A view holds only the
// projects its viewer may see, and everything computed from them — search index and facet counts, team pages,
// dashboard totals, the re-use graph, exports, per-project re-use links — so no answer built from a view can
// name, count or link a hidden repo. Views are cached per catalogue by the set of repos they show.
//
// Routes never call this directly: inside a request, `app.portal.catalogue`, `.search` and `.metrics` ARE the
// requesting viewer's view (state.ts reads the viewer from the request context; see docs/ARCHITECTURE.md).

import picomatch from 'picomatch';
import type { AuthConfig, LoadedConfig } from '../config/schema.ts';
import type { RepoMetrics } from '../metrics/types.ts';
import { sourceNamesFromConfig } from '../sources/registry.ts';
import type { Store } from '../store/db.ts';
import { authConfigOf, matchesAny, type Viewer } from './auth/viewer.ts';
import { type Catalogue, once, type ProjectRecord } from './catalogue.ts';
import type { ProjectMetricsSource } from './derived.ts';
import { buildSearchIndex, type SearchIndex } from './search.ts';

export type Visibility = 'public' | 'internal' | 'private';

export interface CatalogueView {
  catalogue: Catalogue;
  search: SearchIndex;
  metrics: ProjectMetricsSource;
}

export interface Views {
  /** The repo's visibility as the portal applies it: the forge's, else its source's `portalVisibility`. */
  visibilityOf(p: ProjectRecord): Visibility;
  /** The catalogue as `viewer` may see it. */
  forViewer(viewer: Viewer): CatalogueView;
}

/** Distinct views kept per catalogue (typically: anonymous, signed-in, a few private-access sets). */
const MAX_VIEWS = 32;

/** Builds the view factory for one catalogue (a new catalogue after a crawl gets new views). */
export function createViews(opts: { store: Store; loaded: LoadedConfig; full: CatalogueView }): Views {
  const { full, loaded } = opts;
  const auth = authConfigOf(loaded);
  const bySource = new Map<string, Visibility>();
  const names = sourceNamesFromConfig(loaded);
  loaded.config.sources.forEach((s, i) => {
    if (s.type === 'local' || s.type === 'urls') bySource.set(names[i], s.portalVisibility ?? 'internal');
  });
  const visibility = new Map<string, Visibility>();
  const publicIds: string[] = [];
  const internalIds: string[] = [];
  const privates: ProjectRecord[] = [];
  for (const p of full.catalogue.projects) {
    const v = effectiveVisibility(p.row.visibility, bySource.get(p.row.source));
    visibility.set(p.summary.id, v);
    if (v === 'public') publicIds.push(p.summary.id);
    else if (v === 'internal') internalIds.push(p.summary.id);
    else privates.push(p);
  }
  // Repos never stored: public ones for everyone, internal ones for signed-in people, private ones only for
  // viewers who see every repo (no owning team is known of a repo never read).
  const failedPublic = new Set<string>();
  const failedInternal = new Set<string>();
  for (const f of full.catalogue.notCrawled) {
    const v = effectiveVisibility(f.row.visibility, bySource.get(f.row.source));
    if (v === 'public') failedPublic.add(f.repo.id);
    else if (v === 'internal') failedInternal.add(f.repo.id);
  }
  const cache = new Map<string, CatalogueView>();

  return {
    visibilityOf: (p) => visibility.get(p.summary.id) ?? 'private',
    forViewer(viewer) {
      if (viewer.seesAll) return full;
      const allowed = viewer.seesInternal ? privates.filter((p) => mayOpenPrivate(auth, viewer, p)) : [];
      const key = `${viewer.seesInternal ? 'i' : 'p'}:${allowed.map((p) => p.summary.id).join('\n')}`;
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const ids = new Set<string>(publicIds);
      if (viewer.seesInternal) for (const id of internalIds) ids.add(id);
      for (const p of allowed) ids.add(p.summary.id);
      const failed = new Set<string>(failedPublic);
      if (viewer.seesInternal) for (const id of failedInternal) failed.add(id);
      const view =
        ids.size === full.catalogue.projects.length && failed.size === full.catalogue.notCrawled.length
          ? full
          : narrowView(opts, ids, failed);
      cache.set(key, view);
      if (cache.size > MAX_VIEWS) cache.delete(cache.keys().next().value as string);
      return view;
    },
  };
}

function effectiveVisibility(stored: string | null, ofSource: Visibility | undefined): Visibility {
  if (stored === 'public' || stored === 'internal' || stored === 'private') return stored;
  // A forge repo with an unknown visibility is treated as private; local and urls repos take their source's.
  return ofSource ?? (stored === null ? 'internal' : 'private');
}

/**
 * A private repo is open to its owning team's members, to the forge's collaborators on it (by the viewer's forge
 * logins) and to whom `server.auth.access` names.
 */
function mayOpenPrivate(auth: AuthConfig, viewer: Viewer, p: ProjectRecord): boolean {
  const team = p.summary.owner.team;
  if (team !== null && viewer.teams.includes(team)) return true;
  if (viewer.logins.some((l) => p.collaborators.includes(l))) return true;
  for (const rule of auth.access) {
    const names = [p.summary.id, p.summary.name, p.summary.fullName ?? ''].filter((n) => n.length > 0);
    if (!rule.repos.some((g) => names.some((n) => picomatch.isMatch(n, g, { dot: true })))) continue;
    if (viewer.email && matchesAny(rule.people, viewer.email)) return true;
    if (viewer.groups.some((g) => rule.groups.includes(g))) return true;
    if (viewer.teams.some((t) => rule.teams.includes(t))) return true;
  }
  return false;
}

/** The catalogue restricted to `ids` (and never-stored repos to `failed`), with org views over those repos only. */
function narrowView(
  opts: { store: Store; loaded: LoadedConfig; full: CatalogueView },
  ids: Set<string>,
  failed: Set<string>,
): CatalogueView {
  const { store, loaded, full } = opts;
  const cat = full.catalogue;
  const keep = (id: string) => ids.has(id);
  const projects = cat.projects.filter((p) => keep(p.summary.id));
  const pick = <V>(m: Map<string, V>) => new Map([...m].filter(([id]) => keep(id)));
  const now = cat.builtAt;
  const metricsService = () => import('../metrics/service.ts');
  const catalogue: Catalogue = {
    ...cat,
    projects,
    byId: new Map(projects.map((p) => [p.summary.id, p])),
    notCrawled: cat.notCrawled.filter((f) => failed.has(f.repo.id)),
    checks: {
      ...cat.checks,
      scores: pick(cat.checks.scores),
      owners: pick(cat.checks.owners),
      levels: pick(cat.checks.levels),
      results: pick(cat.checks.results),
    },
    org: {
      teams: once(async () => (await metricsService()).teamDetails(store, loaded, { now, keep })),
      rollup: once(async () => (await metricsService()).orgRollup(store, loaded, { now, keep })),
      graph: once(async () => (await metricsService()).reuseGraph(store, loaded, { now, keep })),
    },
  };
  let search: SearchIndex | null = null;
  const narrowed = new WeakMap<RepoMetrics, RepoMetrics>();
  return {
    catalogue,
    get search() {
      search ??= buildSearchIndex(catalogue);
      return search;
    },
    metrics: {
      async get(p) {
        if (!keep(p.summary.id)) return null;
        const m = await full.metrics.get(p);
        if (!m) return m;
        // Re-use links to hidden repos are dropped; an unchanged answer stays the same object (cache hits).
        if (m.dependencies.every((l) => keep(l.repoId)) && m.dependents.every((l) => keep(l.repoId)))
          return m;
        let out = narrowed.get(m);
        if (!out) {
          out = {
            ...m,
            dependencies: m.dependencies.filter((l) => keep(l.repoId)),
            dependents: m.dependents.filter((l) => keep(l.repoId)),
          };
          narrowed.set(m, out);
        }
        return out;
      },
    },
  };
}
