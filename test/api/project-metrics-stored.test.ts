// Project pages serve metrics computed once per crawl (issue 9.20): after a real crawl every repo has a stored
// row, the project API returns what `agora metrics REPO --json` computes as of that instant (SQLite and
// PostgreSQL), a request serves the stored row instead of recomputing it, a missing row is computed on demand
// and kept, and a crawl that adds commits refreshes the stored metrics.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/config/schema.ts';
import type { RepoMetrics } from '../../src/metrics/types.ts';
import type { ProjectDetail } from '../../src/server/api-types.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { readRepoDerived, writeRepoDerived } from '../../src/store/queries/derived.ts';
import { runCli } from '../helpers/cli.ts';
import { describeEachDatabase } from '../helpers/databases.ts';
import { addCommits, makeRepo, revParse, tmpDir } from '../helpers/gitdir.ts';
import { FIXTURE_TEAMS_YAML, fixtureOrg } from '../helpers/portal.ts';

// The crawl computes metrics as of its own clock, so the fixture's commits are dated from the real one.
const NOW = new Date();
const DAY = 86_400_000;
const PAYMENTS = 'local:payments-api';
const UI_KIT = 'local:ui-kit';

let orgDir = '';
let configFile = '';

beforeAll(async () => {
  orgDir = await tmpDir('agora-derived-');
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

/** The API's metrics block as the metrics service's numbers map onto it. */
function expected(m: RepoMetrics) {
  return {
    windows: m.windows.map((w) => ({
      days: w.days,
      commits: w.commits,
      contributors: w.activeContributors,
      outsideCommits: w.outsideCommits,
      outsideShare: w.outsideShare ?? 0,
      outsideContributors: w.outsideContributors,
      outsideTeams: w.outsideTeams,
      busFactor: w.busFactor,
    })),
    firstCommitAt: m.firstCommitAt,
    lastCommitAt: m.lastCommitAt,
    contributorsByTeam: m.contributorsByTeam.map((t) => ({
      team: t.team,
      teamName: t.name,
      own: !t.outside,
      commits: t.commits,
      contributors: t.contributors,
    })),
    asOf: m.now,
  };
}

describeEachDatabase('project metrics stored per crawl', (database) => {
  let loaded: LoadedConfig;
  let app: FastifyInstance;
  let store: Store;
  let url = '';
  const getStore = () => store;

  async function serve(store: Store): Promise<FastifyInstance> {
    const { buildApp } = await import('../../src/server/app.ts');
    return buildApp({ store, loaded, webDist: join(orgDir, 'no-web-build') });
  }

  async function project(a: FastifyInstance, id: string): Promise<ProjectDetail> {
    const res = await a.inject(`/api/v1/projects/${encodeURIComponent(id)}`);
    expect(res.statusCode).toBe(200);
    return res.json() as ProjectDetail;
  }

  /** `agora metrics REPO --json` as of `asOf`, on the same store. */
  async function cliMetrics(id: string, asOf: string): Promise<RepoMetrics> {
    const res = await runCli(
      ['--config', configFile, '--database', url, '--json', 'metrics', id, '--now', asOf],
      { cwd: orgDir },
    );
    expect(res.code, `${res.stdout}${res.stderr}`).toBe(0);
    return res.json as RepoMetrics;
  }

  beforeAll(async () => {
    const { loadConfig } = await import('../../src/config/load.ts');
    const { runCrawl } = await import('../../src/crawl/crawl.ts');
    loaded = await loadConfig({ file: configFile, cwd: orgDir });
    const dataDir = join(orgDir, `data-${database.kind}`);
    url = database.url() ?? `sqlite:${join(dataDir, 'agora.db')}`;
    store = await openStore({ url, dataDir });
    const summary = await runCrawl({ loaded, store: getStore() });
    expect(summary.repos.failed).toBe(0);
    app = await serve(getStore());
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("stores every repo's metrics at the crawl and serves what `agora metrics REPO --json` computes", async () => {
    for (const repo of fixtureOrg(NOW).repos) {
      const row = await readRepoDerived(getStore().db, `local:${repo.name}`);
      expect(row, repo.name).toBeDefined();
      expect(row?.head_sha).toBe(await revParse(join(orgDir, 'org', repo.name)));
    }
    const p = await project(app, PAYMENTS);
    expect(p.metrics?.asOf).toBeTruthy();
    const m = await cliMetrics(PAYMENTS, p.metrics?.asOf as string);
    expect(m.windows[0].commits).toBeGreaterThan(0);
    expect({ ...p.metrics, busFactor: undefined }).toEqual({ ...expected(m), busFactor: undefined });
    expect(p.dependencies.map((l) => l.id)).toEqual(m.dependencies.map((l) => l.repoId));
    expect(p.dependents.map((l) => l.id)).toEqual(m.dependents.map((l) => l.repoId));
  });

  it('serves the stored result instead of recomputing it', async () => {
    const row = await readRepoDerived(getStore().db, PAYMENTS);
    if (!row) throw new Error('no stored row');
    const m = JSON.parse(row.metrics) as RepoMetrics;
    m.windows[0].commits = 987_654;
    await writeRepoDerived(getStore().db, [{ ...row, metrics: JSON.stringify(m) }]);
    const fresh = await serve(getStore());
    try {
      expect((await project(fresh, PAYMENTS)).metrics?.windows[0].commits).toBe(987_654);
    } finally {
      await fresh.close();
      await writeRepoDerived(getStore().db, [row]);
    }
  });

  it('computes missing metrics on demand, keeps them, and matches the CLI', async () => {
    await getStore().db.deleteFrom('repo_derived').where('repo_id', '=', UI_KIT).execute();
    const fresh = await serve(getStore());
    try {
      const p = await project(fresh, UI_KIT);
      expect(p.metrics?.asOf).toBeTruthy();
      expect(await readRepoDerived(getStore().db, UI_KIT)).toBeDefined();
      const m = await cliMetrics(UI_KIT, p.metrics?.asOf as string);
      expect({ ...p.metrics, busFactor: undefined }).toEqual({ ...expected(m), busFactor: undefined });
    } finally {
      await fresh.close();
    }
  });

  it('computes nothing on demand beyond its bounds (the page shows approximations)', async () => {
    const { projectMetricsSource, ON_DEMAND } = await import('../../src/server/derived.ts');
    await getStore().db.deleteFrom('repo_derived').where('repo_id', '=', UI_KIT).execute();
    const p = app.portal.catalogue.byId.get(UI_KIT);
    if (!p) throw new Error('no ui-kit in the catalogue');
    const small = projectMetricsSource(getStore(), loaded, () => new Date(), { ...ON_DEMAND, maxCommits: 1 });
    expect(await small.get(p)).toBeNull();
    expect(await readRepoDerived(getStore().db, UI_KIT)).toBeUndefined();
    // Within the bounds it is computed once and kept: the second answer is the cached one.
    const source = projectMetricsSource(getStore(), loaded, () => new Date());
    const first = await source.get(p);
    expect(first?.repoId).toBe(UI_KIT);
    expect(await source.get(p)).toBe(first);
    expect(await readRepoDerived(getStore().db, UI_KIT)).toBeDefined();
  });

  it('refreshes the stored metrics after a crawl that adds commits', async () => {
    const before = await project(app, PAYMENTS);
    const repo = join(orgDir, 'org', 'payments-api');
    const pia = { name: 'Pia Payments', email: 'pia@payments.example.com' };
    await addCommits(
      repo,
      [1, 2, 3].map((i) => ({
        files: { [`src/late-${i}.txt`]: `late ${i}\n` },
        author: pia,
        date: new Date(NOW.getTime() - i * DAY).toISOString(),
        message: `Late change ${i}\n`,
      })),
    );
    const { runCrawl } = await import('../../src/crawl/crawl.ts');
    const summary = await runCrawl({ loaded, store: getStore() });
    expect(summary.repos.changed).toBe(1);
    expect((await readRepoDerived(getStore().db, PAYMENTS))?.head_sha).toBe(await revParse(repo));
    await app.portal.reload();
    const after = await project(app, PAYMENTS);
    expect(after.metrics?.windows[0].commits).toBe((before.metrics?.windows[0].commits ?? 0) + 3);
    const m = await cliMetrics(PAYMENTS, after.metrics?.asOf as string);
    expect({ ...after.metrics, busFactor: undefined }).toEqual({ ...expected(m), busFactor: undefined });
  });
});
