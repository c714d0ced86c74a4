// What the queue is doing, for `agora status`, the portal's Crawls page and GET /health: workers and their
// heartbeats, jobs by queue and state, the open crawls and their repos by source, the jobs running now,
// the last errors, and when the schedule fires next. Every list is capped.

import { sql } from 'kysely';
import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import { queueDb } from './waves.ts';
import { STALE_MS } from './worker.ts';

export interface QueueStatus {
  enabled: true;
  workers: { id: string; host: string; concurrency: number; heartbeatAt: string; alive: boolean }[];
  /** Jobs by queue and state (pg-boss: created, retry, active, failed; completed ones are kept a while). */
  jobs: Record<string, Record<string, number>>;
  crawls: {
    crawlId: number;
    startedAt: string;
    sourcesPending: number;
    bySource: { source: string; queued: number; done: number; failed: number }[];
  }[];
  running: { queue: string; label: string; worker: string; since: string }[];
  /** Repos whose job failed (or keeps failing) in recent crawls, newest first. */
  errors: { crawlId: number; repo: string; error: string; attempts: number; gaveUp: boolean; at: string }[];
  schedule: string | null;
  nextScheduledCrawl: string | null;
}

const LIMIT = 50;

/** The queue's state; `bossSchema` is pg-boss's schema (from `queueTarget`). */
export async function queueStatus(
  store: Store,
  loaded: LoadedConfig,
  bossSchema: string,
  now = new Date(),
): Promise<QueueStatus> {
  const db = queueDb(store);
  const workers = await db.selectFrom('queue_workers').selectAll().orderBy('id').limit(LIMIT).execute();
  const staleBefore = new Date(now.getTime() - STALE_MS).toISOString();
  const jobs: Record<string, Record<string, number>> = {};
  try {
    const rows = await sql<{ name: string; state: string; n: number }>`
      select name, state::text as state, count(*)::int as n from ${sql.table(`${bossSchema}.job`)}
      where name like 'agora-%' group by name, state`.execute(store.db);
    for (const r of rows.rows) {
      jobs[r.name] ??= {};
      jobs[r.name][r.state] = Number(r.n);
    }
  } catch {
    // No worker or crawl ever created the queue's schema: nothing queued.
  }
  const open = await db
    .selectFrom('crawl_waves')
    .select(['crawl_id', 'created_at'])
    .where('finished_at', 'is', null)
    .orderBy('crawl_id', 'desc')
    .limit(10)
    .execute();
  const crawls: QueueStatus['crawls'] = [];
  for (const w of open) {
    const crawlId = Number(w.crawl_id);
    const pending = await db
      .selectFrom('crawl_wave_sources')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('crawl_id', '=', crawlId)
      .where('state', '=', 'pending')
      .executeTakeFirstOrThrow();
    const by = await db
      .selectFrom('crawl_wave_repos')
      .select([
        'source',
        sql<number>`sum(case when outcome is null then 1 else 0 end)`.as('queued'),
        sql<number>`sum(case when outcome is not null then 1 else 0 end)`.as('done'),
        sql<number>`sum(case when outcome = 'failed' then 1 else 0 end)`.as('failed'),
      ])
      .where('crawl_id', '=', crawlId)
      .groupBy('source')
      .orderBy('source')
      .limit(LIMIT)
      .execute();
    crawls.push({
      crawlId,
      startedAt: w.created_at,
      sourcesPending: Number(pending.n),
      bySource: by.map((r) => ({
        source: r.source,
        queued: Number(r.queued),
        done: Number(r.done),
        failed: Number(r.failed),
      })),
    });
  }
  const running = await db
    .selectFrom('queue_active')
    .select(['queue', 'label', 'worker_id', 'started_at'])
    .orderBy('started_at')
    .limit(LIMIT)
    .execute();
  const errors = await db
    .selectFrom('crawl_wave_repos')
    .select(['crawl_id', 'repo_id', 'error', 'attempts', 'outcome', 'updated_at'])
    .where('error', 'is not', null)
    .orderBy('updated_at', 'desc')
    .limit(LIMIT)
    .execute();
  const schedule = loaded.config.crawl.schedule ?? null;
  return {
    enabled: true,
    workers: workers.map((w) => ({
      id: w.id,
      host: w.host,
      concurrency: Number(w.concurrency),
      heartbeatAt: w.heartbeat_at,
      alive: w.heartbeat_at >= staleBefore,
    })),
    jobs,
    crawls,
    running: running.map((r) => ({
      queue: r.queue,
      label: r.label,
      worker: r.worker_id,
      since: r.started_at,
    })),
    errors: errors.map((e) => ({
      crawlId: Number(e.crawl_id),
      repo: e.repo_id,
      error: e.error ?? '',
      attempts: Number(e.attempts),
      gaveUp: e.outcome === 'failed',
      at: e.updated_at,
    })),
    schedule,
    nextScheduledCrawl: schedule ? await nextRun(schedule, now) : null,
  };
}

/** When a cron expression (UTC) fires next, or null when it does not parse. */
export async function nextRun(cron: string, now: Date): Promise<string | null> {
  try {
    const { default: parser } = await import('cron-parser');
    return parser.parseExpression(cron, { currentDate: now, tz: 'UTC' }).next().toDate().toISOString();
  } catch {
    return null;
  }
}
