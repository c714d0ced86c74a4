// Crawl bookkeeping: the crawls table and the single-row crawl lock that keeps two crawls off one database.

import type { Selectable } from 'kysely';
import type { CrawlsTable } from '../schema.ts';
import { type Db, parseJson } from './shared.ts';

/** A holder silent for this long is presumed dead; its lock may be taken over. */
export const CRAWL_LOCK_STALE_MS = 2 * 60 * 1000;

export type CrawlStatus = 'running' | 'done' | 'failed' | 'interrupted';

/** Counters a crawl reports when it finishes (stored as JSON). */
export interface CrawlStats {
  new: number;
  changed: number;
  unchanged: number;
  failed: number;
  gone: number;
  commitsAdded: number;
  ms: number;
  [extra: string]: unknown;
}

export interface CrawlRecord {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  stats: Partial<CrawlStats> | null;
  holder: string;
}

export type LockResult = { ok: true } | { ok: false; holder: string; since: string };

/** Records the start of a crawl and returns its id. */
export async function startCrawl(db: Db, holder: string, now = new Date()): Promise<number> {
  const row = await db
    .insertInto('crawls')
    .values({ started_at: now.toISOString(), status: 'running', holder, finished_at: null, stats: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Records how a crawl ended. */
export async function finishCrawl(
  db: Db,
  id: number,
  status: CrawlStatus,
  stats: Partial<CrawlStats> | null,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('crawls')
    .set({ finished_at: now.toISOString(), status, stats: stats ? JSON.stringify(stats) : null })
    .where('id', '=', id)
    .execute();
}

/**
 * The most recent crawls, newest first. A row still 'running' whose holder no longer holds a live crawl lock
 * (lock gone, taken by another, heartbeat stale, or `holderIsDead` says so) is reported 'interrupted': a
 * killed crawl is never shown running; the next crawl to take the lock records it so.
 */
export async function recentCrawls(
  db: Db,
  limit = 20,
  opts: { now?: Date; holderIsDead?: (holder: string) => boolean } = {},
): Promise<CrawlRecord[]> {
  const rows = await db.selectFrom('crawls').selectAll().orderBy('id', 'desc').limit(limit).execute();
  const records = rows.map(toCrawlRecord);
  if (!records.some((r) => r.status === 'running')) return records;
  const lock = await crawlLockHolder(db);
  const staleBefore = new Date((opts.now ?? new Date()).getTime() - CRAWL_LOCK_STALE_MS).toISOString();
  const live =
    lock !== null && lock.heartbeatAt >= staleBefore && !(opts.holderIsDead?.(lock.holder) ?? false);
  for (const r of records) {
    if (r.status !== 'running') continue;
    const held = live && lock.holder === r.holder && (lock.crawlId === null || lock.crawlId === r.id);
    if (!held) r.status = 'interrupted';
  }
  return records;
}

/**
 * Takes the crawl lock in one atomic statement: it succeeds when the lock is free, already ours, or its
 * holder has not sent a heartbeat for CRAWL_LOCK_STALE_MS. Once it is ours, every other crawl still
 * recorded as 'running' was killed (only the lock holder crawls) and is recorded as 'interrupted'.
 */
export async function acquireCrawlLock(
  db: Db,
  holder: string,
  crawlId: number | null,
  now = new Date(),
): Promise<LockResult> {
  const at = now.toISOString();
  const staleBefore = new Date(now.getTime() - CRAWL_LOCK_STALE_MS).toISOString();
  for (let attempt = 1; ; attempt++) {
    const taken = await db
      .insertInto('crawl_lock')
      .values({ id: 1, holder, crawl_id: crawlId, acquired_at: at, heartbeat_at: at })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet({ holder, crawl_id: crawlId, acquired_at: at, heartbeat_at: at })
          .where((eb) =>
            eb.or([eb('crawl_lock.holder', '=', holder), eb('crawl_lock.heartbeat_at', '<', staleBefore)]),
          ),
      )
      .returning('holder')
      .executeTakeFirst();
    if (taken) {
      let orphans = db
        .updateTable('crawls')
        .set({ status: 'interrupted', finished_at: at })
        .where('status', '=', 'running');
      if (crawlId !== null) orphans = orphans.where('id', '<>', crawlId);
      await orphans.execute();
      return { ok: true };
    }
    const current = await crawlLockHolder(db);
    if (current) return { ok: false, holder: current.holder, since: current.acquiredAt };
    // The holder released between our two statements: try again rather than report a phantom.
    if (attempt >= 3) return { ok: false, holder: 'unknown', since: at };
  }
}

/** Who holds the crawl lock now, if anyone (stale or not). */
export async function crawlLockHolder(
  db: Db,
): Promise<{ holder: string; crawlId: number | null; acquiredAt: string; heartbeatAt: string } | null> {
  const row = await db.selectFrom('crawl_lock').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return null;
  return {
    holder: row.holder,
    crawlId: row.crawl_id,
    acquiredAt: row.acquired_at,
    heartbeatAt: row.heartbeat_at,
  };
}

/** Proves the holder is alive; returns false when the lock is no longer ours (taken over as stale). */
export async function heartbeat(db: Db, holder: string, now = new Date()): Promise<boolean> {
  const result = await db
    .updateTable('crawl_lock')
    .set({ heartbeat_at: now.toISOString() })
    .where('id', '=', 1)
    .where('holder', '=', holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Releases the lock if `holder` still holds it. */
export async function releaseCrawlLock(db: Db, holder: string): Promise<void> {
  await db.deleteFrom('crawl_lock').where('id', '=', 1).where('holder', '=', holder).execute();
}

function toCrawlRecord(row: Selectable<CrawlsTable>): CrawlRecord {
  return {
    id: Number(row.id),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    stats: parseJson<Partial<CrawlStats> | null>(row.stats, null),
    holder: row.holder,
  };
}
