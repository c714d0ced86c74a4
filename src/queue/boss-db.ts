// The connection pool pg-boss runs its statements on, ours rather than its own: pg-boss 10 completes and
// fails jobs without awaiting the promise (`Manager.watch`), so a statement that fails while PostgreSQL
// restarts is an unhandled rejection that kills the worker process — with every worker dead the crawl never
// finishes. Here a statement that meets an unavailable database (a restart, a dropped connection) waits
// and is tried again on a fresh connection, for up to RECONNECT_MS; pg-boss's statements are safe to repeat
// (completing or failing a job twice changes nothing; a job fetched twice is re-run by the reaper).

import pg from 'pg';
import { isStoreUnavailable } from '../crawl/store-errors.ts';

/** How long a statement waits for the database to come back before its error is passed on. */
export const RECONNECT_MS = 120_000;

export interface BossDb {
  /** pg's own answer, as pg-boss's built-in pool gives it. */
  // biome-ignore lint/suspicious/noExplicitAny: pg-boss's Db interface.
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  close(): Promise<void>;
}

export function bossPool(
  connectionString: string,
  max: number,
  onError: (err: Error) => void,
  reconnectMs = RECONNECT_MS,
): BossDb {
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 10_000,
    application_name: 'agora',
    allowExitOnIdle: true,
  });
  // An idle connection dropped by the server: the pool discards it; without a listener it would throw.
  pool.on('error', (err) => onError(err));
  pool.on('connect', (client) => client.on('error', () => {}));
  let closed = false;
  return {
    async executeSql(text, values) {
      const giveUpAt = Date.now() + reconnectMs;
      for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
        try {
          return await pool.query(text, values as unknown[]);
        } catch (err) {
          if (closed || !isStoreUnavailable(err) || Date.now() + delay > giveUpAt) throw err;
          onError(err as Error);
          await new Promise((r) => setTimeout(r, delay));
        }
      }
    },
    async close() {
      closed = true;
      await pool.end().catch(() => {});
    },
  };
}
