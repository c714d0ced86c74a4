// PostgreSQL itself restarted (`pg_ctl stop -m immediate`, then start) while two `agora worker`s crawl
// through the queue: the workers reconnect, jobs cut short are run again, and the crawl ends with the store
// a clean in-process crawl leaves. A throw-away cluster on its own port, never the shared server; without
// the server binaries the test is skipped, except under CI.

import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../helpers/cli.ts';
import { makeRepo, tmpDir } from '../../helpers/gitdir.ts';
import { longHistoryRepo } from '../../helpers/long-history.ts';
import { findPgBin, type PgCluster, startPgCluster } from '../../helpers/pg-cluster.ts';
import { storeState } from '../../helpers/store-state.ts';

const bin = findPgBin();
// Every agora process of this file (they inherit the environment) beats every 750 ms: a killed worker's
// jobs are re-run after 3 s, not 12.
const heartbeatBefore = process.env.AGORA_QUEUE_HEARTBEAT_MS;
process.env.AGORA_QUEUE_HEARTBEAT_MS = '750';
afterAll(() => {
  if (heartbeatBefore === undefined) delete process.env.AGORA_QUEUE_HEARTBEAT_MS;
  else process.env.AGORA_QUEUE_HEARTBEAT_MS = heartbeatBefore;
});
const reason = bin ? null : 'initdb and pg_ctl were not found under /usr/lib/postgresql/*/bin';

if (reason && process.env.CI !== 'true') {
  describe.skip(`workers across a database restart — skipped, because ${reason}`, () => {});
} else {
  describe('workers across a database restart', () => {
    let dir: string;
    let cluster: PgCluster;
    const children: ReturnType<typeof startCli>[] = [];

    beforeAll(async () => {
      if (reason) throw new Error(`CI=true but ${reason}`);
      dir = await tmpDir('agora-pg-restart-');
      cluster = startPgCluster(bin!, dir);
      await longHistoryRepo(join(dir, 'org', 'big'), 6_000);
      for (let r = 0; r < 3; r++) {
        await makeRepo({
          dir: join(dir, 'org', `small-${r}`),
          commits: [{ files: { 'README.md': `# ${r}\n` } }],
        });
      }
      const admin = new pg.Client({ connectionString: cluster.url() });
      await admin.connect();
      await admin.query('create database clean');
      await admin.query('create database queued');
      await admin.end();
    }, 120_000);

    afterAll(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      cluster?.stop();
    });

    it('reconnects, re-runs the jobs cut short, and ends equal to a clean crawl', async () => {
      const env = { DATABASE_URL: cluster.url('queued') };
      const clean = await runCli(['--json', 'crawl', '--in-process', 'org'], {
        cwd: dir,
        env: { DATABASE_URL: cluster.url('clean') },
      });
      expect(clean.code).toBe(0);
      expect((await runCli(['crawl', '--queue', 'org'], { cwd: dir, env })).code).toBe(0);
      for (let i = 0; i < 2; i++) {
        const w = startCli(['worker', '--concurrency', '1', '--poll', '0.5'], { cwd: dir, env });
        w.stdout.resume();
        w.stderr.resume();
        children.push(w);
      }
      // Restart the server while a worker holds the long history's job.
      const deadline = Date.now() + 90_000;
      for (;;) {
        const c = new pg.Client({ connectionString: env.DATABASE_URL });
        c.on('error', () => {});
        const held = await c
          .connect()
          .then(() => c.query("select 1 from queue_active where label = 'org:big'"))
          .then((r) => r.rowCount! > 0)
          .catch(() => false)
          .finally(() => c.end().catch(() => {}));
        if (held) break;
        if (Date.now() > deadline) throw new Error('no worker ever held the long job');
        await new Promise((r) => setTimeout(r, 20));
      }
      // Down for a few seconds: jobs end (done or failed) while there is no server to record it in. pg-boss 10
      // records that without awaiting it, which killed the worker before boss-db.ts retried its statements.
      cluster.restart(3_000);
      const waited = await runCli(['--json', 'crawl', '--wait', 'org'], {
        cwd: dir,
        env,
        timeoutMs: 150_000,
      });
      expect(waited.code).toBe(0);
      // Both workers lived through it (one alone would have finished the crawl).
      expect(children.map((c) => c.exitCode ?? c.signalCode)).toEqual([null, null]);
      expect(waited.json.repos).toMatchObject({ total: 4, failed: 0 });
      const expected = await storeState(cluster.url('clean'));
      const actual = await storeState(cluster.url('queued'));
      expect(actual.repos).toEqual(expected.repos);
      expect(actual.commits).toEqual(expected.commits);
      expect(actual.commitDays).toEqual(expected.commitDays);
      expect(actual.findings).toEqual(expected.findings);
      expect(actual.checks).toEqual(expected.checks);
    }, 180_000);
  });
}
