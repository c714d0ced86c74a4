// Two crawl processes started at once on one fresh database: both migrate safely, one takes the lock.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { openStore } from '../../src/store/db.ts';
import { describeEachStore, withTempSqliteDatabase } from '../helpers/stores.ts';

const run = promisify(execFile);
const child = new URL('./contender.ts', import.meta.url).pathname;

describeEachStore('two processes', (getStore) => {
  it('start together on a fresh database: exactly one crawls, the other is refused by name', async () => {
    const store = getStore();
    let url: string;
    let cleanup = async () => {};
    if (store.dialect === 'sqlite') {
      // A brand-new file, so both processes race on the first migration too.
      const temp = withTempSqliteDatabase();
      url = temp.url;
      cleanup = async () => temp.drop();
    } else {
      const { sql } = await import('kysely');
      const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(store.db);
      const { TEST_PG_URL } = await import('../helpers/stores.ts');
      url = `${TEST_PG_URL}?schema=${rows[0].s}_two`;
      cleanup = async () => {
        await sql.raw(`drop schema if exists "${rows[0].s}_two" cascade`).execute(store.db);
      };
    }
    try {
      const results = await Promise.all(
        ['p1', 'p2'].map(async (holder) => {
          const { stdout } = await run(process.execPath, ['--import', 'tsx', child, url, holder], {
            timeout: 60_000,
          });
          return { holder, lock: JSON.parse(stdout) as { ok: boolean; holder?: string } };
        }),
      );
      const winners = results.filter((r) => r.lock.ok);
      const losers = results.filter((r) => !r.lock.ok);
      // Either one refused the other, or the first finished before the second asked.
      for (const loser of losers) expect(loser.lock.holder).toBe(winners[0].holder);
      expect(winners.length).toBeGreaterThanOrEqual(1);

      const check = await openStore({ url, dataDir: '.' });
      const repos = await check.db.selectFrom('repos').select(['id', 'commit_count']).orderBy('id').execute();
      expect(repos).toEqual(
        winners
          .map((w) => ({ id: `local:by-${w.holder}`, commit_count: 2000 }))
          .sort((a, b) => (a.id < b.id ? -1 : 1)),
      );
      expect(await check.db.selectFrom('crawl_lock').selectAll().execute()).toEqual([]);
      await check.close();
    } finally {
      await cleanup();
    }
  });
});
