// `agora crawl` with a github source against the test forge, end to end: listing with filters, blobless
// mirrors over smart HTTP with the token, forge facts stored; a no-change re-crawl costs only 304s and no git;
// a rename or transfer keeps the repo (by forge id), a deletion marks it gone, a failed listing marks nothing
// gone. The token (a unique marker) is in no store byte, output, API answer or git command line.

import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mirrorName } from '../../../src/git/mirror.ts';
import { openStore, type Store } from '../../../src/store/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { type DatabaseUnderTest, describeEachDatabase } from '../../helpers/databases.ts';
import { installItems } from '../../helpers/forge/items.ts';
import { allCmdlines, storeDump } from '../../helpers/forge/leaks.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { addCommits, git, gitdir, revParse, tmpDir } from '../../helpers/gitdir.ts';
import { startServe } from '../../helpers/serve.ts';

const MARKER = `agoraFORGEmarker${Math.random().toString(36).slice(2, 12)}`;

describeEachDatabase('crawl of a github source', (db: DatabaseUnderTest) => {
  let root: string;
  let forge: ForgeServer;
  let gitLog: string;
  let labMain: string;
  let labDevelop: string;
  const outputs: string[] = [];
  const cmdlines: string[] = [];

  const cli = async (args: string[]) => {
    const poll = setInterval(() => {
      for (const line of allCmdlines()) if (line.includes('git')) cmdlines.push(line);
    }, 20);
    try {
      const r = await runCli(['--json', ...args], {
        cwd: root,
        env: { ...db.env(), FORGE_TOKEN: MARKER, PATH: `${join(root, 'bin')}:${process.env.PATH}` },
      });
      outputs.push(r.stdout, r.stderr);
      return r;
    } finally {
      clearInterval(poll);
    }
  };

  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore({
      url: db.url() ?? `sqlite:${join(root, 'data', 'agora.db')}`,
      dataDir: root,
    });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  const row = (id: string) =>
    withStore((s) => s.db.selectFrom('repos').selectAll().where('id', '=', id).executeTakeFirstOrThrow());

  beforeAll(async () => {
    root = await tmpDir('agora-forge-github-');
    forge = await startForgeServer({ token: MARKER });
    // Issues and pull requests are read by default: payments has its three open issues on the item routes.
    const items = installItems(forge);
    for (let n = 1; n <= 3; n++)
      items.item({
        repo: 101,
        kind: 'issue',
        number: n,
        title: `issue ${n}`,
        author: 'ann',
        createdAt: `2024-01-0${n}T00:00:00Z`,
      });
    const repoDir = (name: string) => join(root, 'forge', `${name}.git`);
    const payments = await gitdir(
      {
        'README.md': '# Payments\n\nMoves money.\n',
        'CONTRIBUTING.md': '# Contributing\n',
        'package.json': '{"name":"payments","dependencies":{"left-pad":"1.3.0"}}\n',
      },
      { dir: repoDir('payments'), bare: true },
    );
    const billing = await gitdir({ 'README.md': '# Billing\n' }, { dir: repoDir('billing'), bare: true });
    const lab = await gitdir({ 'README.md': '# Lab\n' }, { dir: repoDir('lab'), bare: true });
    // A `develop` branch one commit ahead of `main`, for the default-branch switch below.
    labMain = await revParse(lab, 'refs/heads/main');
    labDevelop = await addCommits(lab, [{ files: { 'CONTRIBUTING.md': '# Contributing\n' } }]);
    await git(lab, ['update-ref', 'refs/heads/develop', labDevelop]);
    await git(lab, ['update-ref', 'refs/heads/main', labMain]);
    const empty = repoDir('empty');
    execFileSync('git', ['init', '--quiet', '--bare', empty]);
    forge.add({
      id: 101,
      forge: 'github',
      owner: 'acme',
      name: 'payments',
      gitDir: payments,
      description: 'Moves money',
      topics: ['innersource', 'payments'],
      stars: 42,
      forks: 7,
      watchers: 9,
      openIssues: 3,
      visibility: 'internal',
      createdAt: '2020-05-01T10:00:00Z',
      pushedAt: '2024-01-02T00:00:00Z',
    });
    forge.add({ id: 102, forge: 'github', owner: 'acme', name: 'legacy', gitDir: billing, archived: true });
    forge.add({
      id: 103,
      forge: 'github',
      owner: 'acme',
      name: 'payments-fork',
      gitDir: billing,
      fork: true,
    });
    forge.add({
      id: 104,
      forge: 'github',
      owner: 'acme',
      name: 'old-tool',
      gitDir: billing,
      topics: ['deprecated'],
    });
    forge.add({ id: 105, forge: 'github', owner: 'acme', name: 'empty', gitDir: empty, empty: true });
    forge.add({
      id: 106,
      forge: 'github',
      owner: 'acme',
      name: 'refused',
      gitDir: billing,
      refuseClone: true,
    });
    forge.add({
      id: 107,
      forge: 'github',
      owner: 'acme',
      name: 'billing',
      gitDir: billing,
      pushedAt: '2024-01-01T00:00:00Z',
    });
    forge.add({ id: 108, forge: 'github', owner: 'acme-labs', name: 'lab', gitDir: lab });

    // Every git process Agora spawns goes through this wrapper, which records its argv.
    gitLog = join(root, 'git-argv.log');
    const realGit = execFileSync('sh', ['-c', 'command -v git']).toString().trim();
    await git(root, ['--version']).catch(() => {});
    writeFileSync(join(root, 'git-argv.log'), '');
    execFileSync('mkdir', ['-p', join(root, 'bin')]);
    writeFileSync(
      join(root, 'bin', 'git'),
      `#!/bin/sh\nfor a in "$@"; do printf '%s ' "$a" >> '${gitLog}'; done\necho >> '${gitLog}'\nexec '${realGit}' "$@"\n`,
    );
    chmodSync(join(root, 'bin', 'git'), 0o755);

    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - type: github',
        `    url: ${forge.githubApi}`,
        '    orgs: [acme, acme-labs]',
        '    tokenEnv: FORGE_TOKEN',
        '    topics: { exclude: [deprecated] }',
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await forge?.close();
  });

  it('lists with the filters, mirrors blobless with the token, stores the forge facts', async () => {
    const r = await cli(['crawl']);
    expect(r.json.repos).toMatchObject({ new: 4, failed: 1, total: 5 });
    expect(r.code).toBe(1);
    expect(r.json.failed.map((f: { id: string }) => f.id)).toEqual(['github:acme/refused']);
    expect(forge.unexpected).toEqual([]);
    // Git authenticated with the token (basic auth) and fetched.
    expect(forge.requests.some((q) => q.kind === 'git' && q.status === 200)).toBe(true);

    const p = await row('github:acme/payments');
    expect(p).toMatchObject({
      source: 'github',
      name: 'payments',
      full_name: 'acme/payments',
      forge_type: 'github',
      forge_id: '101',
      web_url: `${forge.base}/acme/payments`,
      description: 'Moves money',
      default_branch: 'main',
      visibility: 'internal',
      org: 'acme',
      owner_avatar: `${forge.base}/avatars/acme.png`,
      pushed_at: '2024-01-02T00:00:00Z',
      forge_created_at: '2020-05-01T10:00:00Z',
      status: 'active',
      fork: 0,
      archived: 0,
    });
    expect(Number(p.stars)).toBe(42);
    expect(Number(p.forks)).toBe(7);
    expect(Number(p.watchers)).toBe(9);
    expect(Number(p.open_issues)).toBe(3);
    expect(JSON.parse(p.topics)).toEqual(['innersource', 'payments']);
    expect(Number(p.commit_count)).toBe(1);
    const shown = (await cli(['show', 'github:acme/payments'])).json;
    expect(shown.docs.map((d: { kind: string }) => d.kind).sort()).toEqual(['contributing', 'readme']);

    const empty = await cli(['show', 'github:acme/empty']);
    expect(JSON.stringify(empty.json)).toContain('EMPTY_REPO');
    // Mirrors are blobless, and no mirror config holds the token.
    for (const m of readdirSync(join(root, 'data', 'mirrors'))) {
      const config = readFileSync(join(root, 'data', 'mirrors', m, 'config'), 'utf8');
      expect(config).not.toContain(MARKER);
      if (m.startsWith('acme-payments')) expect(config).toContain('partialclonefilter = blob:none');
    }
  });

  it('re-crawls without a change with conditional requests only, and no git at all', async () => {
    forge.requests.length = 0;
    const r = await cli(['crawl']);
    expect(r.json.repos).toMatchObject({ unchanged: 4, failed: 1, new: 0, changed: 0 });
    const api = forge.requests.filter((q) => q.kind === 'api');
    // Two listings (one per org) and, per listed repo, one conditional issue/PR listing: 304s all.
    expect(api.length).toBe(2 + 5);
    expect(api.filter((q) => q.url.includes('/issues?')).length).toBe(5);
    // Payments' cursor moved at the first crawl (it has items): its listing asks a new `since` once (200,
    // the last item again, not re-read); every other answer is a 304.
    const fresh = api.filter((q) => q.status !== 304).map((q) => q.url.split('?')[0]);
    expect(fresh).toEqual(['/api/v3/repos/acme/payments/issues']);
    expect(api.filter((q) => q.status === 304).every((q) => q.ifNoneMatch)).toBe(true);
    const gitPaths = new Set(
      forge.requests.filter((q) => q.kind === 'git').map((q) => q.url.split('.git')[0]),
    );
    expect([...gitPaths]).toEqual(['/git/github/acme/refused']);
  });

  it('fetches only the repo whose push time moved', async () => {
    const billing = forge.repos.get(107)!;
    await addCommits(billing.gitDir!, [{ files: { 'SECURITY.md': '# Security\n' } }]);
    billing.pushedAt = '2024-02-01T00:00:00Z';
    forge.repos.get(101)!.stars = 43;
    forge.requests.length = 0;
    const r = await cli(['crawl']);
    expect(r.json.repos).toMatchObject({ changed: 1, unchanged: 3, failed: 1 });
    expect(r.json.commitsAdded).toBe(1);
    const gitPaths = new Set(
      forge.requests.filter((q) => q.kind === 'git').map((q) => q.url.split('.git')[0]),
    );
    expect([...gitPaths].sort()).toEqual(['/git/github/acme/billing', '/git/github/acme/refused']);
    // Stars moved without a push: stored all the same.
    expect(Number((await row('github:acme/payments')).stars)).toBe(43);
  });

  const mirrors = () => readdirSync(join(root, 'data', 'mirrors')).sort();

  it('keeps a renamed and a transferred repo as the same repo (by forge id)', async () => {
    const before = await row('github:acme/payments');
    const labMirror = mirrorName(`${forge.base}/git/github/acme-labs/lab.git`);
    expect(mirrors()).toContain(labMirror);
    forge.requests.length = 0;
    forge.repos.get(101)!.name = 'payments-api';
    forge.repos.get(108)!.owner = 'acme';
    // A new repo under the old name is another repo.
    const fresh = await gitdir(
      { 'README.md': '# New payments\n' },
      { dir: join(root, 'forge', 'new.git'), bare: true },
    );
    forge.add({ id: 109, forge: 'github', owner: 'acme', name: 'payments', gitDir: fresh });
    const r = await cli(['crawl']);
    expect(r.json.repos).toMatchObject({ new: 1, gone: 0, failed: 1 });
    const renamed = await row('github:acme/payments');
    expect(renamed).toMatchObject({
      forge_id: '101',
      full_name: 'acme/payments-api',
      name: 'payments-api',
      status: 'active',
    });
    expect(renamed.web_url).toBe(`${forge.base}/acme/payments-api`);
    expect(Number(renamed.commit_count)).toBe(Number(before.commit_count));
    expect(renamed.first_seen_at).toBe(before.first_seen_at);
    expect(await row('github:acme-labs/lab')).toMatchObject({ full_name: 'acme/lab', status: 'active' });
    expect(await row('github:acme/payments#109')).toMatchObject({ forge_id: '109', status: 'active' });
    // The transferred repo's mirror moved to its new URL's folder (no dead copy left, no re-clone); the
    // renamed one's old folder stays, as the new repo under the old name reads it.
    const moved = mirrorName(`${forge.base}/git/github/acme/lab.git`);
    expect(mirrors()).not.toContain(labMirror);
    expect(mirrors()).toContain(moved);
    expect(mirrors()).toContain(mirrorName(`${forge.base}/git/github/acme/payments.git`));
    expect(forge.requests.some((q) => q.url.includes('/acme/lab.git'))).toBe(false);
    await git(join(root, 'data', 'mirrors', moved), ['rev-parse', '--verify', 'HEAD^{commit}']);
  });

  it('re-reads a repo whose default branch changed on the forge without a push', async () => {
    // `develop` has been on the forge (and in the mirror, moved above) since the first crawl, read on `main`.
    expect(await row('github:acme-labs/lab')).toMatchObject({ default_branch: 'main', head_sha: labMain });
    // The default branch switched in the settings: a change the push time does not show.
    forge.repos.get(108)!.defaultBranch = 'develop';
    const r = await cli(['crawl']);
    expect(r.json.repos).toMatchObject({ changed: 1, unchanged: 4 });
    expect(await row('github:acme-labs/lab')).toMatchObject({
      default_branch: 'develop',
      head_sha: labDevelop,
    });
  });

  it('marks a repo deleted on the forge gone, keeping its data', async () => {
    forge.repos.delete(107);
    const r = await cli(['crawl']);
    expect(r.json.repos.gone).toBe(1);
    const billing = await row('github:acme/billing');
    expect(billing.status).toBe('gone');
    expect(Number(billing.commit_count)).toBe(2);
  });

  it('marks nothing gone when the listing fails (token revoked)', async () => {
    const snapshot = await withStore((s) =>
      s.db.selectFrom('repos').select(['id', 'status', 'commit_count', 'stars']).orderBy('id').execute(),
    );
    forge.token = 'revoked-and-replaced';
    const r = await cli(['crawl']);
    forge.token = MARKER;
    expect(r.code).toBe(1);
    expect(r.json.repos.gone).toBe(0);
    expect(r.json.problems.map((p: { code: string }) => p.code)).toContain('FORGE_AUTH');
    const after = await withStore((s) =>
      s.db.selectFrom('repos').select(['id', 'status', 'commit_count', 'stars']).orderBy('id').execute(),
    );
    expect(after).toEqual(snapshot);
  });

  it("scores activity with the forge's terms: stars, forks, watchers, open issues, creation time", async () => {
    const m = (await cli(['metrics', 'github:acme/payments'])).json;
    expect(m.activity.inputs).toMatchObject({
      stars: 43,
      forks: 7,
      watchers: 9,
      openIssues: 3,
      createdAt: '2020-05-01T10:00:00Z',
    });
    expect(m.activity.terms.popularity).toBeCloseTo(7 * 5 + 9 + 43 / 3 + 3 / 5);
  });

  it('never shows the token: store bytes, outputs, API answers, git command lines', async () => {
    const served = await startServe(root, { env: db.env() });
    const answers: string[] = [];
    try {
      for (const path of [
        '/api/v1/projects?pageSize=100',
        '/api/v1/crawls',
        '/api/v1/export/repos.json',
        '/api/v1/export/catalog-info.yaml',
        `/api/v1/projects/${encodeURIComponent('github:acme/payments')}`,
      ]) {
        answers.push(await (await fetch(served.url + path)).text());
      }
      answers.push(served.output());
    } finally {
      await served.stop();
    }
    expect(answers.join('\n')).toContain('payments');
    // The forge's facts reach the project page, the SAP export and the Backstage export.
    const project = JSON.parse(answers[4]);
    expect(project.forge).toEqual({
      type: 'github',
      url: `${forge.base}/acme/payments-api`,
      stars: 43,
      forks: 7,
      watchers: 9,
      openIssues: 3,
      topics: ['innersource', 'payments'],
      visibility: 'internal',
      ownerLogin: 'acme',
      ownerAvatar: `${forge.base}/avatars/acme.png`,
    });
    const sap = JSON.parse(answers[2]).find(
      (r: { full_name: string }) => r.full_name === 'acme/payments-api',
    );
    expect(sap).toMatchObject({
      html_url: `${forge.base}/acme/payments-api`,
      stargazers_count: 43,
      forks_count: 7,
      watchers_count: 9,
      open_issues_count: 3,
      owner: { login: 'acme', avatar_url: `${forge.base}/avatars/acme.png` },
    });
    expect(answers[3]).toContain('github.com/project-slug: acme/payments-api');
    expect(answers[3]).toContain(`backstage.io/source-location: url:${forge.base}/acme/payments-api/`);
    expect(answers.join('\n')).not.toContain(MARKER);
    expect(outputs.join('\n')).not.toContain(MARKER);
    expect(await storeDump(root, db)).not.toContain(MARKER);
    const argv = readFileSync(gitLog, 'utf8');
    expect(argv).toContain('clone');
    expect(argv).not.toContain(MARKER);
    expect(cmdlines.some((l) => l.includes(forge.base.replace('http://', '')))).toBe(true);
    expect(cmdlines.filter((l) => l.includes(MARKER))).toEqual([]);
  });
});
