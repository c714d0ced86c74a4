// `agora crawl` with a gitlab and a gitea source against the test forge, end to end on both stores: groups
// with subgroups and organisations listed, repos mirrored with the token over smart HTTP, forge facts stored,
// and a no-change re-crawl that asks conditionally and runs no git.

import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { type DatabaseUnderTest, describeEachDatabase } from '../../helpers/databases.ts';
import { storeDump } from '../../helpers/forge/leaks.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { gitdir, tmpDir } from '../../helpers/gitdir.ts';

const MARKER = `agoraGLGTmarker${Math.random().toString(36).slice(2, 12)}`;

describeEachDatabase('crawl of gitlab and gitea sources', (db: DatabaseUnderTest) => {
  let root: string;
  let forge: ForgeServer;
  const outputs: string[] = [];
  const cli = async (args: string[]) => {
    const r = await runCli(['--json', ...args], {
      cwd: root,
      env: { ...db.env(), GITLAB_TOKEN: MARKER, GITEA_TOKEN: MARKER },
    });
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  const rows = async () => {
    const store = await openStore({
      url: db.url() ?? `sqlite:${join(root, 'data', 'agora.db')}`,
      dataDir: root,
    });
    try {
      return await store.db.selectFrom('repos').selectAll().orderBy('id').execute();
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    root = await tmpDir('agora-forge-glgt-');
    forge = await startForgeServer({ token: MARKER });
    const bare = (name: string, files: Record<string, string>) =>
      gitdir(files, { dir: join(root, 'forge', `${name}.git`), bare: true });
    const api = await bare('api', {
      'README.md': '# API\n',
      'go.mod': 'module example.com/api\n\ngo 1.22\n',
    });
    const tools = await bare('tools', { 'README.md': '# Tools\n' });
    const site = await bare('site', { 'README.md': '# Site\n', 'CONTRIBUTING.md': '# Contributing\n' });
    const empty = join(root, 'forge', 'empty.git');
    execFileSync('git', ['init', '--quiet', '--bare', empty]);
    forge.add({
      id: 11,
      forge: 'gitlab',
      owner: 'platform',
      name: 'api',
      gitDir: api,
      stars: 5,
      topics: ['go'],
    });
    forge.add({
      id: 12,
      forge: 'gitlab',
      owner: 'platform/tooling',
      name: 'tools',
      gitDir: tools,
      visibility: 'private',
    });
    forge.add({ id: 13, forge: 'gitlab', owner: 'platform', name: 'attic', gitDir: tools, archived: true });
    forge.add({ id: 14, forge: 'gitlab', owner: 'other', name: 'elsewhere', gitDir: tools });
    forge.add({
      id: 21,
      forge: 'gitea',
      owner: 'acme',
      name: 'site',
      gitDir: site,
      stars: 2,
      watchers: 4,
      openIssues: 1,
    });
    forge.add({ id: 22, forge: 'gitea', owner: 'acme', name: 'empty', gitDir: empty, empty: true });
    forge.add({ id: 23, forge: 'gitea', owner: 'acme', name: 'fork', gitDir: site, fork: true });
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - type: gitlab',
        `    url: ${forge.gitlabUrl}`,
        '    groups: [platform]',
        '    tokenEnv: GITLAB_TOKEN',
        '    timeoutSeconds: 1',
        '  - type: gitea',
        `    url: ${forge.giteaUrl}`,
        '    orgs: [acme]',
        '    tokenEnv: GITEA_TOKEN',
        '',
      ].join('\n'),
    );
  });

  afterAll(() => forge?.close());

  it('lists subgroups and organisations, mirrors with the token, stores the forge facts', async () => {
    const r = await cli(['crawl']);
    expect(r.json.repos).toMatchObject({ new: 4, failed: 0, total: 4 });
    expect(forge.unexpected).toEqual([]);
    const byId = new Map((await rows()).map((x) => [x.id, x]));
    expect([...byId.keys()].sort()).toEqual([
      'gitea:acme/empty',
      'gitea:acme/site',
      'gitlab:platform/api',
      'gitlab:platform/tooling/tools',
    ]);
    expect(byId.get('gitlab:platform/api')).toMatchObject({
      forge_type: 'gitlab',
      forge_id: '11',
      web_url: `${forge.gitlabUrl}/platform/api`,
      visibility: 'internal',
      org: 'platform',
      status: 'active',
    });
    expect(Number(byId.get('gitlab:platform/api')?.stars)).toBe(5);
    expect(Number(byId.get('gitlab:platform/api')?.commit_count)).toBe(1);
    expect(byId.get('gitlab:platform/tooling/tools')).toMatchObject({
      visibility: 'private',
      org: 'platform/tooling',
    });
    expect(byId.get('gitea:acme/site')).toMatchObject({
      forge_type: 'gitea',
      forge_id: '21',
      web_url: `${forge.giteaUrl}/acme/site`,
    });
    expect(Number(byId.get('gitea:acme/site')?.watchers)).toBe(4);
    expect(Number(byId.get('gitea:acme/site')?.open_issues)).toBe(1);
    expect(Number(byId.get('gitea:acme/site')?.commit_count)).toBe(1);
  });

  it('re-crawls without a change with 304s and no git', async () => {
    forge.requests.length = 0;
    const r = await cli(['crawl']);
    expect(r.json.repos).toMatchObject({ unchanged: 4, new: 0, changed: 0, failed: 0 });
    expect(forge.requests.filter((q) => q.kind === 'git')).toEqual([]);
    const api = forge.requests.filter((q) => q.kind === 'api');
    expect(api.length).toBe(2);
    expect(api.every((q) => q.status === 304)).toBe(true);
  });

  it('goes on when one forge never answers and another fails once: findings, nothing gone or lost', async () => {
    const before = await rows();
    forge.faults.push(
      { path: '/gitlab/api/v4/', hang: true, times: 10 },
      { path: '/gitea/api/v1/', status: 502 },
    );
    const r = await cli(['crawl']);
    forge.faults.length = 0;
    expect(r.code).toBe(1);
    expect(r.json.repos).toMatchObject({ unchanged: 2, gone: 0, failed: 0 });
    const codes = r.json.problems.map((p: { code: string }) => p.code);
    expect(codes).toContain('FORGE_UNAVAILABLE');
    expect(codes).toContain('SOURCE_FAILED');
    const strip = (xs: typeof before) => xs.map(({ last_crawled_at: _l, ...rest }) => rest);
    expect(strip(await rows())).toEqual(strip(before));
  });

  it('keeps the token out of the store and the output', async () => {
    expect(outputs.join('\n')).not.toContain(MARKER);
    expect(await storeDump(root, db)).not.toContain(MARKER);
  });
});
