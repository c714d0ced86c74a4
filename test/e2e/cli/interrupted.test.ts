// A crawl killed (SIGKILL) at random points and run again ends with the same facts AND the same standards
// results as a clean crawl, on SQLite and PostgreSQL: a repo's facts and its results are stored together or
// not at all, a long history half-appended is completed, nothing is lost or doubled, and the killed crawls
// are recorded 'interrupted' (never left 'running'). Two crawls at once on one database: the second refuses.

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.ts';
import { runCli, startCli } from '../../helpers/cli.ts';
import { createTempPgDatabase, describeEachDatabase } from '../../helpers/databases.ts';
import { makeRepo, tmpDir } from '../../helpers/gitdir.ts';
import { longHistoryRepo } from '../../helpers/long-history.ts';
import { storeState, storeUrl } from '../../helpers/store-state.ts';

const REPOS = 10;
const COMMITS = 300;
/**
 * Commits per batch (`AGORA_COMMIT_BATCH`, 20 000 by default), small so the long history need not be long: BIG is
 * more than two batches, so a kill can land between a batch and the repo's final transaction.
 */
const BATCH = 1_000;
const BIG = 6_000;
/** The environment of every crawl here. */
const ENV = { AGORA_COMMIT_BATCH: String(BATCH) };
const MIT =
  'MIT License\n\nCopyright (c) 2024 Acme\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n';

async function buildOrg(dir: string) {
  await longHistoryRepo(join(dir, 'big'), BIG);
  for (let r = 0; r < REPOS; r++) {
    // Repos differ in what the standards look at, so their results differ too.
    const docs: Record<string, string> = {};
    if (r % 2 === 0) docs['README.md'] = `# repo ${r}\n\nWhat repo ${r} does, in a sentence or two.\n`;
    if (r % 3 === 0) docs['CONTRIBUTING.md'] = '# Contributing\n\nOpen a pull request.\n';
    if (r % 4 === 0) docs.LICENSE = MIT;
    await makeRepo({
      dir: join(dir, `repo-${String(r).padStart(2, '0')}`),
      commits: Array.from({ length: COMMITS }, (_, i) => ({
        author: { name: `Dev ${i % 7}`, email: `dev${i % 7}@example.com` },
        files: { [`src/f${i % 13}.ts`]: `export const v = ${i};\n`, ...(i === 0 ? docs : {}) },
      })),
    });
  }
}

