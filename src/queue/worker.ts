// `agora worker`: takes jobs from the queue of a PostgreSQL store until stopped. It proves it is alive with
// a heartbeat row every HEARTBEAT_MS and records which jobs it holds; every worker also reaps: the jobs of a
// worker silent for STALE_MS (killed, machine gone) are failed so pg-boss retries them (with back-off) on
// another worker, and a wave with nothing left whose finishing job got lost is finished. Locks that guard a
// repo and a host's slots are PostgreSQL session locks (`locks.ts`), released by a dead worker's dropped
// connections. A forge host's `requestsPerSecond` is one budget for every worker (`host-budget.ts`). Each
// worker keeps its own mirrors under its data dir.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type PgBoss from 'pg-boss';
import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import { applySchedule, openQueue, QUEUES, type QueueTarget } from './boss.ts';
import { type AgoraJob, JobContext, messageOf } from './jobs.ts';
import { JobLocks } from './locks.ts';
import { openWaves, queueDb, recordRepoAttemptError, waveIsDone } from './waves.ts';

/**
 * How often a worker proves it is alive, and after how long without a heartbeat its jobs are re-run (four
 * beats). `AGORA_QUEUE_HEARTBEAT_MS` shortens both for tests, in every process of the test (workers,
 * `agora crawl --wait`, `serve`), so a killed worker is noticed in seconds.
 */
export const HEARTBEAT_MS = heartbeatFromEnv(process.env.AGORA_QUEUE_HEARTBEAT_MS) ?? 3_000;
export const STALE_MS = 4 * HEARTBEAT_MS;
/** An active job no worker records holding is failed (so retried) after this long. */
const UNHELD_GRACE_S = Math.max(2, Math.round((10 * HEARTBEAT_MS) / 1000));

function heartbeatFromEnv(v: string | undefined): number | null {
  const n = Number(v);
  return v && Number.isInteger(n) && n >= 100 && n <= 60_000 ? n : null;
}

export interface WorkerOptions {
  loaded: LoadedConfig;
  store: Store;
  target: QueueTarget;
  dataDir: string;
  /** Repo jobs run at once by this worker. */
  concurrency: number;
  /** Seconds between polls of an idle queue. */
  pollSeconds?: number;
  signal: AbortSignal;
  onEvent?: (e: WorkerEvent) => void;
}

export type WorkerEvent =
  | { kind: 'started'; worker: string }
  | { kind: 'job'; queue: string; label: string; ms: number; ok: boolean; error?: string }
  | { kind: 'reaped'; jobs: number }
  | { kind: 'error'; message: string };

