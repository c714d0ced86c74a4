// What one server process holds: the catalogue and its search index (swapped atomically after a crawl), the
// stored per-repo metrics with their cache, the admin token, and the crawl it is running, if any.

import { createHash, timingSafeEqual } from 'node:crypto';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { buildCatalogue, type Catalogue } from './catalogue.ts';
import { type ProjectMetricsSource, projectMetricsSource } from './derived.ts';
import { buildSearchIndex, type SearchIndex } from './search.ts';

export interface PortalState {
  store: Store;
  loaded: LoadedConfig;
  catalogue: Catalogue;
  search: SearchIndex;
  /** Each repo's metrics as stored at the last crawl (computed on demand, bounded, when missing or stale). */
  metrics: ProjectMetricsSource;
  /** True when a built web UI is served. */
  webIndex: boolean;
  /** The crawl this process started, while it runs. */
  crawling: Promise<void> | null;
  /** Rebuilds the catalogue and search index from the store. */
  reload(): Promise<void>;
  /** Checks an `Authorization` header against the admin token in constant time; throws UNAUTHORIZED. */
  authorize(header: string | undefined): void;
  /** Starts a crawl in the background; throws CRAWL_LOCKED when one runs. */
  startCrawl(): void;
  /**
   * Re-crawls one forge repo (a verified webhook's) soon: deliveries within a second are crawled together,
   * after any crawl this server is running.
   */
  queueRepoCrawl(source: string, forgeId: string): void;
  /** Settles when the queued repo crawls have run (for tests and shutdown). */
  repoCrawlsIdle(): Promise<void>;
  now(): Date;
}

export interface PortalStateOptions {
  store: Store;
  loaded: LoadedConfig;
  adminToken: string | null;
  now?: () => Date;
}

/** Loads the catalogue and returns the server state. */
export async function createPortalState(opts: PortalStateOptions): Promise<PortalState> {
  const now = opts.now ?? (() => new Date());
  const catalogue = await buildCatalogue(opts.store, opts.loaded, now());
  // The token is kept only as a digest: it cannot leak through a dump of the state, and digests compare in constant time.
  const tokenDigest = opts.adminToken ? digest(opts.adminToken) : null;
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
    catalogue,
    search: buildSearchIndex(catalogue),
    metrics: projectMetricsSource(opts.store, opts.loaded, now),
    webIndex: false,
    crawling: null,
    now,
    async reload() {
      const next = await buildCatalogue(opts.store, opts.loaded, now());
      const index = buildSearchIndex(next);
      state.catalogue = next;
      state.search = index;
      state.metrics = projectMetricsSource(opts.store, opts.loaded, now);
    },
    authorize(header) {
      const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
      if (!tokenDigest) {
        throw new AgoraError(
          'UNAUTHORIZED',
          'starting a crawl over HTTP is disabled: set server.adminToken or AGORA_ADMIN_TOKEN',
        );
      }
      if (!match || !timingSafeEqual(digest(match[1].trim()), tokenDigest)) {
        throw new AgoraError('UNAUTHORIZED', 'a valid admin token is needed (Authorization: Bearer <token>)');
      }
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
        queued = queued.then(() => crawlForgeRepos(batch)).catch(() => {});
      }, HOOK_DEBOUNCE_MS);
    },
    async repoCrawlsIdle() {
      while (timer || pending.size) await new Promise((resolve) => setTimeout(resolve, 50));
      await queued;
    },
    startCrawl() {
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
const HOOK_DEBOUNCE_MS = 1000;

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}
