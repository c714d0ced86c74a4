// `agora campaign run` against the test forge on both stores: the fix opened as a pull request (GitHub,
// GitLab merge request, Gitea) with the files `agora fix` writes, on a branch beside a protected default
// branch, from a fork when the token may only fork; a file that appeared on the default branch since the
// crawl is never overwritten; a declined pull request is shown as declined and not reopened; a second run
// opens nothing; --dry-run lists every pull request it would open and opens none.

import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.ts';
import { campaignStatus } from '../../../src/program/campaigns.ts';
import { openStore } from '../../../src/store/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { type DatabaseUnderTest, describeEachDatabase } from '../../helpers/databases.ts';
import { type ForgePulls, installPulls, protectBranch } from '../../helpers/forge/pulls.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { addCommits, gitdir, tmpDir } from '../../helpers/gitdir.ts';

const TOKEN = `agoraCampaignTok${Math.random().toString(36).slice(2, 10)}`;

const show = (gitDir: string, rev: string) =>
  execFileSync('git', ['--git-dir', gitDir, 'show', rev], { encoding: 'utf8' });
const lsTree = (gitDir: string, rev: string) =>
  execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', rev], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

describeEachDatabase('campaign pull requests', (db: DatabaseUnderTest) => {
  let root: string;
  let forge: ForgeServer;
  let pulls: ForgePulls;
  const dirs: Record<string, string> = {};
  const outputs: string[] = [];
  const cli = async (args: string[]) => {
    const r = await runCli(['--json', ...args], {
      cwd: root,
      env: { ...db.env(), GH_TOKEN: TOKEN, GL_TOKEN: TOKEN, GT_TOKEN: TOKEN },
    });
    outputs.push(r.stdout, r.stderr);
    return r;
  };

  beforeAll(async () => {
    root = await tmpDir('agora-campaign-');
    forge = await startForgeServer({ token: TOKEN });
    pulls = installPulls(forge);
    // The six bare repos are made at once (git processes waiting on disk overlap), then registered in order.
    const fixtures: Record<string, Record<string, string>> = {
      payments: { 'README.md': '# Payments\n' },
      ledger: { 'README.md': '# Ledger\n' },
      docs: { 'README.md': '# Docs\n', 'CONTRIBUTING.md': '# Contributing\n\nOpen a pull request.\n' },
      race: { 'README.md': '# Race\n' },
      api: { 'README.md': '# API\n' },
      site: { 'README.md': '# Site\n' },
    };
    await Promise.all(
      Object.entries(fixtures).map(async ([name, files]) => {
        dirs[name] = await gitdir(files, { dir: join(root, 'forge', `${name}.git`), bare: true });
      }),
    );
    forge.add({
      id: 1,
      forge: 'github',
      owner: 'acme',
      name: 'payments',
      gitDir: dirs.payments,
    });
    protectBranch(dirs.payments, 'main');
    forge.add({
      id: 2,
      forge: 'github',
      owner: 'acme',
      name: 'ledger',
      gitDir: dirs.ledger,
      forkOnly: true,
    });
    forge.add({
      id: 3,
      forge: 'github',
      owner: 'acme',
      name: 'docs',
      gitDir: dirs.docs,
    });
    forge.add({
      id: 4,
      forge: 'github',
      owner: 'acme',
      name: 'race',
      gitDir: dirs.race,
    });
    forge.add({
      id: 11,
      forge: 'gitlab',
      owner: 'platform',
      name: 'api',
      gitDir: dirs.api,
    });
    protectBranch(dirs.api, 'main');
    forge.add({
      id: 21,
      forge: 'gitea',
      owner: 'acme',
      name: 'site',
      gitDir: dirs.site,
      forkOnly: true,
    });
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'server: { publicUrl: "https://agora.example.com" }',
        'sources:',
        `  - { type: github, url: ${forge.githubApi}, orgs: [acme], tokenEnv: GH_TOKEN, timeoutSeconds: 5 }`,
        `  - { type: gitlab, url: ${forge.gitlabUrl}, groups: [platform], tokenEnv: GL_TOKEN, timeoutSeconds: 5 }`,
        `  - { type: gitea, url: ${forge.giteaUrl}, orgs: [acme], tokenEnv: GT_TOKEN, timeoutSeconds: 5 }`,
        'campaigns:',
        '  contributing:',
        '    title: Contribution guides',
        '    rule: contributing',
        '    scope: {}',
        '    target: 2030-06-30',
        '  findable:',
        '    title: Findable and owned',
        '    level: bronze',
        '    scope: { repos: [docs, payments] }',
        '    target: 2030-06-30',
        '',
      ].join('\n'),
    );
    const crawl = await cli(['crawl']);
    expect(crawl.code, crawl.stderr).toBe(0);
    // After the crawl, race gets its CONTRIBUTING.md by other means: the campaign must not overwrite it.
    await addCommits(dirs.race, [{ files: { 'CONTRIBUTING.md': '# Ours\n' } }]);
  });

  afterAll(() => forge?.close());

  it('--dry-run lists every pull request it would open and opens none', async () => {
    const r = await cli(['campaign', 'run', 'contributing', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    const would = r.json.items.filter((i: { action: string }) => i.action === 'would-open');
    expect(would.map((i: { name: string }) => i.name).sort()).toEqual([
      'api',
      'ledger',
      'payments',
      'race',
      'site',
    ]);
    expect(would[0]).toMatchObject({ branch: 'agora/campaign-contributing', files: ['CONTRIBUTING.md'] });
    expect(would[0].body).toContain('https://agora.example.com/campaigns/contributing');
    expect(pulls.pulls).toEqual([]);
    expect(forge.repos.size).toBe(6);
  });

  it('opens one pull request per failing repo: branch, one commit, the agora fix file, never the default branch', async () => {
    const mainBefore = show(dirs.payments, 'main');
    const r = await cli(['campaign', 'run', 'contributing']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const by = Object.fromEntries(r.json.items.map((i: { name: string }) => [i.name, i]));
    expect(by.payments.action).toBe('opened');
    expect(by.api.action).toBe('opened');
    expect(by.site.action).toBe('opened');
    expect(by.ledger.action).toBe('opened');
    expect(by.docs).toBeUndefined();
    // race: CONTRIBUTING.md appeared on main after the crawl: left alone, no pull request.
    expect(by.race).toMatchObject({ action: 'skipped' });
    expect(show(dirs.race, 'main:CONTRIBUTING.md')).toBe('# Ours\n');
    expect(pulls.pulls.map((p) => `${p.forge}:${p.repoId}`).sort()).toEqual([
      'gitea:21',
      'github:1',
      'github:2',
      'gitlab:11',
    ]);
    // Protected default branch untouched; the fix is one commit on its own branch adding CONTRIBUTING.md.
    expect(show(dirs.payments, 'main')).toBe(mainBefore);
    expect(lsTree(dirs.payments, 'agora/campaign-contributing').sort()).toEqual([
      'CONTRIBUTING.md',
      'README.md',
    ]);
    const count = execFileSync(
      'git',
      ['--git-dir', dirs.payments, 'rev-list', '--count', 'main..agora/campaign-contributing'],
      { encoding: 'utf8' },
    );
    expect(count.trim()).toBe('1');
    const content = show(dirs.payments, 'agora/campaign-contributing:CONTRIBUTING.md');
    expect(content).toMatch(/^# Contributing to payments/m);
    const pr = pulls.pulls.find((p) => p.repoId === 1);
    expect(pr?.title).toContain('Contribution guides');
    expect(pr?.body).toContain('https://agora.example.com/campaigns/contributing');
    expect(pr?.body).toMatch(/Why: /);
    // Fork-only permission: the push to acme/ledger was refused, the branch went to the bot's fork.
    expect(pulls.refusedPushes).toContain('acme/ledger:read-only token');
    const ledgerPr = pulls.pulls.find((p) => p.repoId === 2);
    const fork = forge.repos.get(ledgerPr?.headRepoId ?? -1);
    expect(fork).toMatchObject({ owner: 'agora-bot', name: 'ledger', fork: true });
    expect(lsTree(fork?.gitDir as string, 'agora/campaign-contributing')).toContain('CONTRIBUTING.md');
    expect(lsTree(dirs.ledger, 'main')).toEqual(['README.md']);
    // GitLab with a protected default branch: main untouched, the merge request from a branch of the project.
    expect(lsTree(dirs.api, 'main')).toEqual(['README.md']);
    expect(lsTree(dirs.api, 'agora/campaign-contributing')).toContain('CONTRIBUTING.md');
    expect(pulls.pulls.find((p) => p.repoId === 11)?.headRepoId).toBe(11);
    // Gitea with a fork-only token: the push refused, the branch in the bot's fork, the pull request from it.
    expect(pulls.refusedPushes).toContain('acme/site:read-only token');
    const siteFork = forge.repos.get(pulls.pulls.find((p) => p.repoId === 21)?.headRepoId ?? -1);
    expect(siteFork).toMatchObject({ name: 'site', fork: true });
    expect(lsTree(siteFork?.gitDir as string, 'agora/campaign-contributing')).toContain('CONTRIBUTING.md');
    expect(lsTree(dirs.site, 'main')).toEqual(['README.md']);
    // No token anywhere in the output.
    expect(outputs.join('\n')).not.toContain(TOKEN);
  });

  it('a declined pull request is shown as declined and never reopened; a second run opens nothing', async () => {
    const pr = pulls.pulls.find((p) => p.repoId === 1);
    if (pr) pr.state = 'closed';
    const merged = pulls.pulls.find((p) => p.repoId === 11);
    if (merged) merged.state = 'merged';
    const before = pulls.pulls.length;
    const r = await cli(['campaign', 'run', 'contributing']);
    expect(r.code, r.stderr).toBe(0);
    const by = Object.fromEntries(r.json.items.map((i: { name: string }) => [i.name, i]));
    expect(by.payments.action).toBe('declined');
    expect(by.api.action).toBe('merged');
    expect(by.site.action).toBe('exists');
    expect(pulls.pulls.length).toBe(before);
    const status = await cli(['campaign', 'status', 'contributing']);
    const repos = Object.fromEntries(status.json.repos.map((x: { name: string }) => [x.name, x]));
    expect(repos.payments.pr.state).toBe('declined');
    expect(repos.docs.passing).toBe(true);
    expect(status.json).toMatchObject({ total: 6, passing: 1, prs: { open: 2, merged: 1, declined: 1 } });
    expect(status.json.burnup.at(-1)).toMatchObject({ passing: 1, total: 6 });
  });

  it('a level campaign asks for every rule of the level and those below it, repos passing by level reached', async () => {
    const loaded = await loadConfig({ cwd: root });
    const store = await openStore({
      url: db.url() ?? `sqlite:${join(root, 'data', 'agora.db')}`,
      dataDir: root,
    });
    try {
      const s = await campaignStatus(store, loaded, 'findable');
      expect(s).toMatchObject({ level: 'bronze', rule: null, total: 2 });
      // Bronze: readme, contributing, ownership, communication; neither repo names owners or a channel.
      expect(s.rules.map((r) => r.id)).toEqual(['readme', 'contributing', 'ownership', 'communication']);
      expect(s.repos.map((r) => [r.name, r.status, r.passing]).sort()).toEqual([
        ['docs', 'none', false],
        ['payments', 'none', false],
      ]);
      expect(s.passing).toBe(0);
    } finally {
      await store.close();
    }
  });
});