/** Runs until `signal` aborts; then stops taking jobs, lets running ones finish, and returns. */
export async function runWorker(opts: WorkerOptions): Promise<void> {
  const { store, loaded } = opts;
  const workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const db = queueDb(store);
  const boss = await openQueue(opts.target, {
    max: 4,
    schedule: true,
    supervise: true,
    onError: (err) => opts.onEvent?.({ kind: 'error', message: messageOf(err) }),
  });
  const locks = new JobLocks(opts.target.connectionString, opts.concurrency + 2);
  const ctx = new JobContext({
    loaded,
    store,
    boss,
    dataDir: opts.dataDir,
    locks,
    storeSchema: opts.target.storeSchema,
  });
  // Every forge request of this worker takes its host's token from the budget all workers share.
  const { shareHostBudget } = await import('../sources/forge/http.ts');
  const { pgHostBudget } = await import('./host-budget.ts');
  shareHostBudget(pgHostBudget(store.db));
  const { sourcesFromConfig } = await import('../sources/registry.ts');
  // Forge sources register their hosts' credentials for git (by variable name) when built.
  sourcesFromConfig(loaded);
  await applySchedule(boss, loaded);
  await (await import('./digest-job.ts')).attachDigestSchedule(boss, store, loaded);

  const now = () => new Date().toISOString();
  const beat = async () => {
    await db
      .insertInto('queue_workers')
      .values({
        id: workerId,
        host: hostname(),
        pid: process.pid,
        concurrency: opts.concurrency,
        started_at: now(),
        heartbeat_at: now(),
      })
      .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: now() }))
      .execute();
  };
  await beat();
  opts.onEvent?.({ kind: 'started', worker: workerId });

  /** Jobs this process is running now (its `queue_active` rows not in here are orphans of an outage). */
  const running = new Set<string>();
  const run =
    (queue: string, handle: (job: AgoraJob, signal: AbortSignal) => Promise<void>) =>
    async (jobs: PgBoss.Job<AgoraJob>[]) => {
      for (const job of jobs) {
        const label = labelOf(job.data);
        const started = Date.now();
        running.add(job.id);
        await db
          .insertInto('queue_active')
          .values({ job_id: job.id, queue, worker_id: workerId, label, started_at: now() })
          .onConflict((oc) => oc.column('job_id').doUpdateSet({ worker_id: workerId, started_at: now() }))
          .execute();
        try {
          await handle(job.data, opts.signal);
          opts.onEvent?.({ kind: 'job', queue, label, ms: Date.now() - started, ok: true });
        } catch (err) {
          opts.onEvent?.({
            kind: 'job',
            queue,
            label,
            ms: Date.now() - started,
            ok: false,
            error: messageOf(err),
          });
          throw new Error(messageOf(err));
        } finally {
          running.delete(job.id);
          await db
            .deleteFrom('queue_active')
            .where('job_id', '=', job.id)
            .where('worker_id', '=', workerId)
            .execute()
            .catch(() => {});
        }
      }
    };

  const poll = { batchSize: 1, pollingIntervalSeconds: opts.pollSeconds ?? 1 };
  // pg-boss sleeps out the polling interval after every fetch, one that found a job included, so a slot took
  // at most one job per interval (the 2,000-repo bench: ~0.15 s of work, then a wait for the next 0.5 s poll).
  // A slot that has just finished a job asks again at once, and so do the slots of the jobs it may have queued
  // (a listing queues repo jobs, the last repo job of a wave its finishing job); an empty queue still waits.
  const slots = new Map<string, string[]>();
  const wake = (queue: string) => {
    for (const id of slots.get(queue) ?? []) boss.notifyWorker(id);
  };
  const workEagerly = async (
    queue: string,
    next: readonly string[],
    handler: (jobs: PgBoss.Job<AgoraJob>[]) => Promise<void>,
  ) => {
    const id = await boss.work<AgoraJob>(queue, poll, async (jobs) => {
      try {
        await handler(jobs);
      } finally {
        for (const q of new Set([queue, ...next])) wake(q);
      }
    });
    slots.set(queue, [...(slots.get(queue) ?? []), id]);
  };
  for (let i = 0; i < opts.concurrency; i++) {
    await workEagerly(
      QUEUES.repo,
      [QUEUES.finish],
      run(QUEUES.repo, (j, s) => ctx.repo(j as never, s)),
    );
  }
  await workEagerly(
    QUEUES.list,
    [QUEUES.repo, QUEUES.finish],
    run(QUEUES.list, (j, s) => ctx.list(j as never, s)),
  );
  await workEagerly(
    QUEUES.finish,
    [],
    run(QUEUES.finish, (j) => ctx.finish(j as never)),
  );
  await workEagerly(
    QUEUES.dead,
    [QUEUES.finish],
    run(QUEUES.dead, (j) => ctx.dead(j)),
  );
  await boss.work(QUEUES.scheduled, poll, async () => {
    const { startWave } = await import('./enqueue.ts');
    await startWave(store, loaded, boss, {}, 'schedule');
  });

  let reaping = false;
  const reap = async () => {
    if (reaping) return;
    reaping = true;
    try {
      await beat();
      const reaped = await reapLostJobs(store, boss, workerId, opts.target.schema, running);
      if (reaped) opts.onEvent?.({ kind: 'reaped', jobs: reaped });
      // A wave with nothing left whose finishing job was never queued (a crash in between) is finished.
      for (const w of await openWaves(db)) {
        if (await waveIsDone(db, w.crawlId)) await ctx.maybeFinish([w.crawlId]);
      }
    } catch (err) {
      opts.onEvent?.({ kind: 'error', message: messageOf(err) });
    } finally {
      reaping = false;
    }
  };
  const timer = setInterval(() => void reap(), HEARTBEAT_MS);
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    else opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearInterval(timer);
  // Graceful: running jobs finish (up to a minute), then the worker's rows go.
  await boss.stop({ graceful: true, wait: true, timeout: 60_000 }).catch(() => {});
  await locks.close();
  await db
    .deleteFrom('queue_active')
    .where('worker_id', '=', workerId)
    .execute()
    .catch(() => {});
  await db
    .deleteFrom('queue_workers')
    .where('id', '=', workerId)
    .execute()
    .catch(() => {});
}

