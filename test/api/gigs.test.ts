// GET /api/v1/gigs and `agora gigs` on SQLite and PostgreSQL: open issues with a gig label (the default
// labels, an organisation's own labels from `gigs.orgs`, a repo's innersource.json `helpWantedLabels`) across
// repos, newest first; filters by language, team, label and age; paging; closed issues, PRs, archived repos
// and other labels left out; facets; the OpenAPI document describes it. Issues are stored as ingestion stores
// them (forge_items rows), repos through the store's crawl write.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RepoFacts } from '../../src/analyse/facts.ts';
import type { GigPage } from '../../src/gigs/gigs.ts';
import { saveRepoCrawl } from '../../src/store/queries/repos-write.ts';
import { tmpDir } from '../helpers/gitdir.ts';
import { describeEachStore } from '../helpers/stores.ts';

const NOW = new Date();
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

function facts(language: string, owner: string, extra: Partial<RepoFacts> = {}): RepoFacts {
  return {
    docs: [{ kind: 'contributing', path: 'CONTRIBUTING.md', size: 10 }],
    languages: [{ language, bytes: 100, files: 1 }],
    primaryLanguage: language,
    owners: [{ owner, kind: 'team', source: 'codeowners', pattern: '*', catchAll: true }],
    ci: [],
    tests: { testFiles: 0, testDirs: [] },
    packages: [],
    innersource: null,
    catalog: null,
    readme: {
      path: 'README.md',
      text: '# x\n\nTalk to us on [Slack](https://acme.slack.com/archives/x).\n',
      truncated: false,
    },
    license: null,
    largeFiles: [],
    sensitiveFiles: [],
    dependencyUpdater: null,
    fileCount: 1,
    totalBytes: 1,
    findings: [],
    ...extra,
  };
}

interface Issue {
  repo: string;
  number: number;
  labels: string[];
  daysOld: number;
  kind?: 'issue' | 'pr';
  state?: 'open' | 'closed';
}

const ISSUES: Issue[] = [
  { repo: 'pay', number: 1, labels: ['help wanted'], daysOld: 2 },
  { repo: 'pay', number: 2, labels: ['Good First Issue', 'bug'], daysOld: 40 },
  { repo: 'pay', number: 3, labels: ['bug'], daysOld: 1 },
  { repo: 'pay', number: 4, labels: ['help wanted'], daysOld: 3, state: 'closed' },
  { repo: 'pay', number: 5, labels: ['help wanted'], daysOld: 3, kind: 'pr' },
  { repo: 'ui', number: 7, labels: ['help wanted'], daysOld: 10 },
  { repo: 'ui', number: 8, labels: ['up-for-grabs'], daysOld: 5 },
  // The labs org has its own labels: "help wanted" is not a gig there, "contributions welcome" is.
  { repo: 'lab', number: 1, labels: ['help wanted'], daysOld: 1 },
  { repo: 'lab', number: 2, labels: ['contributions welcome'], daysOld: 200 },
  { repo: 'old', number: 1, labels: ['help wanted'], daysOld: 1 },
];

