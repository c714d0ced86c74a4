// A crawl killed mid-way and run again loses nothing and doubles nothing; two crawls at once on one
// database do not corrupt it (the second refuses with a clear message).

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../helpers/cli.ts';
import { makeRepo, tmpDir } from '../../helpers/gitdir.ts';

const REPOS = 24;
const COMMITS = 400;

async function buildOrg(dir: string) {
  for (let r = 0; r < REPOS; r++) {
    await makeRepo({
      dir: join(dir, `repo-${String(r).padStart(2, '0')}`),
      commits: Array.from({ length: COMMITS }, (_, i) => ({
        author: { name: `Dev ${i % 7}`, email: `dev${i % 7}@example.com` },
        files: { [`src/f${i % 13}.ts`]: `export const v = ${i};\n` },
      })),
    });
  }
}

function countRows(dbFile: string, sql: string): number {
  try {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('interrupted and concurrent crawls', () => {
  let root: string;
  beforeAll(async () => {
    root = await tmpDir('agora-kill-');
    await buildOrg(join(root, 'org'));
  }, 120_000);

  it('a crawl killed mid-way and run again loses nothing and doubles nothing', async () => {
    const dataDir = join(root, 'data-kill');
    const dbFile = join(dataDir, 'agora.db');
    const child = startCli(['--data-dir', dataDir, 'crawl', '--concurrency', '1', 'org'], { cwd: root });
    const exited = new Promise((r) => child.on('close', r));
    const deadline = Date.now() + 60_000;
    while (countRows(dbFile, 'select count(*) as n from repos where head_sha is not null') < 3) {
      if (Date.now() > deadline) throw new Error('crawl made no progress');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const partial = countRows(dbFile, 'select count(*) as n from repos where head_sha is not null');
    expect(partial).toBeLessThan(REPOS);

    const again = await runCli(['--data-dir', dataDir, '--json', 'crawl', 'org'], { cwd: root });
    expect(again.code).toBe(0);
    expect(again.json.repos.unchanged).toBeGreaterThanOrEqual(partial);
    expect(again.json.repos.new + again.json.repos.unchanged + again.json.repos.changed).toBe(REPOS);
    expect(countRows(dbFile, 'select count(*) as n from commits')).toBe(REPOS * COMMITS);
    expect(countRows(dbFile, 'select count(distinct repo_id || sha) as n from commits')).toBe(
      REPOS * COMMITS,
    );
    expect(countRows(dbFile, `select count(*) as n from repos where commit_count = ${COMMITS}`)).toBe(REPOS);
  });

  it('a second crawl on the same database refuses while the first runs', async () => {
    const dataDir = join(root, 'data-two');
    const dbFile = join(dataDir, 'agora.db');
    const first = startCli(['--data-dir', dataDir, 'crawl', '--concurrency', '1', 'org'], { cwd: root });
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
    const second = await runCli(['--data-dir', dataDir, 'crawl', 'org'], { cwd: root });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/another crawl .* is running/);
    expect({ code: await firstDone, stderr: firstErr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(countRows(dbFile, 'select count(*) as n from commits')).toBe(REPOS * COMMITS);
  });
});
