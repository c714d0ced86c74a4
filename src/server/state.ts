// What one server process holds: the catalogue and its search index (swapped atomically after a crawl), the
// stored per-repo metrics with their cache, the per-viewer views of them, and the crawl it is running, if any.
//
// Inside a request, `catalogue`, `search` and `metrics` are the requesting viewer's view (views.ts): the
// auth plugin puts the viewer in the request context before any handler runs, so a route cannot read a repo
// its viewer may not see through them. Outside a request (crawls, start-up) they are the whole catalogue.

import { requestContext } from '@fastify/request-context';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import type { Viewer } from './auth/viewer.ts';
import { buildCatalogue, type Catalogue } from './catalogue.ts';
import { type ProjectMetricsSource, projectMetricsSource } from './derived.ts';
import { buildSearchIndex, type SearchIndex } from './search.ts';
import { type CatalogueView, createViews, type Views } from './views.ts';

declare module '@fastify/request-context' {
  interface RequestContextData {
    /** The viewer of the request being served; set by the auth plugin before any handler. */
    viewer: Viewer;
  }
}

export interface PortalState {
  store: Store;
  loaded: LoadedConfig;
  /** The requesting viewer's catalogue (inside a request), else the whole catalogue. */
  readonly catalogue: Catalogue;
  /** The requesting viewer's search index: results and facet counts over what they may see. */
  readonly search: SearchIndex;
  /** Each repo's metrics as stored at the last crawl (computed on demand, bounded, when missing or stale). */
  readonly metrics: ProjectMetricsSource;
  /** Every repo, whoever asks: only for work no viewer sees (crawls, the CLI's exports). */
  readonly full: CatalogueView;
  /** The views of the current catalogue. */
  readonly views: Views;
  /** True when a built web UI is served. */
  webIndex: boolean;
  /** The crawl this process started, while it runs. */
  crawling: Promise<void> | null;
  /** Rebuilds the catalogue and search index from the store. */
  reload(): Promise<void>;
  /** Starts a crawl in the background; throws CRAWL_LOCKED when one runs. */
  startCrawl(): void;
  /**
   * Re-crawls one forge repo (a verified webhook's) soon: deliveries within a second are crawled together,
   * after any crawl this server is running.
   */
  queueRepoCrawl(source: string, forgeId: string): void;
  /**
   * A PostgreSQL store's job queue (set by `startServer`): crawls and webhook re-crawls are queued for
   * `agora worker`s instead of run in this process.
   */
  enqueue: {
    /** True while a worker is alive; without one, crawls run in this process as on SQLite. */
    workersAlive(): boolean;
    crawl(): Promise<void>;
    crawlRepos(batch: Map<string, Set<string>>): Promise<void>;
  } | null;
  /** Settles when the queued repo crawls have run (for tests and shutdown). */
  repoCrawlsIdle(): Promise<void>;
  now(): Date;
}

export interface PortalStateOptions {
  store: Store;
  loaded: LoadedConfig;
  now?: () => Date;
}

/** Loads the catalogue and returns the server state. */
export async function createPortalState(opts: PortalStateOptions): Promise<PortalState> {
  const now = opts.now ?? (() => new Date());
  const catalogue = await buildCatalogue(opts.store, opts.loaded, now());
  const makeFull = (cat: Catalogue): CatalogueView => ({
    catalogue: cat,
    search: buildSearchIndex(cat),
    metrics: projectMetricsSource(opts.store, opts.loaded, now),
  });
  let full = makeFull(catalogue);
  let views = createViews({ store: opts.store, loaded: opts.loaded, full });
  /** The view of the request being served; the whole catalogue outside requests. */
  const current = (): CatalogueView => {
    const store = requestContext.getStore();
    if (!store) return full;
    // In a request whose viewer is not (yet) known, nothing is visible but public repos.
    const viewer = requestContext.get('viewer');
    if (!viewer) throw new AgoraError('INTERNAL', 'the catalogue was read before the viewer was known');
    return views.forViewer(viewer);
  };
  const pending = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | null = null;
  let queued: Promise<void> = Promise.resolve();
  async function crawlForgeRepos(batch: Map<string, Set<string>>): Promise<void> {
    while (state.crawling) await state.crawling;
    const { runCrawl } = await import('../crawl/crawl.ts');
    const { storedForgeRepos } = await import('../store/queries/forge.ts');
    const stored = await storedForgeRepos(opts.store.db);
    for (const [source, forgeIds] of batch) {
      state.crawling = (async () => {
        try {
          await runCrawl({
            loaded: opts.loaded,
            store: opts.store,
            holder: `serve:${process.pid}`,
            only: {
              sources: [source],
              repo: (ref) => forgeIds.has(ref.forge?.id ?? ''),
              ids: stored.filter((r) => r.source === source && forgeIds.has(r.forgeId)).map((r) => r.id),
            },
          });
        } catch {
          // Recorded in the crawls table like any crawl's failure.
        } finally {
          try {
            await state.reload();
          } finally {
            state.crawling = null;
          }
        }
      })();
      await state.crawling;
    }
  }
  const state: PortalState = {
    store: opts.store,
    loaded: opts.loaded,
    get catalogue() {
      return current().catalogue;
    },
    get search() {
      return current().search;
    },
    get metrics() {
      return current().metrics;
    },
    get full() {
      return full;
    },
    get views() {
      return views;
    },
    webIndex: false,
    crawling: null,
    enqueue: null,
    now,
    async reload() {
      const next = makeFull(await buildCatalogue(opts.store, opts.loaded, now()));
      full = next;
      views = createViews({ store: opts.store, loaded: opts.loaded, full: next });
    },
    queueRepoCrawl(source, forgeId) {
      const ids = pending.get(source) ?? new Set<string>();
      ids.add(forgeId);
      pending.set(source, ids);
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        const batch = new Map(pending);
        pending.clear();
        const enqueue = state.enqueue?.workersAlive() ? state.enqueue : null;
        queued = queued
          .then(() => (enqueue ? enqueue.crawlRepos(batch) : crawlForgeRepos(batch)))
          .catch(() => {});
      }, hookDebounceMs());
    },
    async repoCrawlsIdle() {
      while (timer || pending.size) await new Promise((resolve) => setTimeout(resolve, 50));
      await queued;
    },
    startCrawl() {
      if (state.enqueue?.workersAlive()) {
        void state.enqueue.crawl().catch(() => {});
        return;
      }
      if (state.crawling) throw new AgoraError('CRAWL_LOCKED', 'a crawl started by this server is running');
      state.crawling = (async () => {
        try {
          const { runCrawl } = await import('../crawl/crawl.ts');
          await runCrawl({ loaded: opts.loaded, store: opts.store, holder: `serve:${process.pid}` });
        } catch {
          // The crawl records its own failure in the crawls table, which GET /api/v1/crawls shows.
        } finally {
          try {
            await state.reload();
          } finally {
            state.crawling = null;
          }
        }
      })();
    },
  };
  return state;
}

/** Deliveries that arrive within this time are crawled together. */
export const HOOK_DEBOUNCE_MS = 1000;

/**
 * The debounce of webhook re-crawls: HOOK_DEBOUNCE_MS, or `AGORA_HOOK_DEBOUNCE_MS` (0–60 000) when set (tests
 * shorten it so each delivery does not wait a second).
 */
export function hookDebounceMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.AGORA_HOOK_DEBOUNCE_MS?.trim();
  const ms = text ? Number(text) : Number.NaN;
  return Number.isInteger(ms) && ms >= 0 && ms <= 60_000 ? ms : HOOK_DEBOUNCE_MS;
}
