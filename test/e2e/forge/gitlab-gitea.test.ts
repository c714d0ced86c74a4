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
import { installItems } from '../../helpers/forge/items.ts';
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

  const collaborators = async () => {
    const store = await openStore({
      url: db.url() ?? `sqlite:${join(root, 'data', 'agora.db')}`,
      dataDir: root,
    });
    try {
      return await store.db.selectFrom('repo_collaborators').selectAll().orderBy('repo_id').execute();
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    root = await tmpDir('agora-forge-glgt-');
    forge = await startForgeServer({ token: MARKER });
    // Issues and merge/pull requests are read by default (none here: each listing is empty).
    installItems(forge);
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
      forks: 2,
      openIssues: 6,
      topics: ['go'],
      description: 'The API',
      createdAt: '2021-03-04T05:06:07Z',
      pushedAt: '2024-05-06T07:08:09Z',
    });
    forge.add({
      id: 12,
      forge: 'gitlab',
      owner: 'platform/tooling',
      name: 'tools',
      gitDir: tools,
      visibility: 'private',
      // Members with Reporter access or more read a private project; a Guest does not.
      collaborators: ['Gus', 'guest:hana'],
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
      forks: 3,
      topics: ['web'],
      description: 'The site',
      visibility: 'private',
      collaborators: ['ivy'],
      createdAt: '2022-01-02T03:04:05Z',
      pushedAt: '2024-06-07T08:09:10Z',
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
    // Every forge fact the listing gives is stored (GitLab has no watchers count).
    expect(byId.get('gitlab:platform/api')).toMatchObject({
      full_name: 'platform/api',
      description: 'The API',
      default_branch: 'main',
      owner_avatar: `${forge.base}/avatars/platform.png`,
      forge_created_at: '2021-03-04T05:06:07Z',
      pushed_at: '2024-05-06T07:08:09Z',
      fork: 0,
      archived: 0,
    });
    expect(JSON.parse(byId.get('gitlab:platform/api')!.topics)).toEqual(['go']);
    expect(Number(byId.get('gitlab:platform/api')?.forks)).toBe(2);
    expect(Number(byId.get('gitlab:platform/api')?.open_issues)).toBe(6);
    expect(byId.get('gitlab:platform/api')?.watchers).toBeNull();
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
    expect(byId.get('gitea:acme/site')).toMatchObject({
      full_name: 'acme/site',
      description: 'The site',
      default_branch: 'main',
      visibility: 'private',
      org: 'acme',
      owner_avatar: `${forge.giteaUrl}/avatars/acme`,
      forge_created_at: '2022-01-02T03:04:05Z',
      pushed_at: '2024-06-07T08:09:10Z',
      fork: 0,
      archived: 0,
    });
    expect(JSON.parse(byId.get('gitea:acme/site')!.topics)).toEqual(['web']);
    expect(Number(byId.get('gitea:acme/site')?.stars)).toBe(2);
    expect(Number(byId.get('gitea:acme/site')?.forks)).toBe(3);
    expect(Number(byId.get('gitea:acme/site')?.watchers)).toBe(4);
    expect(Number(byId.get('gitea:acme/site')?.open_issues)).toBe(1);
    expect(Number(byId.get('gitea:acme/site')?.commit_count)).toBe(1);
    // The private repos' collaborators, as the portal matches them to signed-in people's forge logins.
    expect(await collaborators()).toEqual([
      { repo_id: 'gitea:acme/site', login: 'ivy' },
      { repo_id: 'gitlab:platform/tooling/tools', login: 'gus' },
    ]);
  });

  it('re-crawls without a change with 304s and no git', async () => {
    forge.requests.length = 0;
    const r = await cli(['crawl']);
    expect(r.json.repos).toMatchObject({ unchanged: 4, new: 0, changed: 0, failed: 0 });
    expect(forge.requests.filter((q) => q.kind === 'git')).toEqual([]);
    const api = forge.requests.filter((q) => q.kind === 'api');
    // Two listings (one per forge), per repo two conditional item listings (issues; merge/pull requests),
    // and per private repo its collaborators: 304s all.
    expect(api.length).toBe(2 + 4 * 2 + 2);
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

  it('exports the forge facts: Backstage slug and source location, SAP portal counts and owner', async () => {
    const run = async (format: string) => {
      const r = await runCli(['export', '--format', format], { cwd: root, env: db.env() });
      outputs.push(r.stdout, r.stderr);
      expect(r.code).toBe(0);
      return r.stdout;
    };
    const backstage = await run('backstage');
    expect(backstage).toContain('gitlab.com/project-slug: platform/api');
    expect(backstage).toContain(`backstage.io/source-location: url:${forge.gitlabUrl}/platform/api/`);
    expect(backstage).toContain(`backstage.io/source-location: url:${forge.giteaUrl}/acme/site/`);
    const sap = JSON.parse(await run('sap-portal')) as Record<string, unknown>[];
    expect(sap.find((r) => r.full_name === 'acme/site')).toMatchObject({
      html_url: `${forge.giteaUrl}/acme/site`,
      stargazers_count: 2,
      forks_count: 3,
      watchers_count: 4,
      open_issues_count: 1,
      owner: { login: 'acme', avatar_url: `${forge.giteaUrl}/avatars/acme` },
    });
    expect(sap.find((r) => r.full_name === 'platform/api')).toMatchObject({
      html_url: `${forge.gitlabUrl}/platform/api`,
      stargazers_count: 5,
      owner: { login: 'platform', avatar_url: `${forge.base}/avatars/platform.png` },
    });
  });

  it('keeps the token out of the store and the output', async () => {
    expect(outputs.join('\n')).not.toContain(MARKER);
    expect(await storeDump(root, db)).not.toContain(MARKER);
  });
});
