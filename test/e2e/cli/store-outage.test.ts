// PostgreSQL going away mid-crawl (a throw-away cluster stopped with `pg_ctl stop -m immediate`): the crawl
// ends as a clean STORE_FAILED with exit 1 (no unhandled 'error' event, no stack trace, no repo blamed), and
// once the server is back its crawl row is not left 'running': the next crawl records it 'interrupted'.
// Needs PostgreSQL's server binaries (initdb, pg_ctl); without them the test is skipped, except under CI.

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../../src/crawl/store-errors.ts';
import { openStore } from '../../../src/store/db.ts';
import { runCli, startCli } from '../../helpers/cli.ts';
import { makeRepo, tmpDir } from '../../helpers/gitdir.ts';
import { longHistoryRepo } from '../../helpers/long-history.ts';

function findPgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  for (const version of readdirSync(base).sort().reverse()) {
    const bin = join(base, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

const bin = findPgBin();
const reason = bin ? null : 'initdb and pg_ctl were not found under /usr/lib/postgresql/*/bin';

if (reason && process.env.CI !== 'true') {
  describe.skip(`a database outage mid-crawl — skipped, because ${reason}`, () => {});
} else {
  describe('a database outage mid-crawl', () => {
    let dir: string;
    let pgData: string;
    const port = 21000 + Math.floor(Math.random() * 20000);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    // initdb refuses to run as root: the cluster belongs to the `postgres` user then.
    const asOwner = (cmd: string, args: string[]) => {
      const root = process.getuid?.() === 0;
      return execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    };
    const pgCtl = (...args: string[]) => asOwner(join(bin!, 'pg_ctl'), ['-D', pgData, ...args]);
    const start = () =>
      pgCtl(
        '-w',
        '-l',
        join(pgData, 'log'),
        '-o',
        `-p ${port} -k ${pgData} -c listen_addresses=127.0.0.1`,
        'start',
      );

    beforeAll(async () => {
      if (reason) throw new Error(`CI=true but ${reason}`);
      dir = await tmpDir('agora-outage-');
      pgData = join(dir, 'pg');
      execFileSync('mkdir', [pgData]);
      if (process.getuid?.() === 0) {
        const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
        const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
        chownSync(pgData, uid, gid);
        chmodSync(dir, 0o755);
      }
      asOwner(join(bin!, 'initdb'), ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync']);
      start();
      // A long history keeps the crawl busy for seconds; small repos after it.
      await longHistoryRepo(join(dir, 'org', 'big'), 45_000);
      for (let r = 0; r < 3; r++) {
        await makeRepo({ dir: join(dir, 'org', `small-${r}`), commits: [{ files: { 'a.txt': `${r}\n` } }] });
      }
    }, 180_000);

    afterAll(() => {
      try {
        if (pgData) pgCtl('-m', 'immediate', 'stop');
      } catch {
        // Already stopped.
      }
    });

    async function query<T>(text: string): Promise<T[]> {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
      client.on('error', () => {});
      await client.connect();
      try {
        return (await client.query(text)).rows as T[];
      } finally {
        await client.end();
      }
    }

    it('ends the crawl with STORE_FAILED and exit 1; the next crawl records it interrupted', async () => {
      const child = startCli(['--data-dir', join(dir, 'data'), 'crawl', '--concurrency', '1', 'org'], {
        cwd: dir,
        env: { DATABASE_URL: url },
      });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      // Wait until the crawl is storing the long history's batches, then take the server down under it.
      const deadline = Date.now() + 120_000;
      for (;;) {
        const rows = await query<{ n: number }>('select count(*)::int as n from commits').catch(() => [
          { n: 0 },
        ]);
        if (rows[0].n > 0) break;
        if (Date.now() > deadline) throw new Error(`the crawl never stored a commit: ${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      pgCtl('-m', 'immediate', 'stop');
      const code = await exited;
      expect({ code, stderr }).toEqual({
        code: 1,
        stderr: expect.stringMatching(/^agora: the database became unavailable during the crawl: .+\n$/),
      });
      expect(stderr).not.toMatch(/\n\s+at |Unhandled|node:events/);

      start();
      const [row] = await query<{ status: string }>('select status from crawls order by id');
      expect(row.status).toBe('running');
      const again = await runCli(['--data-dir', join(dir, 'data'), '--json', 'crawl', 'org'], {
        cwd: dir,
        env: { DATABASE_URL: url },
        timeoutMs: 240_000,
      });
      expect(again.code).toBe(0);
      expect(again.json.repos).toMatchObject({ failed: 0, total: 4 });
      const statuses = await query<{ status: string }>('select status from crawls order by id');
      expect(statuses.map((s) => s.status)).toEqual(['interrupted', 'done']);
      const [{ n }] = await query<{ n: number }>(
        "select count(*)::int as n from commits where repo_id = 'org:big'",
      );
      expect(n).toBe(45_000);
    }, 300_000);

    it('a connection lost inside a transaction, between two statements, is an error of the next statement', async () => {
      const store = await openStore({ url, dataDir: dir });
      try {
        const outcome = await store.db
          .transaction()
          .execute(async (trx) => {
            await trx.selectFrom('repos').select('id').execute();
            // The server goes away while this process holds the connection idle (as a crawl does while it
            // evaluates a repo's standards): no unhandled 'error' event may crash the process.
            pgCtl('-m', 'immediate', 'stop');
            await new Promise((r) => setTimeout(r, 500));
            await trx.selectFrom('repos').select('id').execute();
            return 'no error';
          })
          .catch((err: unknown) => err);
        expect(isStoreUnavailable(outcome)).toBe(true);
      } finally {
        start();
        await store.close();
      }
    }, 60_000);
  });
}
