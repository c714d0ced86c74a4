// The portal API fields real use asked for (issue 9, items 13–15), on SQLite and PostgreSQL: the period not
// over yet is flagged partial (dashboard months, project weeks), the "welcomes contributions" facet filters
// and counts, a logo is offered only when the repo's file was stored as an image (never an external URL), and
// graph nodes carry their number of dependents over the whole graph.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  ActivityResponse,
  DashboardResponse,
  GraphResponse,
  ProjectDetail,
  ProjectsResponse,
} from '../../src/server/api-types.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { LOGO_PNG, PAYMENTS_CONSUMERS, realUseOrg } from '../helpers/real-use-org.ts';
import { describeEachStore } from '../helpers/stores.ts';

const NOW = new Date('2025-06-15T12:00:00Z');
const enc = encodeURIComponent;

let orgDir = '';
let configFile = '';

beforeAll(async () => {
  orgDir = await tmpDir('agora-real-use-');
  const org = realUseOrg(NOW);
  for (const repo of org.repos)
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
      org.teamsYaml,
      '',
    ].join('\n'),
  );
}, 120_000);

describeEachStore('portal API for real use', (getStore) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const { loadConfig } = await import('../../src/config/load.ts');
    const { runCrawl } = await import('../../src/crawl/crawl.ts');
    const { buildApp } = await import('../../src/server/app.ts');
    const loaded = await loadConfig({ file: configFile, cwd: orgDir });
    const summary = await runCrawl({ loaded, store: getStore() });
    expect(summary.repos.failed).toBe(0);
    app = await buildApp({
      store: getStore(),
      loaded,
      webDist: join(orgDir, 'no-web-build'),
      now: () => NOW,
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  async function get<T>(url: string): Promise<T> {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode, url).toBe(200);
    return res.json() as T;
  }

  it('flags the current month of the dashboard series, and only it, as partial', async () => {
    const dash = await get<DashboardResponse>('/api/v1/dashboard');
    expect(dash.series.at(-1)).toMatchObject({ month: '2025-06', partial: true });
    expect(dash.series.slice(0, -1).filter((p) => 'partial' in p)).toEqual([]);
  });

  it("flags the current week of a project's activity, and only it, as partial", async () => {
    const { weeks } = await get<ActivityResponse>(`/api/v1/projects/${enc('local:payments-api')}/activity`);
    expect(weeks).toHaveLength(52);
    // 2025-06-15 is a Sunday: its week started on Monday the 9th.
    expect(weeks.at(-1)).toMatchObject({ week: '2025-06-09', partial: true });
    expect(weeks.slice(0, -1).filter((w) => 'partial' in w)).toEqual([]);
  });

  it('counts and filters projects that welcome contributions', async () => {
    const all = await get<ProjectsResponse>('/api/v1/projects?pageSize=100');
    expect(all.facets.welcomes).toEqual([
      { value: 'contributing-guide', count: 2 },
      { value: 'help-wanted', count: 1 },
    ]);
    const help = await get<ProjectsResponse>('/api/v1/projects?welcomes=help-wanted');
    expect(help.items.map((p) => p.id)).toEqual(['local:payments-api']);
    const guide = await get<ProjectsResponse>('/api/v1/projects?welcomes=contributing-guide&sort=name');
    expect(guide.items.map((p) => p.id)).toEqual(['local:payments-api', 'local:ui-kit']);
    // Combined with another facet, the counts follow the other filters.
    const web = await get<ProjectsResponse>('/api/v1/projects?team=web');
    expect(web.facets.welcomes).toEqual([{ value: 'contributing-guide', count: 1 }]);
    const bad = await app.inject('/api/v1/projects?welcomes=anything');
    expect(bad.statusCode).toBe(400);
  });

  it('offers a logo only when the repo file was stored as an image, and serves it', async () => {
    const { items } = await get<ProjectsResponse>('/api/v1/projects?pageSize=100');
    const logo = (name: string) => items.find((p) => p.id === `local:${name}`)?.logoUrl;
    expect(logo('payments-api')).toBe(`/api/v1/projects/${enc('local:payments-api')}/files/docs/logo.png`);
    expect(logo('storefront')).toBe(`/api/v1/projects/${enc('local:storefront')}/files/logo.svg`);
    // An external URL is never hotlinked; a missing file or text named .png is not an image.
    expect(logo('ui-kit')).toBeNull();
    expect(logo('search-service')).toBeNull();
    expect(logo('data-pipeline')).toBeNull();

    const png = await app.inject(logo('payments-api')!);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.equals(LOGO_PNG)).toBe(true);
    const svg = await app.inject(logo('storefront')!);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);

    const detail = await get<ProjectDetail>(`/api/v1/projects/${enc('local:payments-api')}`);
    expect(detail.logoUrl).toBe(logo('payments-api'));
    expect(detail.innersource?.logo).toBe('./docs/logo.png');
  });

  it('counts each graph node’s dependents over the whole graph, whatever the team filter', async () => {
    const graph = await get<GraphResponse>('/api/v1/graph');
    const dependents = (g: GraphResponse, name: string) =>
      g.nodes.find((n) => n.id === `local:${name}`)?.dependents;
    // storefront and the small consumers use @acme/payments-client; storefront and payments-api use @acme/ui.
    expect(dependents(graph, 'payments-api')).toBe(1 + PAYMENTS_CONSUMERS);
    expect(dependents(graph, 'ui-kit')).toBe(2);
    expect(dependents(graph, 'storefront')).toBe(0);
    expect(dependents(graph, 'svc-01')).toBe(0);
    const web = await get<GraphResponse>('/api/v1/graph?team=web');
    expect(dependents(web, 'ui-kit')).toBe(2);
    expect(dependents(web, 'payments-api')).toBe(1 + PAYMENTS_CONSUMERS);
  });
});
