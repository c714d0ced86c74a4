// What `agora serve` does with a PostgreSQL store's queue: POST /api/v1/crawls and webhooks queue waves
// for the workers (debounced by the server, one queued job per repo by the queue), the crawl schedule is
// registered (pg-boss fires it once, whichever process's clock sees it), and a NOTIFY from a finished
// crawl reloads this replica's catalogue. Nothing is kept here that another replica would need.

import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';

export interface AttachedQueue {
  close(): Promise<void>;
}

/** Wires the portal to the queue; null for a SQLite store (crawls stay in-process). */
export async function attachQueue(
  app: FastifyInstance,
  loaded: LoadedConfig,
  store: Store,
): Promise<AttachedQueue | null> {
  if (store.dialect !== 'postgres') return null;
  const { queueTarget, openQueue, applySchedule } = await import('./boss.ts');
  const target = queueTarget(loaded, resolve(loaded.baseDir, loaded.config.dataDir));
  if (!target) return null;
  const boss = await openQueue(target, {
    max: 2,
    schedule: true,
    onError: (err) => app.log.warn({ err: err.message }, 'job queue'),
  });
  await applySchedule(boss, loaded);
  await (await import('./digest-job.ts')).attachDigestSchedule(boss, store, loaded);
  const { startWave } = await import('./enqueue.ts');
  const { liveWorkers, queueDb } = await import('./waves.ts');
  const { STALE_MS } = await import('./worker.ts');
  let alive = 0;
  const look = async () => {
    alive = await liveWorkers(queueDb(store), STALE_MS).catch(() => alive);
  };
  await look();
  const watch = setInterval(() => void look(), 5_000);
  watch.unref();
  app.portal.enqueue = {
    workersAlive: () => alive > 0,
    async crawl() {
      await startWave(store, loaded, boss, {}, 'serve');
    },
    async crawlRepos(batch) {
      const forgeIds: Record<string, string[]> = {};
      for (const [source, ids] of batch) forgeIds[source] = [...ids];
      await startWave(store, loaded, boss, { only: { sources: [...batch.keys()], forgeIds } }, 'webhook');
    },
  };
  // Reloads are coalesced: one running, at most one more queued.
  let reloading: Promise<void> | null = null;
  let again = false;
  const reload = () => {
    if (reloading) {
      again = true;
      return;
    }
    reloading = app.portal
      .reload()
      .catch((err) => app.log.warn({ err: (err as Error).message }, 'reload after a crawl'))
      .finally(() => {
        reloading = null;
        if (again) {
          again = false;
          reload();
        }
      });
  };
  const { listenForCrawls } = await import('./listen.ts');
  const listener = listenForCrawls(target, reload);
  return {
    async close() {
      clearInterval(watch);
      await listener.close();
      await reloading;
      await boss.stop({ graceful: false, wait: true }).catch(() => {});
    },
  };
}
