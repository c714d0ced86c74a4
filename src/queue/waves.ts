// Queries of the crawl waves (migration 0900): which sources of a wave are listed, which repos it queued and
// how each job ended, the workers' heartbeats and the jobs they hold. PostgreSQL only (the queue's stores).

import { CompiledQuery, type Generated, type Kysely, sql } from 'kysely';
import type { Finding, Severity } from '../analyse/facts.ts';
import type { Store } from '../store/db.ts';
import type { Database } from '../store/schema.ts';

type QueueTables = {
  crawl_waves: {
    crawl_id: number;
    run_id: number;
    only: string | null;
    evaluated_at: number;
    created_at: string;
    finished_at: string | null;
  };
  crawl_wave_sources: { crawl_id: number; source: string; state: string; problems: string | null };
  crawl_wave_repos: {
    crawl_id: number;
    repo_id: string;
    source: string;
    outcome: string | null;
    commits_added: Generated<number>;
    findings: string | null;
    error: string | null;
    attempts: Generated<number>;
    updated_at: string;
  };
  queue_workers: {
    id: string;
    host: string;
    pid: number;
    concurrency: number;
    started_at: string;
    heartbeat_at: string;
  };
  queue_active: { job_id: string; queue: string; worker_id: string; label: string; started_at: string };
};

export type QueueDb = Kysely<Database & QueueTables>;

/** The store's Kysely with the queue's tables typed. */
export function queueDb(store: Store | { db: Kysely<Database> }): QueueDb {
  return store.db.withTables<QueueTables>();
}

/** What a wave crawls beyond the configured sources: given folders, or only some repos (a webhook's). */
export interface WaveScope {
  /** Folders given to `agora crawl PATH…` (absolute). */
  paths?: string[];
  /** Only these sources, and of them only the repos with these forge ids (a webhook's). */
  only?: { sources: string[]; forgeIds: Record<string, string[]> };
}

export interface Wave {
  crawlId: number;
  runId: number;
  scope: WaveScope;
  evaluatedAt: number;
  createdAt: string;
  finishedAt: string | null;
}

