// Two sources on one forge host with different tokens (fine-grained tokens are per organisation): each
// source's repos are cloned with its own token.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { gitdir, tmpDir } from '../../helpers/gitdir.ts';

let root: string;
let forge: ForgeServer;

beforeAll(async () => {
  root = await tmpDir('agora-forge-two-tokens-');
  forge = await startForgeServer({ token: 'token-for-acme' });
  const a = await gitdir({ 'README.md': '# A\n' }, { dir: join(root, 'forge', 'a.git'), bare: true });
  const b = await gitdir({ 'README.md': '# B\n' }, { dir: join(root, 'forge', 'b.git'), bare: true });
  forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'a', gitDir: a });
  forge.add({ id: 2, forge: 'github', owner: 'solo', name: 'b', gitDir: b, token: 'token-for-solo' });
  await writeFile(
    join(root, 'agora.yaml'),
    [
      'dataDir: data',
      'sources:',
      '  - type: github',
      '    name: acme',
      `    url: ${forge.githubApi}`,
      '    orgs: [acme]',
      '    tokenEnv: ACME_TOKEN',
      '  - type: github',
      '    name: solo',
      `    url: ${forge.githubApi}`,
      '    orgs: [solo]',
      '    tokenEnv: SOLO_TOKEN',
      '',
    ].join('\n'),
  );
});
afterAll(() => forge?.close());

it('clones each source with its own token', async () => {
  const r = await runCli(['--json', 'crawl'], {
    cwd: root,
    env: { ACME_TOKEN: 'token-for-acme', SOLO_TOKEN: 'token-for-solo' },
  });
  expect(r.json.failed).toEqual([]);
  expect(r.json.repos).toMatchObject({ new: 2, failed: 0 });
});
