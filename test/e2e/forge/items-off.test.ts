// `items: false` on a forge source: its repos are listed, cloned and stored as always, but no issue or pull
// request is asked of the forge (the test forge counts every request) and none is stored.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { installItems } from '../../helpers/forge/items.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { gitdir, tmpDir } from '../../helpers/gitdir.ts';

const TOKEN = 'agora-items-off-token';
let root: string;
let forge: ForgeServer;

beforeAll(async () => {
  root = await tmpDir('agora-items-off-');
  forge = await startForgeServer({ token: TOKEN });
  const dir = await gitdir({ 'README.md': '# Pay\n' }, { dir: join(root, 'forge', 'pay.git'), bare: true });
  forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'pay', gitDir: dir });
  // The forge has items to give: an issue with a comment and a PR.
  const items = installItems(forge);
  const issue = items.item({
    repo: 1,
    kind: 'issue',
    number: 1,
    title: 'i',
    author: 'ann',
    createdAt: '2025-01-01T00:00:00Z',
  });
  items.event(issue, { type: 'comment', author: 'bo', at: '2025-01-02T00:00:00Z' });
  items.item({ repo: 1, kind: 'pr', number: 2, title: 'p', author: 'bo', createdAt: '2025-01-03T00:00:00Z' });
  await writeFile(
    join(root, 'agora.yaml'),
    [
      'dataDir: data',
      'sources:',
      '  - type: github',
      `    url: ${forge.githubApi}`,
      '    orgs: [acme]',
      '    tokenEnv: ITEMS_OFF_TOKEN',
      '    items: false',
      '',
    ].join('\n'),
  );
});
afterAll(() => forge?.close());

it('crawls the repos and asks the forge for no issue or pull request', async () => {
  const crawl = await runCli(['--json', 'crawl'], { cwd: root, env: { ITEMS_OFF_TOKEN: TOKEN } });
  expect(crawl.json.repos).toMatchObject({ new: 1, failed: 0 });
  const api = forge.requests.filter((r) => r.kind === 'api').map((r) => new URL(r.url, forge.base).pathname);
  // The org listing only: no /issues, /pulls, comments, reviews or commit-login listing.
  expect(api).toEqual(['/api/v3/orgs/acme/repos']);
  expect(forge.requests.some((r) => r.kind === 'git')).toBe(true);
  const store = await openStore({ url: `sqlite:${join(root, 'data', 'agora.db')}`, dataDir: root });
  try {
    expect(await store.db.selectFrom('repos').select('id').execute()).toEqual([{ id: 'github:acme/pay' }]);
    expect(await store.db.selectFrom('forge_items').select('number').execute()).toEqual([]);
  } finally {
    await store.close();
  }
});
