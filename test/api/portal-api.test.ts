// The portal API through HTTP (inject) on SQLite and PostgreSQL, against a fixture organisation crawled for real.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type {
  ActivityResponse,
  DashboardResponse,
  GraphResponse,
  ProjectDetail,
  ProjectsResponse,
  StandardsResponse,
  TeamDetail,
  TeamsResponse,
} from '../../src/server/api-types.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { FIXTURE_TEAMS_YAML, fixtureOrg } from '../helpers/portal.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { SAP_PORTAL_FIELDS, SAP_PORTAL_METADATA_FIELDS } from './sap-portal-fields.ts';

const NOW = new Date('2025-06-15T12:00:00Z');
const TOKEN = 'test-admin-token-0123456789abcdef';
const enc = encodeURIComponent;

let orgDir = '';
let configFile = '';

beforeAll(async () => {
  orgDir = await tmpDir('agora-api-');
  for (const repo of fixtureOrg(NOW).repos)
    await makeRepo({ dir: join(orgDir, 'org', repo.name), commits: repo.commits });
  configFile = join(orgDir, 'agora.yaml');
  await writeFile(
    configFile,
    [
      'dataDir: data',
      'sources:',
      '  - type: local',
      '    name: local',
      '    path: org',
      '    maxDepth: 1',
      'teams:',
      FIXTURE_TEAMS_YAML,
      '',
    ].join('\n'),
  );
});