/**
 * Fails the jobs held by workers whose heartbeat is older than STALE_MS, so pg-boss retries them; returns
 * how many. A job's row is deleted first: of two reapers only the one that deleted it fails it.
 */
export async function reapLostJobs(
  store: Store,
  boss: PgBoss,
  self: string,
  bossSchema: string,
  running: ReadonlySet<string>,
): Promise<number> {
  const db = queueDb(store);
  const staleBefore = new Date(Date.now() - STALE_MS).toISOString();
  const lost = (
    await db
      .selectFrom('queue_active as a')
      .leftJoin('queue_workers as w', 'w.id', 'a.worker_id')
      .select(['a.job_id', 'a.queue', 'a.worker_id', 'a.label'])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('a.worker_id', '<>', self),
            eb.or([eb('w.id', 'is', null), eb('w.heartbeat_at', '<', staleBefore)]),
          ]),
          // This worker's own rows of jobs it no longer runs: the database went away while it finished them.
          eb('a.worker_id', '=', self),
        ]),
      )
      .execute()
  ).filter((j) => j.worker_id !== self || !running.has(j.job_id));
  // Active jobs nobody records holding (a worker lost the database, or died, between fetching and recording
  // one; or its failure could not be written): failed after a grace period, so they are retried.
  const { sql } = await import('kysely');
  const unheld = await sql<{ id: string; name: string }>`
    select id::text as id, name from ${sql.table(`${bossSchema}.job`)}
    where name like 'agora-%' and state = 'active' and started_on < now() - make_interval(secs => ${UNHELD_GRACE_S})
      and id::text not in (select job_id from queue_active)`
    .execute(store.db)
    .catch(() => ({ rows: [] as { id: string; name: string }[] }));
  for (const job of unheld.rows) {
    if (running.has(job.id)) continue;
    await boss.fail(job.name, job.id, {
      error: 'the job was left running without a worker (a lost database connection)',
    });
  }
  let n = 0;
  for (const job of lost) {
    // A late heartbeat is not a dead worker: a worker busy on a loaded machine still holds its repo's
    // session lock, which dies with its connections. Only a repo job whose lock is free is lost.
    if (job.queue === QUEUES.repo && job.worker_id !== self && (await repoLockHeld(store, job.label)))
      continue;
    const gone = await db
      .deleteFrom('queue_active')
      .where('job_id', '=', job.job_id)
      .where('worker_id', '=', job.worker_id)
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) continue;
    const error = `the worker running it (${job.worker_id.split(':').slice(0, 2).join(':')}) stopped sending heartbeats`;
    if (job.queue === QUEUES.repo)
      await recordRepoAttemptError(db, job.label, error, new Date().toISOString());
    await boss.fail(job.queue, job.job_id, { error });
    n++;
  }
  await db
    .deleteFrom('queue_workers')
    .where('heartbeat_at', '<', staleBefore)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('queue_active').select('job_id').whereRef('worker_id', '=', 'queue_workers.id'),
        ),
      ),
    )
    .execute();
  return n + unheld.rows.length;
}

/** Whether some session holds the repo's advisory lock (locks.ts): its job's worker is alive. */
async function repoLockHeld(store: Store, repoId: string): Promise<boolean> {
  const { sql } = await import('kysely');
  // A transaction-level try-lock conflicts with the session lock a live job holds and is released at commit.
  return store.db.transaction().execute(async (trx) => {
    const r = await sql<{ ok: boolean }>`
      select pg_try_advisory_xact_lock(hashtext('agora-repo'), hashtext(${repoId})) as ok`.execute(trx);
    return r.rows[0]?.ok === false;
  });
}

/** What a job is about, for the status page and logs: the repo id, the source, or the crawl. */
export function labelOf(job: AgoraJob | undefined): string {
  if (!job || typeof job !== 'object') return '?';
  if (job.kind === 'repo') return String(job.ref?.id ?? '?');
  if (job.kind === 'list') return String(job.source ?? '?');
  if (job.kind === 'finish') return `crawl ${job.crawlId}`;
  return '?';
}