export async function readWave(db: QueueDb, crawlId: number): Promise<Wave | null> {
  const row = await db
    .selectFrom('crawl_waves')
    .selectAll()
    .where('crawl_id', '=', crawlId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    crawlId: Number(row.crawl_id),
    runId: Number(row.run_id),
    scope: row.only ? (JSON.parse(row.only) as WaveScope) : {},
    evaluatedAt: Number(row.evaluated_at),
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** The unfinished waves, oldest first. */
export async function openWaves(db: QueueDb): Promise<Wave[]> {
  const rows = await db
    .selectFrom('crawl_waves')
    .select('crawl_id')
    .where('finished_at', 'is', null)
    .orderBy('crawl_id')
    .execute();
  const out: Wave[] = [];
  for (const r of rows) {
    const w = await readWave(db, Number(r.crawl_id));
    if (w) out.push(w);
  }
  return out;
}

/** How far a wave is: sources still listing, repos queued and done, by outcome. */
export interface WaveProgress {
  sourcesPending: number;
  queued: number;
  done: number;
  outcomes: Record<string, number>;
}

export async function waveProgress(db: QueueDb, crawlId: number): Promise<WaveProgress> {
  const sources = await db
    .selectFrom('crawl_wave_sources')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('crawl_id', '=', crawlId)
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom('crawl_wave_repos')
    .select(['outcome', (eb) => eb.fn.countAll<number>().as('n')])
    .where('crawl_id', '=', crawlId)
    .groupBy('outcome')
    .execute();
  const outcomes: Record<string, number> = {};
  let queued = 0;
  let done = 0;
  for (const r of rows) {
    if (r.outcome === null) queued += Number(r.n);
    else {
      outcomes[r.outcome] = Number(r.n);
      done += Number(r.n);
    }
  }
  return { sourcesPending: Number(sources.n), queued, done, outcomes };
}

/**
 * Whether a wave has nothing left to list or crawl: two index lookups (a pending source, a repo without an
 * outcome: `crawl_wave_repos_pending`), not a count of the wave, since it is asked after every repo job.
 */
export async function waveIsDone(db: QueueDb, crawlId: number): Promise<boolean> {
  const source = await db
    .selectFrom('crawl_wave_sources')
    .select('source')
    .where('crawl_id', '=', crawlId)
    .where('state', '=', 'pending')
    .limit(1)
    .executeTakeFirst();
  if (source) return false;
  const repo = await db
    .selectFrom('crawl_wave_repos')
    .select('repo_id')
    .where('crawl_id', '=', crawlId)
    .where('outcome', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return !repo;
}

/** Records what a repo's job did, for every open wave waiting for that repo (the first outcome stands). */
export async function recordRepoOutcome(
  db: QueueDb,
  repoId: string,
  result: { outcome: string; commitsAdded: number; findings: readonly Finding[]; error?: string },
  now: string,
): Promise<number[]> {
  const counts = findingCounts(result.findings);
  const rows = await db
    .updateTable('crawl_wave_repos')
    .set({
      outcome: result.outcome,
      commits_added: result.commitsAdded,
      findings: JSON.stringify(counts),
      error: result.error ?? null,
      updated_at: now,
    })
    .where('repo_id', '=', repoId)
    .where('outcome', 'is', null)
    .where('crawl_id', 'in', (eb) =>
      eb.selectFrom('crawl_waves').select('crawl_id').where('finished_at', 'is', null),
    )
    .returning('crawl_id')
    .execute();
  return rows.map((r) => Number(r.crawl_id));
}

/** A job attempt failed with `error`: kept for the dead letter's finding and the status page. */
export async function recordRepoAttemptError(db: QueueDb, repoId: string, error: string, now: string) {
  await db
    .updateTable('crawl_wave_repos')
    .set((eb) => ({ error, attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('repo_id', '=', repoId)
    .where('outcome', 'is', null)
    .execute();
}

/** True when the repo already has an outcome in `crawlId` (a job run again after a crash has nothing to do). */
export async function repoDone(db: QueueDb, crawlId: number, repoId: string): Promise<boolean> {
  const row = await db
    .selectFrom('crawl_wave_repos')
    .select('outcome')
    .where('crawl_id', '=', crawlId)
    .where('repo_id', '=', repoId)
    .executeTakeFirst();
  return row !== undefined && row.outcome !== null;
}

/** The findings of a repo as severity and code pairs, one per code (what the crawl's summary counts). */
function findingCounts(findings: readonly Finding[]): { code: string; severity: Severity; n: number }[] {
  const byKey = new Map<string, { code: string; severity: Severity; n: number }>();
  for (const f of findings) {
    const key = `${f.severity}\u0000${f.code}`;
    const c = byKey.get(key) ?? { code: f.code, severity: f.severity, n: 0 };
    c.n++;
    byKey.set(key, c);
  }
  return [...byKey.values()];
}

/** Runs pg-boss statements on a Kysely connection or transaction (so jobs are sent atomically with rows). */
// biome-ignore lint/suspicious/noExplicitAny: any of the store's Kysely views (typed or not) runs raw SQL.
export function bossDb(db: Kysely<any>) {
  return {
    async executeSql(text: string, values: unknown[]) {
      const r = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: r.rows as unknown[] };
    },
  };
}

/** Serialises wave creation across processes (two `agora crawl`s, two schedulers): a transaction-scoped lock. */
// biome-ignore lint/suspicious/noExplicitAny: as above.
export async function lockWaves(trx: Kysely<any>): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('agora-crawl-wave'))`.execute(trx);
}

/** How many workers sent a heartbeat within `staleMs` (none: crawls run in the process that asks). */
export async function liveWorkers(db: QueueDb, staleMs: number): Promise<number> {
  const row = await db
    .selectFrom('queue_workers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('heartbeat_at', '>=', new Date(Date.now() - staleMs).toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