describeEachStore('portal API', (getStore) => {
  let app: FastifyInstance;
  let loadedConfig: import('../../src/config/schema.ts').LoadedConfig;
  const logs: string[] = [];

  beforeAll(async () => {
    const { loadConfig } = await import('../../src/config/load.ts');
    const { runCrawl } = await import('../../src/crawl/crawl.ts');
    const { buildApp } = await import('../../src/server/app.ts');
    const loaded = await loadConfig({ file: configFile, cwd: orgDir });
    loaded.config.server.adminToken = TOKEN;
    loadedConfig = loaded;
    const summary = await runCrawl({ loaded, store: getStore() });
    expect(summary.repos.failed).toBe(0);
    app = await buildApp({
      store: getStore(),
      loaded,
      webDist: join(orgDir, 'no-web-build'),
      now: () => NOW,
      logger: { level: 'info', stream: { write: (s: string) => void logs.push(s) } },
    });
  });
  afterAll(async () => {
    await app?.portal.crawling;
    await app?.close();
  });

  async function get<T>(url: string, headers: Record<string, string> = {}) {
    const res = await app.inject({ method: 'GET', url, headers });
    return {
      res,
      body: res.headers['content-type']?.toString().includes('json') ? (res.json() as T) : (undefined as T),
    };
  }

  it('reports health', async () => {
    const { res, body } = await get<{
      status: string;
      db: string;
      repos: number;
      lastCrawl: { status: string };
    }>('/health');
    expect(res.statusCode).toBe(200);
    expect(body).toMatchObject({ status: 'ok', db: getStore().dialect, repos: 6 });
    expect(body.lastCrawl?.status).toBe('done');
  });

  it('lists projects with facets, sorted by activity score by default', async () => {
    const { body } = await get<ProjectsResponse>('/api/v1/projects');
    expect(body.total).toBe(6);
    expect(body.items.map((p) => p.name)).toContain('payments-api');
    const scores = body.items.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(body.facets.team.find((f) => f.value === 'web')?.count).toBe(2);
    expect(body.facets.language.length).toBeGreaterThan(1);
    const pay = body.items.find((p) => p.name === 'payments-api');
    expect(pay).toMatchObject({
      owner: { team: 'payments', teamName: 'Payments', provenance: 'codeowners' },
      hasContributing: true,
      skills: ['TypeScript', 'PostgreSQL'],
      contributions: ['Bug fixes', 'New payment providers'],
      activity: 'active',
    });
    // Wes (web) and Sam (search) commit to payments' repo: 2 of 5 authors in turn.
    expect(pay?.outsideContributors90).toBe(2);
    expect(pay?.outsideShare90).toBeGreaterThan(0.2);
  });

  it('searches typo-tolerantly over names, README text, skills and contributions', async () => {
    const names = async (q: string) =>
      (await get<ProjectsResponse>(`/api/v1/projects?q=${enc(q)}`)).body.items.map((p) => p.name);
    expect(await names('paymnts')).toContain('payments-api');
    expect(await names('elasticsearch')).toEqual(['search-service']);
    expect(await names('postgresql')).toEqual(['payments-api']);
    expect(await names('payment providers')).toEqual(['payments-api']);
    expect(await names('warehou')).toEqual(['data-pipeline']);
    expect(await names('zzzzqqq')).toEqual([]);
  });

  it('filters by facets, sorts and pages', async () => {
    const web = (await get<ProjectsResponse>('/api/v1/projects?team=web&sort=name')).body;
    expect(web.items.map((p) => p.name)).toEqual(['storefront', 'ui-kit']);
    // Facet counts of other values stay visible while one is chosen.
    expect(web.facets.team.find((f) => f.value === 'payments')?.count).toBe(1);
    const paged = (await get<ProjectsResponse>('/api/v1/projects?sort=name&pageSize=2&page=2')).body;
    expect(paged).toMatchObject({ total: 6, page: 2, pageSize: 2 });
    expect(paged.items.map((p) => p.name)).toEqual(['payments-api', 'search-service']);
    const dormant = (await get<ProjectsResponse>('/api/v1/projects?activity=dormant')).body;
    expect(dormant.items.map((p) => p.name)).toEqual(['notes']);
    const bad = await get<{ id: string; status: number }>('/api/v1/projects?sort=bogus');
    expect(bad.res.statusCode).toBe(400);
    expect(bad.body).toMatchObject({ id: 'USAGE', status: 400 });
  });

  it('shows one project with owners, contribute panel, metrics and re-use', async () => {
    const { res, body } = await get<ProjectDetail>(`/api/v1/projects/${enc('local:payments-api')}`);
    expect(res.statusCode).toBe(200);
    expect(body.innersource).toMatchObject({ title: 'Payments API', skills: ['TypeScript', 'PostgreSQL'] });
    expect(body.docs.map((d) => d.kind)).toEqual(expect.arrayContaining(['readme', 'contributing']));
    expect(body.owners.map((o) => o.owner)).toContain('@acme/payments');
    expect(body.dependents.map((d) => d.name)).toContain('storefront');
    expect(body.dependencies.map((d) => d.name)).toEqual(['ui-kit']);
    expect(body.metrics?.windows.map((w) => w.days)).toEqual([30, 90, 365]);
    expect(body.metrics?.contributorsByTeam.find((t) => t.own)?.team).toBe('payments');
    expect(body.languageBytes.length).toBeGreaterThan(0);
    const missing = await get<{ id: string; status: number; message: string }>(
      `/api/v1/projects/${enc('local:nope')}`,
    );
    expect(missing.res.statusCode).toBe(404);
    expect(missing.body).toMatchObject({ id: 'NOT_FOUND', status: 404 });
  });

  it('renders the README safely with resolved links, and serves stored files', async () => {
    const { body } = await get<{ path: string; html: string }>(
      `/api/v1/projects/${enc('local:payments-api')}/readme`,
    );
    expect(body.path).toBe('README.md');
    expect(body.html).toContain('<h1 id="user-content-payments-api">Payments API</h1>');
    // A link to a rendered document stays in the portal (its page links to the source file).
    expect(body.html).toContain(`href="/projects/${enc('local:payments-api')}/docs/CONTRIBUTING.md"`);
    const file = await app.inject(`/api/v1/projects/${enc('local:payments-api')}/files/CONTRIBUTING.md`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/plain');
    expect(file.body).toContain('Fork, branch, test');
    expect(
      (await app.inject(`/api/v1/projects/${enc('local:payments-api')}/files/src/nope.ts`)).statusCode,
    ).toBe(404);
    expect(
      (await app.inject(`/api/v1/projects/${enc('local:payments-api')}/files/a/../../x`)).statusCode,
    ).toBe(404);
    const none = await get<{ path: null; html: string }>(`/api/v1/projects/${enc('local:notes')}/readme`);
    expect(none.body).toEqual({ path: null, html: '' });
  });

  it('gives 52 weeks of activity', async () => {
    const { body } = await get<ActivityResponse>(`/api/v1/projects/${enc('local:payments-api')}/activity`);
    expect(body.weeks).toHaveLength(52);
    expect(body.weeks[0].week).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(new Date(`${body.weeks[0].week}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(body.weeks.reduce((s, w) => s + w.commits, 0)).toBe(40);
  });

  it('lists teams and shows one with its owned repos and outside contributors', async () => {
    const teams = (await get<TeamsResponse>('/api/v1/teams')).body;
    expect(teams.items.map((t) => t.id).sort()).toEqual(['data', 'payments', 'search', 'web']);
    const web = (await get<TeamDetail>('/api/v1/teams/web')).body;
    expect(web.owns.map((p) => p.name).sort()).toEqual(['storefront', 'ui-kit']);
    expect(web.outsideContributors.map((o) => o.person.email)).toContain('pia@payments.example.com');
    expect(web.contributesTo.map((c) => c.repo.name)).toContain('payments-api');
    expect((await app.inject('/api/v1/teams/nope')).statusCode).toBe(404);
  });

  it('builds the dashboard, the re-use graph and the standards matrix', async () => {
    const dash = (await get<DashboardResponse>('/api/v1/dashboard')).body;
    expect(dash.totals.repos).toBe(6);
    expect(dash.series).toHaveLength(12);
    expect(dash.series.at(-1)?.month).toBe('2025-06');
    expect(dash.mostActive.length).toBeGreaterThan(0);
    const graph = (await get<GraphResponse>('/api/v1/graph')).body;
    const edge = (from: string, to: string) =>
      graph.edges.find((e) => e.from === `local:${from}` && e.to === `local:${to}`);
    expect(edge('storefront', 'ui-kit')).toMatchObject({ packages: ['@acme/ui'], crossTeam: false });
    expect(edge('storefront', 'payments-api')).toMatchObject({ crossTeam: true });
    const searchOnly = (await get<GraphResponse>('/api/v1/graph?team=search')).body;
    expect(searchOnly.edges).toEqual([]);
    const standards = await get<StandardsResponse>('/api/v1/standards?failing=0');
    expect(standards.res.statusCode).toBe(200);
    expect(standards.body.repos).toHaveLength(6);
  });

  it('pages the standards matrix and counts failures per rule over every page', async () => {
    const standards = (url: string) => get<StandardsResponse>(url);
    const all = (await standards('/api/v1/standards')).body;
    expect(all).toMatchObject({ total: 6, page: 1, pageSize: 50 });
    // Rows stay ordered by name, then id.
    const names = all.repos.map((r) => r.name);
    expect(names).toEqual([
      'data-pipeline',
      'notes',
      'payments-api',
      'search-service',
      'storefront',
      'ui-kit',
    ]);

    // Pages of 2: each has 2 rows, the total is unchanged, and together they are the whole list, in order.
    const pages = [];
    for (let n = 1; n <= 3; n++) {
      const { res, body } = await standards(`/api/v1/standards?pageSize=2&page=${n}`);
      expect(res.statusCode).toBe(200);
      expect(body).toMatchObject({ total: 6, page: n, pageSize: 2 });
      expect(body.repos).toHaveLength(2);
      pages.push(body.repos.map((r) => r.name));
    }
    expect(pages.flat()).toEqual(names);
    expect(new Set(pages.flat()).size).toBe(6);
    // The same page asked again is the same rows (stable paging).
    const again = (await standards('/api/v1/standards?pageSize=2&page=2')).body;
    expect(again.repos.map((r) => r.name)).toEqual(pages[1]);
    // Past the end: no rows, still the total.
    const past = (await standards('/api/v1/standards?pageSize=2&page=4')).body;
    expect(past).toMatchObject({ total: 6, page: 4, pageSize: 2, repos: [] });

    // Failing counts cover every filtered repo, not only the page: the fixture's known results.
    const failing = (body: StandardsResponse) => Object.fromEntries(body.rules.map((r) => [r.id, r.failing]));
    const small = (await standards('/api/v1/standards?pageSize=1')).body;
    expect(small.repos).toHaveLength(1);
    for (const body of [all, small]) {
      // contributing: all but payments-api and ui-kit; licence: data-pipeline, notes, storefront; readme: notes.
      expect(failing(body)).toMatchObject({ contributing: 4, licence: 3, readme: 1, 'innersource-json': 0 });
      // payments-api reaches bronze: its README links its chat (chat.example.com), which the project page and
      // the communication-channel rule now read alike.
      expect(body.levels).toEqual({ gold: 0, silver: 0, bronze: 1, none: 5 });
    }
    // Every rule's count equals the fails among all rows.
    for (const r of all.rules)
      expect(r.failing, r.id).toBe(all.repos.filter((row) => row.results[r.id] === 'fail').length);

    // Filters narrow the total and the counts; paging applies after them.
    const web = (await standards('/api/v1/standards?team=web&pageSize=1&page=2')).body;
    expect(web).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(web.repos.map((r) => r.name)).toEqual(['ui-kit']);
    expect(failing(web)).toMatchObject({ contributing: 1, licence: 1, readme: 0 });
    expect(web.levels.none).toBe(2);
    const contributing = (await standards('/api/v1/standards?rule=contributing&failing=1&pageSize=3')).body;
    expect(contributing).toMatchObject({ total: 4, pageSize: 3 });
    expect(contributing.rules.map((r) => [r.id, r.failing])).toEqual([['contributing', 4]]);
    expect(contributing.repos.map((r) => r.name)).toEqual(['data-pipeline', 'notes', 'search-service']);
    const rest = (await standards('/api/v1/standards?rule=contributing&failing=1&pageSize=3&page=2')).body;
    expect(rest.repos.map((r) => r.name)).toEqual(['storefront']);

    // Invalid paging is a usage error, like /api/v1/projects.
    for (const q of ['pageSize=0', 'pageSize=1000', 'pageSize=501', 'page=0', 'page=x', 'pageSize=2.5']) {
      const bad = await get<{ id: string; status: number }>(`/api/v1/standards?${q}`);
      expect(bad.res.statusCode, q).toBe(400);
      expect(bad.body, q).toMatchObject({ id: 'USAGE', status: 400 });
    }
    expect((await standards('/api/v1/standards?pageSize=500')).res.statusCode).toBe(200);
  });

  it('takes team numbers from the metrics service: a team equals `agora teams --json`', async () => {
    const { teamSummaries, teamDetail, orgRollup } = await import('../../src/metrics/service.ts');
    const cli = await teamSummaries(getStore(), loadedConfig, { now: NOW });
    const teams = (await get<TeamsResponse>('/api/v1/teams')).body;
    for (const t of cli) {
      const api = teams.items.find((x) => x.id === t.id);
      expect(api).toMatchObject({
        repos: t.ownedRepos,
        members: t.members,
        commits: t.commits,
        commitsToOtherTeams: t.commitsToOtherTeams,
        outsideCommitsReceived: t.outsideCommitsReceived,
      });
    }
    const web = (await get<TeamDetail>('/api/v1/teams/web')).body;
    const cliWeb = await teamDetail(getStore(), loadedConfig, 'web', { now: NOW });
    expect(web.outsideContributorCount).toBe(new Set(cliWeb.outsideContributors.map((o) => o.identity)).size);
    expect(web.commitsToOtherTeams).toBeGreaterThan(0);
    const dash = (await get<DashboardResponse>('/api/v1/dashboard')).body;
    const rollup = await orgRollup(getStore(), loadedConfig, { now: NOW });
    expect(dash.totals.crossTeamContributors90).toBe(rollup.crossTeamContributors);
    expect(dash.totals.reuseEdges).toBe(rollup.reuseEdges);
    expect(dash.series.map((p) => p.crossTeamContributors)).toEqual(
      rollup.series.map((p) => p.crossTeamContributors),
    );
    const projects = (await get<ProjectsResponse>('/api/v1/projects?pageSize=50')).body;
    const scores = await (await import('../../src/metrics/service.ts')).allRepoScores(
      getStore(),
      loadedConfig,
      {
        now: NOW,
      },
    );
    for (const p of projects.items) {
      expect(p.owner.team).toBe(scores[p.id].team);
      expect(p.outsideContributors90).toBe(scores[p.id].outsideContributors90);
    }
  });

  it("shows the standards engine's levels, rule texts and compliance", async () => {
    const { evaluateStoredRepos } = await import('../../src/checks/service.ts');
    const check = await evaluateStoredRepos(getStore(), loadedConfig, { save: false });
    const projects = (await get<ProjectsResponse>('/api/v1/projects?pageSize=50')).body;
    for (const report of check.reports) {
      const p = projects.items.find((x) => x.id === report.repo.id);
      expect(p?.level, report.repo.id).toBe(report.readiness.level ?? 'none');
    }
    expect(check.reports.length).toBe(projects.items.length);
    const detail = (await get<ProjectDetail>(`/api/v1/projects/${enc('local:storefront')}`)).body;
    expect(detail.checks.ruleset).toBe(check.ruleset.name);
    expect(detail.checks.results.length).toBeGreaterThan(0);
    for (const r of detail.checks.results) {
      expect(r.why.length, r.rule).toBeGreaterThan(10);
      if (r.status === 'fail') expect(r.fix?.length, r.rule).toBeGreaterThan(10);
      else expect(r.fix).toBeNull();
    }
    const failing = detail.checks.results.find((r) => r.status === 'fail');
    const rule = check.ruleset.rules.find((r) => r.id === failing?.rule);
    expect(failing?.fix).toBe(rule?.fix.text);
    const standards = (await get<StandardsResponse>('/api/v1/standards')).body;
    expect(standards.rules.every((r) => r.why.length > 0 && r.title.length > 0)).toBe(true);
    const dash = (await get<DashboardResponse>('/api/v1/dashboard')).body;
    const levelled = projects.items.filter((p) => p.level !== 'none').length / projects.items.length;
    expect(levelled).toBeGreaterThan(0);
    // The crawl's check run is stamped with the wall clock, not the test's NOW: its month has a point, and the
    // headline share (as at NOW) reads it only when it came before NOW (null otherwise; null is not 0).
    const month = new Date().toISOString().slice(0, 7);
    const { complianceOverTime } = await import('../../src/store/queries/checks.ts');
    const runs = await complianceOverTime(getStore().db);
    expect(runs.length).toBeGreaterThan(0);
    if (runs.some((r) => Date.parse(r.evaluatedAt) <= NOW.getTime()))
      expect(dash.totals.compliance).toBeCloseTo(levelled, 3);
    else expect(dash.totals.compliance).toBeNull();
    if (dash.series.some((p) => p.month === month))
      expect(dash.series.find((p) => p.month === month)?.compliance).toBeCloseTo(levelled, 3);
  });

  it('describes local repos from innersource.json, catalog-info or the README', async () => {
    const projects = (await get<ProjectsResponse>('/api/v1/projects?pageSize=50')).body;
    const desc = (name: string) => projects.items.find((p) => p.name === name)?.description;
    expect(desc('payments-api')).toBe('So no team writes its own card handling.');
    expect(desc('storefront')).toBe('The customer-facing shop.');
    expect(desc('data-pipeline')).toBe('Nightly jobs that load orders into the warehouse.');
    expect(desc('notes')).toBeNull();
  });

  it('sets a strict CSP and security headers, and a scoped one for the API docs', async () => {
    const res = await app.inject('/api/v1/teams');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const docs = await app.inject('/api/docs/');
    expect(docs.statusCode).toBeLessThan(400);
    expect(String(docs.headers['content-security-policy'])).not.toMatch(/script-src[^;]*unsafe/);
  });

  it('compresses with brotli and gzip', async () => {
    for (const enc of ['br', 'gzip']) {
      const res = await app.inject({
        url: '/api/v1/projects?pageSize=50',
        headers: { 'accept-encoding': enc },
      });
      expect(res.headers['content-encoding']).toBe(enc);
    }
    const plain = await app.inject({ url: '/api/v1/projects', headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await app.inject('/api/v1/projects?q=ui');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const again = await app.inject({ url: '/api/v1/projects?q=ui', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const other = await app.inject({ url: '/api/v1/projects?q=pay', headers: { 'if-none-match': etag } });
    expect(other.statusCode).toBe(200);
  });

  it('exports repos.json in the SAP portal format, Backstage YAML and CSV', async () => {
    const sap = await app.inject('/api/v1/export/repos.json');
    const repos = sap.json() as Record<string, unknown>[];
    expect(repos).toHaveLength(6);
    for (const r of repos) {
      for (const f of SAP_PORTAL_FIELDS) expect(r, f).toHaveProperty(f);
      const meta = r._InnerSourceMetadata as Record<string, unknown>;
      expect(Array.isArray(meta.participation) && meta.participation.length).toBe(52);
      expect(typeof meta.score).toBe('number');
      for (const k of Object.keys(meta)) expect(SAP_PORTAL_METADATA_FIELDS).toContain(k);
    }
    const pay = repos.find((r) => r.name === 'payments-api') as {
      id: unknown;
      _InnerSourceMetadata: unknown;
    };
    expect(pay._InnerSourceMetadata).toMatchObject({ guidelines: 'CONTRIBUTING.md', title: 'Payments API' });
    expect(typeof pay.id).toBe('number');

    const yaml = await app.inject('/api/v1/export/catalog-info.yaml');
    const docs = parseAllDocuments(yaml.body).map((d) => d.toJS());
    expect(docs.filter((d) => d.kind === 'Component')).toHaveLength(6);
    expect(docs.filter((d) => d.kind === 'Group').map((d) => d.metadata.name)).toContain('payments');
    expect(docs.find((d) => d.metadata.name === 'payments-api')).toMatchObject({
      kind: 'Component',
      spec: { owner: 'group:payments' },
    });

    const csv = await app.inject('/api/v1/export/repos.csv');
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toMatch(/^id,name,full_name,description,team/);
    expect(lines.filter((l) => l.length > 0)).toHaveLength(7);
  });

  it('needs the admin token to start a crawl, and never shows or logs it', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/v1/crawls' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ id: 'UNAUTHORIZED', status: 401 });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/crawls',
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/crawls',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(ok.statusCode).toBe(202);
    const busy = await app.inject({
      method: 'POST',
      url: '/api/v1/crawls',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect([202, 409]).toContain(busy.statusCode);
    await app.portal.crawling;
    const crawls = await app.inject('/api/v1/crawls');
    expect((crawls.json() as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(2);
    for (const r of [none, wrong, ok, busy, crawls]) {
      expect(r.body).not.toContain(TOKEN);
      expect(JSON.stringify(r.headers)).not.toContain(TOKEN);
    }
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('fixture', () => {
  it('built the organisation', () => {
    expect(orgDir).not.toBe('');
  });
});
