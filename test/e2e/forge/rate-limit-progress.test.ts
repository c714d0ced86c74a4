// A crawl that meets a forge's rate limit says so in its progress: phase 'waiting', the host and the time
// the limit resets; then it lists and crawls as usual.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { type CrawlProgress, runCrawl } from '../../../src/crawl/crawl.ts';
import { openStore } from '../../../src/store/db.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { gitdir, tmpDir } from '../../helpers/gitdir.ts';

let root: string;
let forge: ForgeServer;

beforeAll(async () => {
  root = await tmpDir('agora-forge-wait-');
  forge = await startForgeServer({ token: 'wait-token' });
  const a = await gitdir({ 'README.md': '# A\n' }, { dir: join(root, 'forge', 'a.git'), bare: true });
  forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'a', gitDir: a });
  await writeFile(
    join(root, 'agora.yaml'),
    `dataDir: data\nsources:\n  - type: github\n    url: ${forge.githubApi}\n    orgs: [acme]\n    tokenEnv: WAIT_TOKEN\n`,
  );
  process.env.WAIT_TOKEN = 'wait-token';
});
afterAll(async () => {
  delete process.env.WAIT_TOKEN;
  await forge?.close();
});

it('shows the wait for a rate limit, with its reset time, in the progress', async () => {
  const reset = Math.ceil(Date.now() / 1000) + 2;
  forge.faults.push({
    path: '/api/v3/',
    status: 403,
    headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    body: '{"message":"API rate limit exceeded"}',
  });
  const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
  const store = await openStore({
    url: `sqlite:${join(root, 'data', 'agora.db')}`,
    dataDir: join(root, 'data'),
  });
  const progress: CrawlProgress[] = [];
  try {
    const summary = await runCrawl({ loaded, store, onProgress: (p) => progress.push(p) });
    expect(summary.repos).toMatchObject({ new: 1, failed: 0 });
  } finally {
    await store.close();
  }
  const waits = progress.filter((p) => p.phase === 'waiting');
  expect(waits.length).toBeGreaterThan(0);
  expect(waits[0].wait).toMatchObject({ host: new URL(forge.base).host, reason: 'rate-limit' });
  expect(waits[0].wait?.until.getTime()).toBe(reset * 1000);
});
