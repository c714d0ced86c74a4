// Locks that must outlive no process: PostgreSQL session advisory locks, each held on a connection of its own
// for as long as a job runs, so a worker killed with SIGKILL releases them the moment its connections drop.
// One repo is crawled by one job at a time anywhere; a forge host has at most `crawl.hostConcurrency` jobs
// at once across every worker (the shared rate limit of N workers).

import pg from 'pg';

export interface HeldLock {
  release(): Promise<void>;
}

export class JobLocks {
  private readonly pool: pg.Pool;

  constructor(connectionString: string, max: number) {
    this.pool = new pg.Pool({
      connectionString,
      max,
      connectionTimeoutMillis: 10_000,
      application_name: 'agora-locks',
    });
    this.pool.on('error', () => {});
    this.pool.on('connect', (client) => client.on('error', () => {}));
  }

  /**
   * Waits until this job may crawl `repoId` (no other job on it) and, for a remote repo, holds one of
   * `hostSlots` slots of its host; polls every `pollMs` while another worker holds them.
   */
  async acquire(
    repoId: string,
    host: string | null,
    hostSlots: number,
    signal?: AbortSignal,
    pollMs = 500,
  ): Promise<HeldLock> {
    const client = await this.pool.connect();
    const keys: [string, number][] = [];
    try {
      for (;;) {
        signal?.throwIfAborted();
        const got = await client.query<{ ok: boolean }>(
          "select pg_try_advisory_lock(hashtext('agora-repo'), hashtext($1)) as ok",
          [repoId],
        );
        if (got.rows[0].ok) break;
        await sleep(pollMs);
      }
      keys.push(['agora-repo', -1]);
      if (host) {
        for (;;) {
          signal?.throwIfAborted();
          let slot = -1;
          for (let i = 0; i < hostSlots && slot < 0; i++) {
            const got = await client.query<{ ok: boolean }>(
              'select pg_try_advisory_lock(hashtext($1), $2) as ok',
              [`agora-host:${host}`, i],
            );
            if (got.rows[0].ok) slot = i;
          }
          if (slot >= 0) break;
          await sleep(pollMs);
        }
      }
    } catch (err) {
      // Session locks go with the connection: drop it rather than unlock one by one.
      client.release(true);
      throw err;
    }
    return {
      async release() {
        try {
          await client.query('select pg_advisory_unlock_all()');
          client.release();
        } catch {
          client.release(true);
        }
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => {});
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
