// The crawl queue of a PostgreSQL store, with real processes: three `agora worker`s crawl a fixture org while
// one is killed with SIGKILL mid-job, and the store ends row for row as a clean in-process crawl leaves it;
// a job that always fails (the disk "fills up" whenever that repo's commits are written) is retried, then
// given up and shown as the repo's finding by a second portal replica, which saw the crawl through NOTIFY;
// two workers with the same `crawl.schedule` start exactly one crawl. On SQLite there is no queue: `agora
// worker` refuses with exit 2 and `agora crawl` still crawls in-process.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../helpers/cli.ts';
import { createTempPgDatabase, pgUnavailableReason } from '../../helpers/databases.ts';
import { makeRepo, tmpDir } from '../../helpers/gitdir.ts';
import { longHistoryRepo } from '../../helpers/long-history.ts';
import { startServe } from '../../helpers/serve.ts';
import { storeState } from '../../helpers/store-state.ts';

const SMALL = 4;
// Every agora process of this file (they inherit the environment) beats every 500 ms: a killed worker's
// jobs are re-run after 2 s, not 12 (a late beat loses no repo job: its lock shows its worker alive).
const heartbeatBefore = process.env.AGORA_QUEUE_HEARTBEAT_MS;
process.env.AGORA_QUEUE_HEARTBEAT_MS = '500';
afterAll(() => {
  if (heartbeatBefore === undefined) delete process.env.AGORA_QUEUE_HEARTBEAT_MS;
  else process.env.AGORA_QUEUE_HEARTBEAT_MS = heartbeatBefore;
});
const MIT = 'MIT License\n\nCopyright (c) 2024 Acme\n\nPermission is hereby granted, free of charge\n';

let root: string;
beforeAll(async () => {
  root = await tmpDir('agora-queue-');
  // Built side by side (each is a few git processes).
  await Promise.all([
    // A long history keeps one job busy for seconds: the worker holding it is the one killed.
    longHistoryRepo(join(root, 'org', 'big'), 6_000),
    ...[0, 1, 2].map((r) =>
      makeRepo({
        dir: join(root, 'org2', `r${r}`),
        commits: [{ files: { 'README.md': `# r${r}\n\nWhat r${r} does.\n` } }],
      }),
    ),
    ...Array.from({ length: SMALL }, (_, r) => {
      const docs: Record<string, string> = {};
      if (r % 2 === 0) docs['README.md'] = `# repo ${r}\n\nWhat repo ${r} does.\n`;
      if (r % 3 === 0) docs.LICENSE = MIT;
      return makeRepo({
        dir: join(root, 'org', `repo-${String(r).padStart(2, '0')}`),
        commits: Array.from({ length: 30 }, (_, i) => ({
          author: { name: `Dev ${i % 4}`, email: `dev${i % 4}@example.com` },
          files: { [`src/f${i % 5}.ts`]: `export const v = ${i};\n`, ...(i === 0 ? docs : {}) },
        })),
      });
    }),
  ]);
  writeFileSync(join(root, 'agora.yaml'), 'crawl:\n  jobRetries: 1\n  jobRetryDelaySeconds: 1\n');
  writeFileSync(
    join(root, 'scheduled.yaml'),
    "sources:\n  - type: local\n    name: org\n    path: org\n    include: ['repo-00']\ncrawl:\n  schedule: '* * * * *'\n",
  );
}, 120_000);

describe('agora worker [sqlite]', () => {
  it('refuses without a PostgreSQL store; agora crawl crawls in-process', async () => {
    const dataDir = join(root, 'sqlite');
    const worker = await runCli(['--data-dir', dataDir, 'worker'], { cwd: root });
    expect(worker.code).toBe(2);
    expect(worker.stderr).toMatch(/needs a PostgreSQL store/);
    const crawl = await runCli(['--data-dir', dataDir, '--json', 'crawl', 'org/repo-00'], { cwd: root });
    expect(crawl.code).toBe(0);
    expect(crawl.json.repos.new).toBe(1);
  });
});