/** A small seeded PRNG: the kill points are random but the same on every run of the test. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

let root: string;
beforeAll(async () => {
  root = await tmpDir('agora-kill-');
  await buildOrg(join(root, 'org'));
}, 180_000);

describeEachDatabase('a crawl killed at random points', (db) => {
  it('and run again ends with the facts and standards results of a clean crawl', async () => {
    const random = prng(db.kind === 'sqlite' ? 9 : 15);
    // The clean reference, in a store of the same kind.
    const cleanDir = join(root, `clean-${db.kind}`);
    const cleanPg = db.kind === 'postgres' ? await createTempPgDatabase() : null;
    try {
      const clean = await runCli(['--data-dir', cleanDir, '--json', 'crawl', '--concurrency', '1', 'org'], {
        cwd: root,
        env: { ...ENV, DATABASE_URL: cleanPg?.url },
        timeoutMs: 240_000,
      });
      expect(clean.code).toBe(0);
      const expected = await storeState(storeUrl(cleanDir, cleanPg?.url));
      expect(expected.readiness).toHaveLength(REPOS + 1);

      const dataDir = join(root, `killed-${db.kind}`);
      const url = storeUrl(dataDir, db.url());
      const args = ['--data-dir', dataDir, 'crawl', '--concurrency', '1', 'org'];
      // 1: mid-history of the long repo (batches stored, no facts yet); 2 and 3: after a random number of
      // repos saved, plus a random delay (inside the next repo's git work or its transaction).
      const points: { what: string; ready: (s: Progress, savedBefore: number) => boolean }[] = [
        { what: 'mid-history', ready: (s) => s.bigCommits > 0 && !s.bigSaved },
        ...[0, 1].map(() => {
          const k = 1 + Math.floor(random() * 4);
          return {
            what: `${k} more repos saved`,
            ready: (s: Progress, before: number) => s.saved >= before + k,
          };
        }),
      ];
      let saved = 0;
      for (const point of points) {
        const base = saved;
        const child = startCli(args, { cwd: root, env: { ...ENV, ...db.env() } });
        const exited = new Promise((r) => child.on('close', r));
        const deadline = Date.now() + 120_000;
        for (;;) {
          const s = await progress(url);
          if (point.ready(s, base)) break;
          if (Date.now() > deadline) throw new Error(`the crawl never reached "${point.what}"`);
          await new Promise((r) => setTimeout(r, 10));
        }
        await new Promise((r) => setTimeout(r, Math.floor(random() * 60)));
        child.kill('SIGKILL');
        await exited;
        saved = (await progress(url)).saved;
      }
      expect(saved).toBeLessThan(REPOS + 1);

      const again = await runCli(['--data-dir', dataDir, '--json', 'crawl', 'org'], {
        cwd: root,
        env: { ...ENV, ...db.env() },
        timeoutMs: 240_000,
      });
      expect(again.stderr).toBe('');
      expect(again.code).toBe(0);
      expect(again.json.repos.unchanged).toBeGreaterThanOrEqual(saved);
      expect(again.json.repos.new + again.json.repos.changed + again.json.repos.unchanged).toBe(REPOS + 1);

      const actual = await storeState(url);
      expect(actual.repos).toEqual(expected.repos);
      expect(actual.commits).toEqual(expected.commits);
      expect(actual.commitDays).toEqual(expected.commitDays);
      expect(actual.findings).toEqual(expected.findings);
      expect(actual.readiness).toEqual(expected.readiness);
      expect(actual.checks).toEqual(expected.checks);

      // The killed crawls are recorded interrupted; none is left running.
      const crawls = await crawlStatuses(url);
      expect(crawls).toEqual(['interrupted', 'interrupted', 'interrupted', 'done']);
    } finally {
      await cleanPg?.drop();
    }
  }, 600_000);
});

interface Progress {
  /** Repos whose crawl is saved (facts stored). */
  saved: number;
  bigCommits: number;
  bigSaved: boolean;
}

async function progress(url: string): Promise<Progress> {
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore({ url, dataDir: '/nonexistent', migrate: false });
  } catch {
    return { saved: 0, bigCommits: 0, bigSaved: false };
  }
  try {
    const repos = await store.db.selectFrom('repos').select(['id', 'facts']).execute();
    const big = await store.db
      .selectFrom('commits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('repo_id', '=', 'org:big')
      .executeTakeFirst();
    return {
      saved: repos.filter((r) => r.facts !== null).length,
      bigCommits: Number(big?.n ?? 0),
      bigSaved: repos.some((r) => r.id === 'org:big' && r.facts !== null),
    };
  } catch {
    // Tables not created yet.
    return { saved: 0, bigCommits: 0, bigSaved: false };
  } finally {
    await store.close();
  }
}

async function crawlStatuses(url: string): Promise<string[]> {
  const store = await openStore({ url, dataDir: '/nonexistent', migrate: false });
  try {
    const rows = await store.db.selectFrom('crawls').select('status').orderBy('id').execute();
    return rows.map((r) => r.status);
  } finally {
    await store.close();
  }
}

function countRows(dbFile: string, query: string): number {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(query).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('concurrent crawls', () => {
  it('a second crawl on the same database refuses while the first runs', async () => {
    const dataDir = join(root, 'data-two');
    const dbFile = join(dataDir, 'agora.db');
    const first = startCli(['--data-dir', dataDir, 'crawl', '--concurrency', '1', 'org'], {
      cwd: root,
      env: ENV,
    });
    let firstErr = '';
    first.stderr.on('data', (d) => {
      firstErr += d;
    });
    const firstDone = new Promise<number | null>((r) => first.on('close', (code) => r(code)));
    const deadline = Date.now() + 60_000;
    while (countRows(dbFile, 'select count(*) as n from crawl_lock') < 1) {
      if (Date.now() > deadline) throw new Error('first crawl never took the lock');
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = await runCli(['--data-dir', dataDir, 'crawl', 'org'], { cwd: root, env: ENV });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/another crawl .* is running/);
    expect({ code: await firstDone, stderr: firstErr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(countRows(dbFile, 'select count(*) as n from commits')).toBe(REPOS * COMMITS + BIG);
  }, 240_000);
});
