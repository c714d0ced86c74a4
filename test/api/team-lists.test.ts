// A team owning more than 50 repos gives a small team answer (issue 15.5): `owns`, `contributesTo` and
// `outsideContributors` each embed at most 50 items, with their full lengths in `totals`, and the rest are served
// a page at a time by /api/v1/teams/{id}/owns, /contributes-to and /outside-contributors. Written through the
// store API, on SQLite and PostgreSQL.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CommitRecord, RepoFacts } from '../../src/analyse/facts.ts';
import type {
  OutsideContributor,
  Paged,
  ProjectSummary,
  TeamContributionElsewhere,
  TeamDetail,
} from '../../src/server/api-types.ts';
import { saveRepoCrawl } from '../../src/store/queries/repos-write.ts';
import { tmpDir } from '../helpers/gitdir.ts';
import { describeEachStore } from '../helpers/stores.ts';

const NOW = new Date();
const DAY = 86_400;
/** Repos payments owns; each gets one commit from its owner and one from a different person of the web team. */
const REPOS = 60;

function facts(): RepoFacts {
  return {
    docs: [],
    languages: [],
    primaryLanguage: null,
    owners: [{ owner: '@acme/payments', kind: 'team', source: 'codeowners', pattern: '*', catchAll: true }],
    ci: [],
    tests: { testFiles: 0, testDirs: [] },
    packages: [],
    innersource: null,
    catalog: null,
    readme: null,
    license: null,
    largeFiles: [],
    sensitiveFiles: [],
    dependencyUpdater: null,
    fileCount: 1,
    totalBytes: 1,
    findings: [],
  };
}

function commit(i: number, email: string): CommitRecord {
  const t = Math.floor(NOW.getTime() / 1000) - (i + 1) * DAY;
  return {
    sha: `${email.length.toString(16)}${i.toString(16)}`.padStart(40, '0'),
    parents: 1,
    authorName: email.split('@')[0],
    authorEmail: email,
    authorTime: t,
    committerTime: t,
    filesChanged: 1,
    additions: 1,
    deletions: 1,
    isBot: false,
  };
}

describeEachStore('team lists of a team owning many repos', (getStore) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const store = getStore();
    for (let i = 0; i < REPOS; i++) {
      const name = `svc-${String(i).padStart(2, '0')}`;
      await saveRepoCrawl(store.db, {
        ref: {
          id: `local:${name}`,
          name,
          fullName: `acme/${name}`,
          source: 'local',
          location: { kind: 'local', path: `/x/${name}` },
        },
        head: 'a'.repeat(40),
        branch: 'main',
        facts: facts(),
        files: [],
        commits: [commit(i, 'ann@payments.example.com'), commit(i, `web${i}@web.example.com`)],
        findings: [],
        crawlId: 1,
        now: NOW.toISOString(),
      });
    }
    const dir = await tmpDir('agora-team-lists-');
    await writeFile(
      join(dir, 'agora.yaml'),
      [
        'teams:',
        "  payments: { members: ['*@payments.example.com'], handles: ['@acme/payments'] }",
        "  web: { members: ['*@web.example.com'] }",
        '',
      ].join('\n'),
    );
    const { loadConfig } = await import('../../src/config/load.ts');
    const loaded = await loadConfig({ file: join(dir, 'agora.yaml'), cwd: dir });
    const { buildApp } = await import('../../src/server/app.ts');
    app = await buildApp({ store, loaded, webDist: join(dir, 'none') });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function get<T>(url: string): Promise<{ status: number; body: T }> {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() as T };
  }

  it('embeds at most 50 items of each list, with the full lengths in totals', async () => {
    const payments = await get<TeamDetail>('/api/v1/teams/payments');
    expect(payments.status).toBe(200);
    expect(payments.body.repos).toBe(REPOS);
    expect(payments.body.owns).toHaveLength(50);
    expect(payments.body.outsideContributors).toHaveLength(50);
    expect(payments.body.totals).toEqual({ owns: REPOS, contributesTo: 0, outsideContributors: REPOS });
    const web = await get<TeamDetail>('/api/v1/teams/web');
    expect(web.body.contributesTo).toHaveLength(50);
    expect(web.body.totals).toEqual({ owns: 0, contributesTo: REPOS, outsideContributors: 0 });
  });

  it('pages every list with page, pageSize (at most 200) and the total', async () => {
    const first = await get<Paged<ProjectSummary>>('/api/v1/teams/payments/owns');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: REPOS, page: 1, pageSize: 50 });
    const second = await get<Paged<ProjectSummary>>('/api/v1/teams/payments/owns?page=2');
    expect(second.body.items).toHaveLength(REPOS - 50);
    const ids = new Set([...first.body.items, ...second.body.items].map((p) => p.id));
    expect(ids.size).toBe(REPOS);
    const embedded = (await get<TeamDetail>('/api/v1/teams/payments')).body.owns.map((p) => p.id);
    expect(first.body.items.map((p) => p.id)).toEqual(embedded);

    const outside = await get<Paged<OutsideContributor>>(
      '/api/v1/teams/payments/outside-contributors?pageSize=200',
    );
    expect(outside.body).toMatchObject({ total: REPOS, page: 1, pageSize: 200 });
    expect(outside.body.items).toHaveLength(REPOS);
    const elsewhere = await get<Paged<TeamContributionElsewhere>>(
      '/api/v1/teams/web/contributes-to?page=3&pageSize=25',
    );
    expect(elsewhere.body.total).toBe(REPOS);
    expect(elsewhere.body.items).toHaveLength(REPOS - 50);
    expect(elsewhere.body.items[0].repo.team).toBe('payments');

    expect((await get('/api/v1/teams/payments/owns?pageSize=201')).status).toBe(400);
    expect((await get('/api/v1/teams/payments/owns?page=0')).status).toBe(400);
    expect((await get('/api/v1/teams/nobody/owns')).status).toBe(404);
    const past = await get<Paged<ProjectSummary>>('/api/v1/teams/payments/owns?page=9');
    expect(past.body).toMatchObject({ total: REPOS, items: [] });
  });
});
