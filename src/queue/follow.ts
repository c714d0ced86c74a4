// `agora crawl` on a PostgreSQL store: queue the crawl and, with --wait, follow it until its finishing job
// ran, then report the same summary as an in-process crawl (read from the crawl's stored stats).

import type PgBoss from 'pg-boss';
import type { LoadedConfig } from '../config/schema.ts';
import type { CrawlProgress, CrawlSummary } from '../crawl/crawl.ts';
import type { Store } from '../store/db.ts';
import { type StartedWave, startWave } from './enqueue.ts';
import { queueDb, type WaveScope, waveProgress } from './waves.ts';

export async function queueCrawl(
  store: Store,
  loaded: LoadedConfig,
  boss: PgBoss,
  scope: WaveScope,
): Promise<StartedWave> {
  return startWave(store, loaded, boss, scope, 'queue');
}

/** Polls the wave until its crawl row is no longer running; returns the summary its finishing job stored. */
export async function followWave(
  store: Store,
  crawlId: number,
  opts: { onProgress?: (p: CrawlProgress) => void; signal?: AbortSignal; pollMs?: number } = {},
): Promise<CrawlSummary & { status: string }> {
  const db = queueDb(store);
  for (;;) {
    const row = await db
      .selectFrom('crawls')
      .select(['status', 'stats'])
      .where('id', '=', crawlId)
      .executeTakeFirstOrThrow();
    if (row.status !== 'running') return summaryOf(crawlId, row.status, row.stats);
    const p = await waveProgress(db, crawlId);
    opts.onProgress?.({
      phase: p.sourcesPending > 0 ? 'listing' : p.queued > 0 ? 'crawling' : 'finishing',
      done: p.done,
      total: p.sourcesPending > 0 ? null : p.done + p.queued,
    });
    if (opts.signal?.aborted) return summaryOf(crawlId, 'running', row.stats);
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 1000));
  }
}

function summaryOf(crawlId: number, status: string, stats: string | null): CrawlSummary & { status: string } {
  const s = (stats ? JSON.parse(stats) : {}) as Record<string, unknown>;
  const n = (k: string) => Number(s[k] ?? 0);
  return {
    crawlId,
    status,
    repos: {
      new: n('new'),
      changed: n('changed'),
      unchanged: n('unchanged'),
      failed: n('failed'),
      gone: n('gone'),
      total: n('total'),
    },
    commitsAdded: n('commitsAdded'),
    findings: n('findings'),
    findingsBySeverity: (s.findingsBySeverity as CrawlSummary['findingsBySeverity']) ?? {
      error: 0,
      warning: 0,
      info: 0,
    },
    findingCodes: (s.findingCodes as CrawlSummary['findingCodes']) ?? [],
    problems: (s.problems as CrawlSummary['problems']) ?? [],
    failed: (s.failedRepos as CrawlSummary['failed']) ?? [],
    ms: n('ms'),
  };
}