describeEachStore('the gig board', (getStore) => {
  let app: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    const store = getStore();
    const repos = [
      { name: 'pay', org: 'acme', facts: facts('TypeScript', '@acme/payments') },
      {
        name: 'ui',
        org: 'acme',
        facts: facts('Go', '@acme/web', {
          innersource: { helpWantedLabels: ['up-for-grabs'] },
        }),
      },
      { name: 'lab', org: 'labs', facts: facts('Go', '@acme/web') },
      { name: 'old', org: 'acme', facts: facts('Go', '@acme/web'), archived: true },
    ];
    for (const r of repos) {
      await saveRepoCrawl(store.db, {
        ref: {
          id: `gh:${r.org}/${r.name}`,
          name: r.name,
          fullName: `${r.org}/${r.name}`,
          source: 'gh',
          owner: r.org,
          archived: r.archived === true,
          location: { kind: 'local', path: `/x/${r.name}` },
        },
        head: 'a'.repeat(40),
        branch: 'main',
        facts: r.facts,
        files: [],
        commits: [],
        findings: [],
        crawlId: 1,
        now: NOW.toISOString(),
      });
    }
    for (const i of ISSUES) {
      const repo = repos.find((r) => r.name === i.repo);
      await store.db
        .insertInto('forge_items')
        .values({
          repo_id: `gh:${repo?.org}/${i.repo}`,
          kind: i.kind ?? 'issue',
          number: i.number,
          forge_id: `${i.repo}-${i.number}`,
          title: `${i.repo} issue ${i.number}`,
          web_url:
            i.repo === 'ui' && i.number === 8
              ? 'javascript:alert(1)'
              : `https://forge/${i.repo}/issues/${i.number}`,
          state: i.state ?? 'open',
          draft: 0,
          author_login: 'someone',
          author_is_bot: 0,
          labels: JSON.stringify(i.labels),
          reviewers: '[]',
          created_at: ago(i.daysOld),
          updated_at: ago(i.daysOld),
          comments: 1,
        })
        .execute();
    }
    dir = await tmpDir('agora-gigs-');
    await writeFile(
      join(dir, 'agora.yaml'),
      [
        'teams:',
        "  payments: { name: Payments, members: ['*@payments.example.com'], handles: ['@acme/payments'] }",
        "  web: { name: Web, members: ['*@web.example.com'], handles: ['@acme/web'] }",
        'gigs:',
        '  orgs:',
        "    Labs: ['contributions welcome']",
        '',
      ].join('\n'),
    );
    const { loadConfig } = await import('../../src/config/load.ts');
    const loaded = await loadConfig({ file: join(dir, 'agora.yaml'), cwd: dir });
    const { buildApp } = await import('../../src/server/app.ts');
    app = await buildApp({ store, loaded, webDist: join(dir, 'none'), now: () => NOW });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function gigs(query = ''): Promise<{ status: number; body: GigPage }> {
    const res = await app.inject({ method: 'GET', url: `/api/v1/gigs${query}` });
    return { status: res.statusCode, body: res.json() as GigPage };
  }
  const keys = (p: GigPage) => p.items.map((g) => `${g.repoName}#${g.number}`);

  it('lists labelled open issues of every repo, newest first, with where to start', async () => {
    const { status, body } = await gigs();
    expect(status).toBe(200);
    expect(keys(body)).toEqual(['pay#1', 'ui#8', 'ui#7', 'pay#2', 'lab#2']);
    expect(body).toMatchObject({ total: 5, page: 1, pageSize: 50, truncated: false });
    const first = body.items[0];
    expect(first).toMatchObject({
      repoId: 'gh:acme/pay',
      repoFullName: 'acme/pay',
      title: 'pay issue 1',
      url: 'https://forge/pay/issues/1',
      gigLabels: ['help wanted'],
      language: 'TypeScript',
      team: 'payments',
      teamName: 'Payments',
      ageDays: 2,
      channel: { url: 'https://acme.slack.com/archives/x' },
    });
    expect(first.contributeUrl).toContain('CONTRIBUTING.md');
    // Case-insensitive labels; a link that is no http(s) URL is dropped.
    expect(body.items.find((g) => g.number === 2 && g.repoName === 'pay')?.gigLabels).toEqual([
      'Good First Issue',
    ]);
    expect(body.items.find((g) => g.repoName === 'ui' && g.number === 8)?.url).toBeNull();
    expect(body.facets.languages).toEqual([
      { value: 'Go', count: 3 },
      { value: 'TypeScript', count: 2 },
    ]);
    expect(body.facets.teams.map((t) => [t.value, t.count, t.name])).toEqual([
      ['web', 3, 'Web'],
      ['payments', 2, 'Payments'],
    ]);
  });

  it('filters by language, team, label and age', async () => {
    expect(keys((await gigs('?language=go')).body)).toEqual(['ui#8', 'ui#7', 'lab#2']);
    expect(keys((await gigs('?team=Payments')).body)).toEqual(['pay#1', 'pay#2']);
    expect(keys((await gigs('?label=good%20first%20issue')).body)).toEqual(['pay#2']);
    expect(keys((await gigs('?maxAgeDays=30')).body)).toEqual(['pay#1', 'ui#8', 'ui#7']);
    expect(keys((await gigs('?team=web&maxAgeDays=7')).body)).toEqual(['ui#8']);
    expect((await gigs('?language=cobol')).body).toMatchObject({ total: 0, items: [] });
  });

  it('pages, and refuses what is out of bounds', async () => {
    const p2 = await gigs('?pageSize=2&page=2');
    expect(p2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(keys(p2.body)).toEqual(['ui#7', 'pay#2']);
    expect((await gigs('?pageSize=201')).status).toBe(400);
    expect((await gigs('?page=0')).status).toBe(400);
    expect((await gigs('?maxAgeDays=-1')).status).toBe(400);
    expect((await gigs('?colour=red')).status).toBe(400);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/gigs'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'label',
      'language',
      'maxAgeDays',
      'page',
      'pageSize',
      'team',
    ]);
    expect(Object.keys(op.responses['200'].content['application/json'].schema.properties)).toContain(
      'facets',
    );
  });
});
