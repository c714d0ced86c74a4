// The foundation's acceptance test: crawl a fixture organisation of real git repositories through the CLI,
// on SQLite and on PostgreSQL, and assert the stored facts exactly; then crawl again incrementally.

import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ALICE, BOB, buildFixtureOrg, CAROL } from '../../fixtures/org.ts';
import { runCli } from '../../helpers/cli.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { addCommits, tmpDir } from '../../helpers/gitdir.ts';

describeEachDatabase('agora crawl', (db) => {
  let root: string;
  let org: Awaited<ReturnType<typeof buildFixtureOrg>>;
  let dataDir: string;
  const cli = (args: string[]) =>
    runCli(['--data-dir', dataDir, '--json', ...args], { cwd: root, env: db.env() });

  beforeAll(async () => {
    root = await tmpDir('agora-crawl-');
    org = await buildFixtureOrg(join(root, 'org'));
    dataDir = join(root, 'data');
  });

  it('crawls every repository on the first run', async () => {
    const r = await cli(['crawl', 'org']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.json.repos).toEqual({ new: 4, changed: 0, unchanged: 0, failed: 0, gone: 0, total: 4 });
    expect(r.json.commitsAdded).toBe(4 + 2 + 1 + 1);
  });

  it('lists the repositories with their languages and documents', async () => {
    const r = await cli(['repos']);
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(r.json.repos.map((x: any) => [x.id, x]));
    expect(Object.keys(byId).sort()).toEqual([
      'org:java-lib',
      'org:py tool é',
      'org:team-a/payments-api',
      'org:team-b/ui-kit',
    ]);
    expect(byId['org:team-a/payments-api']).toMatchObject({
      name: 'payments-api',
      primaryLanguage: 'TypeScript',
      commitCount: 4,
    });
    expect(byId['org:team-a/payments-api'].docKinds.sort()).toEqual([
      'codeowners',
      'contributing',
      'license',
      'readme',
    ]);
    expect(byId['org:team-b/ui-kit'].docKinds.sort()).toEqual(['contributing', 'readme']);
    expect(byId['org:java-lib'].primaryLanguage).toBe('Java');
    expect(byId['org:py tool é'].primaryLanguage).toBe('Python');
  });

  it('filters by language, documents and owner', async () => {
    const ids = async (args: string[]) =>
      ((await cli(['repos', ...args])).json.repos as any[]).map((x) => x.id).sort();
    expect(await ids(['--language', 'java'])).toEqual(['org:java-lib']);
    expect(await ids(['--lacks', 'contributing'])).toEqual(['org:java-lib', 'org:py tool é']);
    expect(await ids(['--has', 'license,codeowners'])).toEqual(['org:team-a/payments-api']);
    expect(await ids(['--owner', '@acme/payments'])).toEqual(['org:team-a/payments-api']);
    const bad = await runCli(['--data-dir', dataDir, 'repos', '--lacks', 'nonsense'], {
      cwd: root,
      env: db.env(),
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown document kind "nonsense"');
  });

  it('shows every stored fact of one repository', async () => {
    const r = await cli(['show', 'payments-api']);
    expect(r.code).toBe(0);
    const d = r.json;
    expect(d.commits.count).toBe(4);
    expect(d.commits.firstAt).toBe(Date.parse('2024-01-10T09:00:00Z') / 1000);
    expect(d.commits.lastAt).toBe(Date.parse('2024-03-20T12:00:00Z') / 1000);
    expect(d.docs.map((x: any) => [x.kind, x.path]).sort()).toEqual([
      ['codeowners', '.github/CODEOWNERS'],
      ['contributing', 'docs/CONTRIBUTING.md'],
      ['license', 'LICENSE'],
      ['readme', 'README.md'],
    ]);
    expect(d.owners).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ owner: '@acme/payments', source: 'codeowners', catchAll: true }),
        expect.objectContaining({ owner: '@bob', source: 'codeowners', catchAll: false }),
      ]),
    );
    const pkgs = d.packages.map((p: any) => `${p.role} ${p.ecosystem} ${p.name}`).sort();
    expect(pkgs).toEqual([
      'consumes npm @acme/ui-kit',
      'consumes npm express',
      'consumes npm vitest',
      'publishes npm @acme/payments-api',
    ]);
    expect(d.facts.license).toEqual({ path: 'LICENSE', spdx: 'MIT' });
    expect(d.facts.ci).toEqual([
      { system: 'github-actions', path: '.github/workflows/ci.yml', runsTests: true },
    ]);
    expect(d.facts.tests.testFiles).toBe(1);
    // .mailmap merged Alice's old address; the bot is recognised.
    const authors = d.commits.topAuthors.map((a: any) => [a.email, a.commits, a.isBot]).sort();
    expect(authors).toEqual(
      [
        [DEPENDABOT_EMAIL, 1, true],
        [ALICE.email, 2, false],
        [BOB.email, 1, false],
      ].sort(),
    );
  });

  it('reads bare repos, workspaces, Maven, Python and catalog-info', async () => {
    const ui = (await cli(['show', 'org:team-b/ui-kit'])).json;
    expect(
      ui.packages
        .filter((p: any) => p.role === 'publishes')
        .map((p: any) => p.name)
        .sort(),
    ).toEqual(['@acme/button', '@acme/ui-kit']);
    expect(ui.docs.map((x: any) => x.path).sort()).toEqual(['.github/contributing.md', 'readme.MD']);
    const java = (await cli(['show', 'java-lib'])).json;
    expect(java.packages.map((p: any) => `${p.role} ${p.ecosystem} ${p.name}`).sort()).toEqual([
      'consumes maven org.slf4j:slf4j-api',
      'publishes maven com.acme:core',
    ]);
    expect(java.facts.catalog).toMatchObject({
      name: 'core',
      owner: 'group:platform',
      lifecycle: 'production',
    });
    expect(java.facts.license.spdx).toBe('GPL-3.0');
    const py = (await cli(['show', 'py tool é'])).json;
    expect(py.packages.map((p: any) => `${p.role} ${p.name}`).sort()).toEqual([
      'consumes acme-core',
      'consumes requests',
      'publishes acme-tool',
    ]);
    expect(py.facts.innersource).toMatchObject({ title: 'Acme tool', skills: ['python'] });
  });

  it('re-crawls incrementally: unchanged repos are not re-read, new commits are appended once', async () => {
    const again = await cli(['crawl', 'org']);
    expect(again.json.repos).toMatchObject({ new: 0, changed: 0, unchanged: 4, failed: 0 });
    expect(again.json.commitsAdded).toBe(0);

    await addCommits(org.payments, [
      { author: CAROL, date: '2024-06-01T00:00:00Z', files: { 'src/extra.ts': 'export {};\n' } },
      { author: BOB, date: '2024-06-02T00:00:00Z', files: { 'CONTRIBUTING.md': '# Contributing\n' } },
    ]);
    const third = await cli(['crawl', 'org']);
    expect(third.json.repos).toMatchObject({ new: 0, changed: 1, unchanged: 3 });
    expect(third.json.commitsAdded).toBe(2);
    const d = (await cli(['show', 'payments-api'])).json;
    expect(d.commits.count).toBe(6);
    expect(d.docs.find((x: any) => x.kind === 'contributing').path).toBe('CONTRIBUTING.md');
  });

  it('marks a repository that disappeared as gone and keeps its data', async () => {
    await rename(org.javaLib, join(root, 'java-lib-away'));
    const r = await cli(['crawl', 'org']);
    expect(r.json.repos).toMatchObject({ gone: 1, unchanged: 3 });
    expect((await cli(['repos'])).json.repos.map((x: any) => x.id)).not.toContain('org:java-lib');
    const gone = (await cli(['repos', '--status', 'gone'])).json.repos;
    expect(gone.map((x: any) => x.id)).toEqual(['org:java-lib']);
    const d = (await cli(['show', 'java-lib'])).json;
    expect(d.status).toBe('gone');
    expect(d.commits.count).toBe(1);
    expect(d.packages.length).toBe(2);
  });

  it('a repository that comes back is active again, its history not doubled', async () => {
    await rename(join(root, 'java-lib-away'), org.javaLib);
    const r = await cli(['crawl', 'org']);
    expect(r.json.repos).toMatchObject({ gone: 0, changed: 1, unchanged: 3 });
    const d = (await cli(['show', 'java-lib'])).json;
    expect(d.status).toBe('active');
    expect(d.commits.count).toBe(1);
  });

  it('crawls the sources of a config file and names config errors by file, line and key', async () => {
    await writeFile(join(root, 'agora.yaml'), 'sources:\n  - type: local\n    path: org\n    maxDepht: 2\n');
    const bad = await runCli(['--data-dir', dataDir, 'crawl'], { cwd: root, env: db.env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('agora.yaml:4 sources[0].maxDepht: unknown key');
    await writeFile(join(root, 'agora.yaml'), 'sources:\n  - type: local\n    name: org\n    path: org\n');
    const ok = await cli(['crawl']);
    expect(ok.code).toBe(0);
    expect(ok.json.repos).toMatchObject({ unchanged: 4, new: 0 });
    await rm(join(root, 'agora.yaml'));
  });
});

const DEPENDABOT_EMAIL = '49699333+dependabot[bot]@users.noreply.github.com';
void BOB;
