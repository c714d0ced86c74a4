// A wave's "anything left?" question, asked after every repo job: right answers, and an index lookup on
// PostgreSQL (the queue's store) rather than a scan of the wave, which made a wave of N repos cost N² rows.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgAvailable, withTempPgDatabase } from '../../test/helpers/stores.ts';
import { openStore, type Store } from '../store/db.ts';
import { queueDb, waveIsDone } from './waves.ts';

const pgReady = await pgAvailable();
const skip = !pgReady && process.env.CI !== 'true';

describe.skipIf(skip)('waveIsDone [postgres]', () => {
  let store: Store;
  let drop: () => Promise<void>;
  const REPOS = 20_000;

  beforeAll(async () => {
    if (!pgReady) throw new Error('CI=true but PostgreSQL is not reachable');
    const target = await withTempPgDatabase();
    drop = target.drop;
    store = await openStore({ url: target.url, dataDir: '/tmp' });
    const db = queueDb(store);
    const now = new Date().toISOString();
    await db
      .insertInto('crawl_wave_sources')
      .values({ crawl_id: 7, source: 'org', state: 'pending', problems: null })
      .execute();
    for (let i = 0; i < REPOS; i += 1_000) {
      await db
        .insertInto('crawl_wave_repos')
        .values(
          Array.from({ length: 1_000 }, (_, j) => ({
            crawl_id: 7,
            repo_id: `org:r${String(i + j).padStart(5, '0')}`,
            source: 'org',
            outcome: i + j < REPOS - 1 ? 'unchanged' : null,
            updated_at: now,
          })),
        )
        .execute();
    }
    const { sql } = await import('kysely');
    await sql`analyze crawl_wave_repos`.execute(store.db);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  it('is done only when no source is pending and every repo has an outcome', async () => {
    const db = queueDb(store);
    expect(await waveIsDone(db, 7)).toBe(false);
    await db.updateTable('crawl_wave_sources').set({ state: 'listed' }).where('crawl_id', '=', 7).execute();
    // The last repo of 20,000 has no outcome yet.
    expect(await waveIsDone(db, 7)).toBe(false);
    await db.updateTable('crawl_wave_repos').set({ outcome: 'new' }).where('outcome', 'is', null).execute();
    expect(await waveIsDone(db, 7)).toBe(true);
    // Another wave's pending repo is not this wave's.
    await db
      .insertInto('crawl_wave_repos')
      .values({ crawl_id: 8, repo_id: 'org:r00000', source: 'org', outcome: null, updated_at: 'now' })
      .execute();
    expect(await waveIsDone(db, 7)).toBe(true);
    expect(await waveIsDone(db, 8)).toBe(false);
  });

  it('finds the repos left by the partial index, not by reading the wave', async () => {
    const { sql } = await import('kysely');
    const plan = await sql<{ 'QUERY PLAN': string }>`
      explain select repo_id from crawl_wave_repos where crawl_id = ${7} and outcome is null limit 1`.execute(
      store.db,
    );
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('crawl_wave_repos_pending');
  });
});
