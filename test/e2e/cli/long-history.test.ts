// A repository with a history longer than two commit batches (50,000 commits, batches of 20,000) is crawled
// completely on its FIRST crawl, on SQLite and PostgreSQL. The batches before the final transaction used to
// be written before the repo's row existed: FOREIGN KEY constraint failed (git's own repo, 81,966 commits).

import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { tmpDir } from '../../helpers/gitdir.ts';
import { longHistoryRepo } from '../../helpers/long-history.ts';
import { storeState, storeUrl } from '../../helpers/store-state.ts';

const COMMITS = 50_000;
let root: string;

beforeAll(async () => {
  root = await tmpDir('agora-long-');
  await longHistoryRepo(join(root, 'org', 'big'), COMMITS);
}, 120_000);

describeEachDatabase('a first crawl of a 50,000-commit history', (db) => {
  it('stores every commit, the facts and the check results the first time', async () => {
    const dataDir = join(root, `data-${db.kind}`);
    const cli = (args: string[]) =>
      runCli(['--data-dir', dataDir, '--json', ...args], { cwd: root, env: db.env(), timeoutMs: 240_000 });
    const r = await cli(['crawl', 'org']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json.repos).toMatchObject({ new: 1, failed: 0, total: 1 });
    expect(r.json.commitsAdded).toBe(COMMITS);
    const show = await cli(['show', 'big']);
    expect(show.code).toBe(0);
    expect(show.json.commits.count).toBe(COMMITS);
    expect(show.json.findings).toEqual([]);
    const state = await storeState(storeUrl(dataDir, db.url()));
    expect(state.commits).toEqual([{ repo_id: 'org:big', n: COMMITS, shas: COMMITS }]);
    expect(state.commitDays).toEqual([{ repo_id: 'org:big', commits: COMMITS, days: expect.any(Number) }]);
    expect(state.readiness.map((r) => r.repo_id)).toEqual(['org:big']);
    expect(state.checks.length).toBeGreaterThan(0);
    const again = await cli(['crawl', 'org']);
    expect(again.json.repos).toMatchObject({ unchanged: 1, failed: 0 });
  }, 300_000);
});