const pgReason = await pgUnavailableReason();
if (pgReason && process.env.CI !== 'true') {
  describe.skip(`the crawl queue [postgres] — skipped, because ${pgReason}`, () => {});
} else {
  describe('the crawl queue [postgres]', () => {
    const dbs: { url: string; drop: () => Promise<void> }[] = [];
    const children: ReturnType<typeof startCli>[] = [];
    const newDb = async () => {
      const db = await createTempPgDatabase();
      dbs.push(db);
      return db;
    };
    const worker = (url: string, args: string[] = [], poll = '0.5') => {
      const child = startCli([...args, 'worker', '--concurrency', '1', '--poll', poll], {
        cwd: root,
        env: { DATABASE_URL: url },
      });
      child.stdout.resume();
      child.stderr.resume();
      children.push(child);
      return child;
    };
    const query = async <T>(url: string, text: string, values: unknown[] = []): Promise<T[]> => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(text, values)).rows as T[];
      } finally {
        await c.end();
      }
    };
    let scheduled: { url: string } | null = null;

    beforeAll(async () => {
      if (pgReason) throw new Error(`CI=true but ${pgReason}`);
      // Two schedulers race from the start; the last test counts the crawls they started.
      scheduled = await newDb();
      worker(scheduled.url, ['--config', 'scheduled.yaml']);
      worker(scheduled.url, ['--config', 'scheduled.yaml']);
    });
    afterAll(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await Promise.all(
        children.map((c) =>
          c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('close', r)) : null,
        ),
      );
      for (const db of dbs) await db.drop().catch(() => {});
    });

    it.concurrent('three workers, one killed with SIGKILL mid-job: the store equals a clean in-process crawl', async () => {
      const [clean, db] = await Promise.all([newDb(), newDb()]);
      // The clean in-process crawl first (run beside the workers, a loaded machine put its README rendering
      // over its time budget: a finding the queued crawl did not have).
      const ref = await runCli(['--json', 'crawl', '--in-process', 'org'], {
        cwd: root,
        env: { DATABASE_URL: clean.url },
        timeoutMs: 120_000,
      });
      expect(ref.stderr).toBe('');
      expect(ref.code).toBe(0);
      const expected = await storeState(clean.url);

      const queued = await runCli(['--json', 'crawl', '--queue', 'org'], {
        cwd: root,
        env: { DATABASE_URL: db.url },
      });
      expect(queued.code).toBe(0);
      expect(queued.json).toMatchObject({ queued: true, joined: false });
      // `agora crawl --wait` joins the running crawl and reports it when the finishing job ran (started now:
      // a crawl of five repos can finish before a process started after the kill has joined it).
      const waiting = runCli(['--json', 'crawl', '--queue', '--wait', 'org'], {
        cwd: root,
        env: { DATABASE_URL: db.url },
        timeoutMs: 120_000,
      });
      const workers = [worker(db.url), worker(db.url), worker(db.url)];
      // Kill the worker that holds the long history's job, while it holds it.
      let victim: (typeof workers)[number] | undefined;
      const deadline = Date.now() + 90_000;
      while (!victim) {
        const rows = await query<{ worker_id: string }>(
          db.url,
          "select worker_id from queue_active where label = 'org:big'",
        ).catch(() => []);
        victim = workers.find((w) => rows.some((r) => r.worker_id.includes(`:${w.pid}:`)));
        if (Date.now() > deadline) throw new Error('no worker ever held the long job');
        if (!victim) await new Promise((r) => setTimeout(r, 20));
      }
      const killedAt = Date.now();
      victim.kill('SIGKILL');
      const waited = await waiting;
      expect(waited.code).toBe(0);
      expect(waited.json.crawlId).toBe(1);
      expect(waited.json.repos.total).toBe(SMALL + 1);
      expect(waited.json.repos.failed).toBe(0);
      // Re-run by another worker within a minute of the kill.
      expect(Date.now() - killedAt).toBeLessThan(60_000);
      const actual = await storeState(db.url);
      expect(actual.repos).toEqual(expected.repos);
      expect(actual.commits).toEqual(expected.commits);
      expect(actual.commitDays).toEqual(expected.commitDays);
      expect(actual.findings).toEqual(expected.findings);
      expect(actual.checks).toEqual(expected.checks);
      expect(actual.readiness).toEqual(expected.readiness);
      const crawls = await query<{ status: string }>(db.url, 'select status from crawls order by id');
      expect(crawls.map((c) => c.status)).toEqual(['done']);
      for (const w of workers) if (w !== victim) w.kill('SIGTERM');
    }, 150_000);

    it.concurrent('a job that always fails is given up and shown as a finding; a second replica sees the crawl', async () => {
      const db = await newDb();
      // Creates the store's tables, then makes writing repo-01's commits fail as a full disk would.
      expect((await runCli(['status'], { cwd: root, env: { DATABASE_URL: db.url } })).code).toBe(0);
      await query(
        db.url,
        `create function doomed() returns trigger language plpgsql as $$ begin
             if new.repo_id = 'org2:r1' then raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end if;
             return new; end $$;
           create trigger doomed before insert on commits for each row execute function doomed();`,
      );
      // The worker and both replicas start side by side.
      worker(db.url);
      const [a, b] = await Promise.all([
        startServe(root, { env: { DATABASE_URL: db.url } }),
        startServe(root, { env: { DATABASE_URL: db.url } }),
      ]);
      try {
        const crawl = await runCli(['--json', 'crawl', '--queue', '--wait', 'org2'], {
          cwd: root,
          env: { DATABASE_URL: db.url },
          timeoutMs: 120_000,
        });
        expect(crawl.code).toBe(1);
        expect(crawl.json.repos).toMatchObject({ new: 2, failed: 1 });
        expect(crawl.json.failed[0].id).toBe('org2:r1');
        expect(crawl.json.findingCodes).toContainEqual({
          code: 'CRAWL_JOB_FAILED',
          severity: 'error',
          repos: 1,
        });
        // Replicas A and B (started before the crawl, never asked to crawl) serve it within seconds.
        for (const served of [a, b]) {
          const deadline = Date.now() + 20_000;
          for (;;) {
            const res = await fetch(`${served.url}/api/v1/projects/${encodeURIComponent('org2:r0')}`);
            if (res.status === 200) break;
            if (Date.now() > deadline) throw new Error(`${served.url} never showed the crawl`);
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        // The given-up job: its finding on the repo, its error on the Crawls page's data.
        const findings = await query<{ code: string; message: string }>(
          db.url,
          "select code, message from findings where repo_id = 'org2:r1'",
        );
        expect(findings.map((f) => f.code)).toEqual(['CRAWL_JOB_FAILED']);
        // Never stored, it has no project: a search for it answers it flagged failed, with its error.
        const search = (await (await fetch(`${b.url}/api/v1/projects?q=r1`)).json()) as {
          notCrawled: { id: string; code: string; error: string }[];
        };
        expect(search.notCrawled).toEqual([
          expect.objectContaining({ id: 'org2:r1', code: 'CRAWL_JOB_FAILED' }),
        ]);
        expect(search.notCrawled[0].error).toMatch(/given up/);
        const queue = (await (await fetch(`${b.url}/api/v1/queue`)).json()) as { errors: unknown[] };
        expect(queue.errors[0]).toMatchObject({ repo: 'org2:r1', gaveUp: true, attempts: 2 });
        const status = await runCli(['--json', 'status'], { cwd: root, env: { DATABASE_URL: db.url } });
        expect(status.code).toBe(0);
        expect(status.json.queue.errors[0]).toMatchObject({ repo: 'org2:r1', gaveUp: true, attempts: 2 });
        expect(status.json.queue.errors[0].error).toMatch(/No space left|database became unavailable/);
        expect(status.json.notCrawled).toEqual([
          expect.objectContaining({ id: 'org2:r1', code: 'CRAWL_JOB_FAILED' }),
        ]);
      } finally {
        await a.stop();
        await b.stop();
      }
    }, 150_000);

    it.concurrent('a worker takes the next job when one ends, not at its next poll', async () => {
      // pg-boss sleeps out the polling interval after every fetch; with a 30 s poll, a worker that waited for it
      // between jobs would need minutes for this crawl's five jobs (listing, three repos, finishing).
      const db = await newDb();
      const crawl = runCli(['--json', 'crawl', '--queue', '--wait', 'org2'], {
        cwd: root,
        env: { DATABASE_URL: db.url },
        timeoutMs: 25_000,
      });
      // The worker starts once the listing job is queued, so its first fetch finds it.
      const deadline = Date.now() + 20_000;
      while (
        (
          await query<{ n: number }>(
            db.url,
            "select count(*)::int as n from agora_queue.job where name = 'agora-list'",
          ).catch(() => [{ n: 0 }])
        )[0].n === 0
      ) {
        if (Date.now() > deadline) throw new Error('the listing job was never queued');
        await new Promise((r) => setTimeout(r, 50));
      }
      worker(db.url, [], '30');
      const done = await crawl;
      expect(done.code).toBe(0);
      expect(done.json.repos).toMatchObject({ total: 3, new: 3, failed: 0 });
    }, 60_000);

    it.concurrent('two workers with the same crawl.schedule start exactly one crawl', async () => {
      const url = scheduled!.url;
      const deadline = Date.now() + 75_000;
      let first: { started_at: string } | undefined;
      while (!first) {
        [first] = await query<{ started_at: string }>(
          url,
          "select started_at from crawls where holder = 'schedule'",
        ).catch(() => []);
        if (Date.now() > deadline) throw new Error('the schedule never fired');
        if (!first) await new Promise((r) => setTimeout(r, 200));
      }
      // Both schedulers' clocks have seen this minute's slot once their cron monitors ran (every 5 s) after
      // the first crawl started.
      const since = Date.now() - Date.parse(first.started_at);
      await new Promise((r) => setTimeout(r, Math.max(0, 7_000 - since)));
      const minute = first.started_at.slice(0, 16);
      const crawls = await query<{ started_at: string }>(
        url,
        "select started_at from crawls where holder = 'schedule'",
      );
      expect(crawls.filter((c) => c.started_at.slice(0, 16) === minute)).toHaveLength(1);
    }, 90_000);
  });
}
