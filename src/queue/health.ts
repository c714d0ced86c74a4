// The queue's line in GET /health: live workers, jobs queued, running and given up, the next scheduled crawl.
// Two cheap queries; null on SQLite.

import { resolve } from 'node:path';
import { sql } from 'kysely';
import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import { queueTarget } from './boss.ts';
import { nextRun } from './status.ts';
import { queueDb } from './waves.ts';
import { STALE_MS } from './worker.ts';

export async function queueHealth(store: Store, loaded: LoadedConfig) {
  if (store.dialect !== 'postgres') return null;
  const target = queueTarget(loaded, resolve(loaded.baseDir, loaded.config.dataDir));
  if (!target) return null;
  const staleBefore = new Date(Date.now() - STALE_MS).toISOString();
  const alive = await queueDb(store)
    .selectFrom('queue_workers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('heartbeat_at', '>=', staleBefore)
    .executeTakeFirstOrThrow();
  const counts = { queued: 0, running: 0, failed: 0 };
  try {
    const rows = await sql<{ state: string; n: number }>`
      select state::text as state, count(*)::int as n from ${sql.table(`${target.schema}.job`)}
      where name like 'agora-%' and state in ('created', 'retry', 'active', 'failed') group by state`.execute(
      store.db,
    );
    for (const r of rows.rows) {
      if (r.state === 'active') counts.running += Number(r.n);
      else if (r.state === 'failed') counts.failed += Number(r.n);
      else counts.queued += Number(r.n);
    }
  } catch {
    // The queue's schema does not exist yet: nothing was ever queued.
  }
  const schedule = loaded.config.crawl.schedule;
  return {
    workersAlive: Number(alive.n),
    ...counts,
    nextScheduledCrawl: schedule ? await nextRun(schedule, new Date()) : null,
  };
}
