// Starting a crawl on the queue: one `crawls` row, its check run, the wave's rows and one listing job per
// source, all in one transaction (so a crash never leaves a wave without its jobs). While a full crawl is
// still running a second one joins it instead of starting another: however many `agora crawl`s, schedulers
// or portals ask at once, one crawl runs.

import type PgBoss from 'pg-boss';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import type { Db } from '../store/queries/shared.ts';
import { QUEUES } from './boss.ts';
import { bossDb, lockWaves, queueDb, type WaveScope } from './waves.ts';

export interface StartedWave {
  crawlId: number;
  /** False when a full crawl was already running and this request joined it. */
  started: boolean;
  sources: string[];
}

/** Enqueues a crawl of the configured sources (or `scope`); returns the crawl it started or joined. */
export async function startWave(
  store: Store,
  loaded: LoadedConfig,
  boss: PgBoss,
  scope: WaveScope = {},
  holder = 'queue',
): Promise<StartedWave> {
  const { sourcesFromConfig, sourcesFromPaths } = await import('../sources/registry.ts');
  const sources = (scope.paths?.length ? sourcesFromPaths(scope.paths) : sourcesFromConfig(loaded))
    .filter((s) => !scope.only || scope.only.sources.includes(s.name))
    .map((s) => s.name);
  if (sources.length === 0) {
    throw new AgoraError(
      'USAGE',
      'nothing to crawl: give folders (`agora crawl PATH…`) or add sources to agora.yaml',
    );
  }
  const full = !scope.only;
  const stored: WaveScope = {};
  if (scope.paths?.length) stored.paths = scope.paths;
  if (scope.only) stored.only = scope.only;
  const only = full && !stored.paths ? null : JSON.stringify(stored);
  const { createCheckRun } = await import('../store/queries/checks.ts');
  const { rulesetFor } = await import('../checks/service.ts');
  const ruleset = (await rulesetFor(loaded)).name;
  return queueDb(store)
    .transaction()
    .execute(async (trx) => {
      await lockWaves(trx);
      if (full) {
        // A crawl of the same sources still running (its wave is not finished) is joined, not doubled.
        const running = await trx
          .selectFrom('crawl_waves')
          .select('crawl_id')
          .where('finished_at', 'is', null)
          .where((eb) => (only === null ? eb('only', 'is', null) : eb('only', '=', only)))
          .orderBy('crawl_id')
          .executeTakeFirst();
        if (running) return { crawlId: Number(running.crawl_id), started: false, sources };
      }
      const now = new Date();
      const at = now.toISOString();
      const row = await trx
        .insertInto('crawls')
        .values({ started_at: at, status: 'running', holder, finished_at: null, stats: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const crawlId = Number(row.id);
      const evaluatedAt = Math.floor(now.getTime() / 1000);
      const runId = await createCheckRun(trx as unknown as Db, {
        crawlId,
        ruleset,
        evaluatedAt: new Date(evaluatedAt * 1000).toISOString(),
      });
      await trx
        .insertInto('crawl_waves')
        .values({
          crawl_id: crawlId,
          run_id: runId,
          only,
          evaluated_at: evaluatedAt,
          created_at: at,
          finished_at: null,
        })
        .execute();
      await trx
        .insertInto('crawl_wave_sources')
        .values(sources.map((source) => ({ crawl_id: crawlId, source, state: 'pending', problems: null })))
        .execute();
      await boss.insert(
        sources.map((source) => ({
          name: QUEUES.list,
          data: { kind: 'list', crawlId, source },
          singletonKey: `${crawlId}:${source}`,
        })),
        { db: bossDb(trx) },
      );
      return { crawlId, started: true, sources };
    });
}
