// The crawl lock and crawl records on both databases: one crawl at a time, stale holders taken over.

import { beforeEach, expect, it } from 'vitest';
import {
  acquireCrawlLock,
  CRAWL_LOCK_STALE_MS,
  crawlLockHolder,
  finishCrawl,
  heartbeat,
  recentCrawls,
  releaseCrawlLock,
  startCrawl,
} from '../../src/store/queries/crawl.ts';
import { describeEachStore, emptyStore } from '../helpers/stores.ts';

describeEachStore('crawl lock', (getStore) => {
  beforeEach(async () => {
    await emptyStore(getStore());
  });

  it('refuses a second holder and names the first', async () => {
    const { db } = getStore();
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    expect(await acquireCrawlLock(db, 'host-a:1', 1, t0)).toEqual({ ok: true });
    const later = new Date(t0.getTime() + 60_000);
    expect(await acquireCrawlLock(db, 'host-b:2', 2, later)).toEqual({
      ok: false,
      holder: 'host-a:1',
      since: t0.toISOString(),
    });
    // The holder itself may re-acquire (a restarted step of the same crawl).
    expect(await acquireCrawlLock(db, 'host-a:1', 1, later)).toEqual({ ok: true });
  });

  it('lets a stale lock be taken over, and the old holder notices on its heartbeat', async () => {
    const { db } = getStore();
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    await acquireCrawlLock(db, 'host-a:1', 1, t0);
    const justFresh = new Date(t0.getTime() + CRAWL_LOCK_STALE_MS - 1000);
    expect((await acquireCrawlLock(db, 'host-b:2', 2, justFresh)).ok).toBe(false);

    // A heartbeat keeps it fresh.
    expect(await heartbeat(db, 'host-a:1', justFresh)).toBe(true);
    const afterOld = new Date(t0.getTime() + CRAWL_LOCK_STALE_MS + 1000);
    expect((await acquireCrawlLock(db, 'host-b:2', 2, afterOld)).ok).toBe(false);

    const stale = new Date(justFresh.getTime() + CRAWL_LOCK_STALE_MS + 1000);
    expect(await acquireCrawlLock(db, 'host-b:2', 2, stale)).toEqual({ ok: true });
    expect(await crawlLockHolder(db)).toEqual({
      holder: 'host-b:2',
      crawlId: 2,
      acquiredAt: stale.toISOString(),
      heartbeatAt: stale.toISOString(),
    });
    expect(await heartbeat(db, 'host-a:1', stale)).toBe(false);
    // Releasing a lock one no longer holds does nothing.
    await releaseCrawlLock(db, 'host-a:1');
    expect((await crawlLockHolder(db))?.holder).toBe('host-b:2');
  });

  it('release frees the lock for the next crawl', async () => {
    const { db } = getStore();
    await acquireCrawlLock(db, 'host-a:1', 1);
    await releaseCrawlLock(db, 'host-a:1');
    expect(await crawlLockHolder(db)).toBeNull();
    expect(await acquireCrawlLock(db, 'host-b:2', 2)).toEqual({ ok: true });
  });

  it('gives the lock to exactly one of many simultaneous contenders', async () => {
    const { db } = getStore();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => acquireCrawlLock(db, `host:${i}`, i)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const holder = (await crawlLockHolder(db))?.holder;
    for (const r of results) if (!r.ok) expect(r.holder).toBe(holder);
  });

  it('records crawls from start to finish', async () => {
    const { db } = getStore();
    const start = new Date('2026-03-01T10:00:00.000Z');
    const id = await startCrawl(db, 'host-a:1', start);
    const second = await startCrawl(db, 'host-a:1', start);
    expect(second).toBeGreaterThan(id);
    const end = new Date('2026-03-01T10:05:00.000Z');
    const stats = { new: 1, changed: 2, unchanged: 3, failed: 0, gone: 0, commitsAdded: 42, ms: 300_000 };
    await finishCrawl(db, id, 'done', stats, end);
    // The second is running: its holder holds the lock, with a fresh heartbeat.
    expect(await acquireCrawlLock(db, 'host-a:1', second, end)).toEqual({ ok: true });
    const crawls = await recentCrawls(db, 20, { now: end });
    expect(crawls).toEqual([
      {
        id: second,
        startedAt: start.toISOString(),
        finishedAt: null,
        status: 'running',
        stats: null,
        holder: 'host-a:1',
      },
      {
        id,
        startedAt: start.toISOString(),
        finishedAt: end.toISOString(),
        status: 'done',
        stats,
        holder: 'host-a:1',
      },
    ]);
  });

  it('records a crawl killed while running as interrupted when its lock is taken over', async () => {
    const { db } = getStore();
    const t0 = new Date('2026-03-01T10:00:00.000Z');
    const killed = await startCrawl(db, 'host-a:1', t0);
    await acquireCrawlLock(db, 'host-a:1', killed, t0);
    // Still within its heartbeat: shown running.
    expect((await recentCrawls(db, 20, { now: t0 }))[0].status).toBe('running');
    // Its holder is known dead: shown interrupted at once, though nothing was written yet.
    const dead = await recentCrawls(db, 20, { now: t0, holderIsDead: (h) => h === 'host-a:1' });
    expect(dead[0].status).toBe('interrupted');
    // Heartbeat stale: shown interrupted.
    const later = new Date(t0.getTime() + CRAWL_LOCK_STALE_MS + 1000);
    expect((await recentCrawls(db, 20, { now: later }))[0].status).toBe('interrupted');
    // Taken over: recorded interrupted, with a finish time; the new crawl is the one running.
    expect(await acquireCrawlLock(db, 'host-b:2', null, later)).toEqual({ ok: true });
    const next = await startCrawl(db, 'host-b:2', later);
    await acquireCrawlLock(db, 'host-b:2', next, later);
    const rows = await db
      .selectFrom('crawls')
      .select(['id', 'status', 'finished_at'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => ({ ...r, id: Number(r.id) }))).toEqual([
      { id: killed, status: 'interrupted', finished_at: later.toISOString() },
      { id: next, status: 'running', finished_at: null },
    ]);
    expect((await recentCrawls(db, 20, { now: later })).map((c) => c.status)).toEqual([
      'running',
      'interrupted',
    ]);
  });
});
