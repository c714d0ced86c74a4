// The job queue of a PostgreSQL store: pg-boss 10 in a schema of its own beside the store's (`agora_queue`,
// or `<schema>_queue` for a store in `?schema=NAME`). Opens it, creates Agora's queues with their retry,
// expiry and dead-letter policies, and names them. SQLite stores have no queue: their crawl runs in-process.

import type PgBoss from 'pg-boss';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import { chooseDatabaseUrl, parseDatabaseUrl } from '../store/database-url.ts';

/** Queue names. One listing job per source, one job per repository, one finishing job per wave. */
export const QUEUES = {
  list: 'agora-list',
  repo: 'agora-repo',
  finish: 'agora-finish',
  /** Jobs that failed their last retry land here; a worker turns each into a finding. */
  dead: 'agora-dead',
  /** Fired by `crawl.schedule`: starts one wave. */
  scheduled: 'agora-scheduled-crawl',
} as const;

/**
 * Retries of a repo or listing job (a crash, a lost store connection), with exponential back-off from
 * RETRY_DELAY_S; after the last the job is dead-lettered.
 */
export const RETRY_LIMIT = 3;
export const RETRY_DELAY_S = 2;
/** A job running longer than this is expired by pg-boss and retried (a hung process that still heartbeats). */
export const JOB_EXPIRE_S = 60 * 60;

export interface QueueTarget {
  connectionString: string;
  /** pg-boss's schema. */
  schema: string;
  /** The store's schema, if any (the worker's own connections set their search_path to it). */
  storeSchema: string | null;
}

/** The queue of the configured store, or null when the store is SQLite. */
export function queueTarget(loaded: LoadedConfig, dataDir: string): QueueTarget | null {
  const target = parseDatabaseUrl(
    chooseDatabaseUrl({ url: loaded.config.database, dataDir }),
    loaded.baseDir,
  );
  if (target.dialect !== 'postgres') return null;
  return {
    connectionString: target.connectionString,
    schema: `${target.schema ?? 'agora'}_queue`,
    storeSchema: target.schema,
  };
}

export interface OpenQueueOptions {
  /** Connections pg-boss may open (default 4). */
  max?: number;
  /** Runs pg-boss's cron timekeeper (serve and worker do; `agora crawl` and `status` need not). */
  schedule?: boolean;
  /** Runs pg-boss's maintenance (expiry of stuck jobs, archiving). */
  supervise?: boolean;
  /** Called with errors pg-boss reports in the background (lost connections while it polls). */
  onError?: (err: Error) => void;
}

/** Starts pg-boss on `target` (creating its schema on first use) and makes sure Agora's queues exist. */
export async function openQueue(
  target: QueueTarget,
  opts: OpenQueueOptions = {},
  attempt = 1,
): Promise<PgBoss> {
  const { default: PgBossClass } = await import('pg-boss');
  const { bossPool } = await import('./boss-db.ts');
  // Our pool, not pg-boss's: its statements outlive a database restart (see boss-db.ts).
  const db = bossPool(target.connectionString, opts.max ?? 4, (err) => opts.onError?.(err));
  const boss = new PgBossClass({
    db,
    schema: target.schema,
    schedule: opts.schedule ?? false,
    supervise: opts.supervise ?? false,
    // Maintenance (expiry of jobs past JOB_EXPIRE_S) every 30 s where supervised.
    maintenanceIntervalSeconds: 30,
    cronMonitorIntervalSeconds: 5,
    cronWorkerIntervalSeconds: 1,
    migrate: true,
  });
  boss.on('error', (err) => opts.onError?.(err));
  boss.once('stopped', () => void db.close());
  try {
    await boss.start();
    await ensureQueues(boss);
  } catch (err) {
    await boss.stop({ graceful: false, wait: false }).catch(() => {});
    await db.close();
    // Processes starting together on a new database race to create the queue's schema and queues: the
    // losers' deadlock or duplicate is no failure, the next attempt finds the winner's.
    if (attempt < 5 && isCreationRace(err)) {
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400 * attempt));
      return openQueue(target, opts, attempt + 1);
    }
    throw new AgoraError('STORE_FAILED', `cannot open the job queue: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return boss;
}

/** A deadlock, a duplicate key or object: what two processes creating the same schema at once get. */
function isCreationRace(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === '40P01' || code === '23505' || code === '42P07' || code === '42710';
}

async function ensureQueues(boss: PgBoss): Promise<void> {
  const retry = { retryLimit: RETRY_LIMIT, retryDelay: RETRY_DELAY_S, retryBackoff: true };
  await boss.createQueue(QUEUES.dead, { name: QUEUES.dead, retryLimit: 2, retryDelay: 5 });
  // 'short': at most one queued job per key (a repo queued twice before a worker takes it runs once).
  await boss.createQueue(QUEUES.repo, {
    name: QUEUES.repo,
    policy: 'short',
    ...retry,
    expireInSeconds: JOB_EXPIRE_S,
    deadLetter: QUEUES.dead,
  });
  await boss.createQueue(QUEUES.list, {
    name: QUEUES.list,
    policy: 'short',
    ...retry,
    expireInSeconds: JOB_EXPIRE_S,
    deadLetter: QUEUES.dead,
  });
  await boss.createQueue(QUEUES.finish, {
    name: QUEUES.finish,
    policy: 'short',
    ...retry,
    expireInSeconds: JOB_EXPIRE_S,
    deadLetter: QUEUES.dead,
  });
  await boss.createQueue(QUEUES.scheduled, { name: QUEUES.scheduled, policy: 'short', retryLimit: 2 });
}

/** Registers `crawl.schedule` with the queue (or removes a schedule no longer configured). */
export async function applySchedule(boss: PgBoss, loaded: LoadedConfig): Promise<void> {
  const cron = loaded.config.crawl.schedule;
  if (cron) await boss.schedule(QUEUES.scheduled, cron, {}, { tz: 'UTC' });
  else await boss.unschedule(QUEUES.scheduled).catch(() => {});
}
