// A repo with huge lists (a package bomb: 20,000 consumed packages in 100 manifests, 80 repos it depends on,
// 70 that depend on it, 3,000 findings, 500 owners, 200 contributors) gives a small project answer: every list
// capped with its full length in `totals`, the rest served a page at a time with `page`/`pageSize` and `total`
// (issue 15.5). Written through the store API, on SQLite and PostgreSQL.

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CommitRecord, Finding, PackageFact, RepoFacts } from '../../src/analyse/facts.ts';
import type { Paged, ProjectDetail } from '../../src/server/api-types.ts';
import type { Store } from '../../src/store/db.ts';
import { saveRepoCrawl } from '../../src/store/queries/repos-write.ts';
import { tmpDir } from '../helpers/gitdir.ts';
import { describeEachStore } from '../helpers/stores.ts';

const NOW = new Date();
const DAY = 86_400;
const BOMB = 'local:bomb';
const LIBS = 80;
const APPS = 70;
/** Every embedded list stays under this many bytes of JSON: the bomb's full lists are megabytes. */
const SMALL = 64 * 1024;

function facts(packages: PackageFact[], extra: Partial<RepoFacts> = {}): RepoFacts {
  return {
    docs: [],
    languages: [],
    primaryLanguage: null,
    owners: [],
    ci: [],
    tests: { testFiles: 0, testDirs: [] },
    packages,
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
    ...extra,
  };
}

async function save(
  store: Store,
  name: string,
  f: RepoFacts,
  commits: CommitRecord[] = [],
  findings: Finding[] = [],
) {
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
    facts: f,
    files: [],
    commits,
    findings,
    crawlId: 1,
    now: NOW.toISOString(),
  });
}

const npm = (name: string, role: PackageFact['role'], manifest = 'package.json'): PackageFact => ({
  ecosystem: 'npm',
  name,
  role,
  manifest,
});

describeEachStore('project lists of a package bomb', (getStore) => {
  let app: FastifyInstance;
  let packageCount = 0;

  beforeAll(async () => {
    const store = getStore();
    const packages: PackageFact[] = [npm('@acme/bomb', 'publishes')];
    for (let i = 0; i < 20_000; i++)
      packages.push(npm(`dep-${i}`, 'consumes', `pkg-${i % 100}/package.json`));
    for (let j = 0; j < LIBS; j++) packages.push(npm(`@acme/lib-${j}`, 'consumes'));
    for (let k = 0; k < 29; k++) packages.push(npm(`@acme/lib-0-extra-${k}`, 'consumes'));
    packageCount = packages.length;
    const now = Math.floor(NOW.getTime() / 1000);
    const commits: CommitRecord[] = Array.from({ length: 200 }, (_, i) => ({
      sha: i.toString(16).padStart(40, '0'),
      parents: 1,
      authorName: `Person ${i}`,
      authorEmail: `p${i}@example.com`,
      authorTime: now - (i + 1) * DAY,
      committerTime: now - (i + 1) * DAY,
      filesChanged: 1,
      additions: 1,
      deletions: 1,
      isBot: false,
    }));
    const findings: Finding[] = Array.from({ length: 3_000 }, (_, i) => ({
      code: i < 100 ? 'MANIFEST_INVALID' : i < 1_000 ? 'TOO_MANY_DEPENDENCIES' : 'FILE_SKIPPED',
      severity: i < 100 ? 'error' : i < 1_000 ? 'warning' : 'info',
      message: `finding ${i}`,
      path: `pkg-${i % 100}/package.json`,
    }));
    await save(
      store,
      'bomb',
      facts(packages, {
        owners: Array.from({ length: 500 }, (_, i) => ({
          owner: `@acme/team-${i}`,
          kind: 'team' as const,
          source: 'codeowners' as const,
          pattern: `/dir-${i}/`,
          catchAll: false,
        })),
        languages: Array.from({ length: 80 }, (_, i) => ({
          language: `Lang${i}`,
          bytes: 1000 - i,
          files: 1,
        })),
      }),
      commits,
      findings,
    );
    for (let j = 0; j < LIBS; j++) {
      const published = [npm(`@acme/lib-${j}`, 'publishes')];
      if (j === 0) for (let k = 0; k < 29; k++) published.push(npm(`@acme/lib-0-extra-${k}`, 'publishes'));
      await save(store, `lib-${j}`, facts(published));
    }
    for (let a = 0; a < APPS; a++) await save(store, `app-${a}`, facts([npm('@acme/bomb', 'consumes')]));

    const dir = await tmpDir('agora-lists-');
    const { loadConfig } = await import('../../src/config/load.ts');
    const loaded = await loadConfig({ cwd: dir });
    // What a crawl's finishing phase does: store every repo's metrics.
    const { refreshStoredMetrics } = await import('../../src/metrics/stored.ts');
    const refreshed = await refreshStoredMetrics(store, loaded, { changed: [BOMB] });
    expect(refreshed).toMatchObject({ problem: null, failed: 0 });
    const { buildApp } = await import('../../src/server/app.ts');
    app = await buildApp({ store, loaded, webDist: join(dir, 'none') });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function get<T>(url: string): Promise<{ status: number; bytes: number; body: T }> {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, bytes: res.body.length, body: res.json() as T };
  }

  it('embeds at most 50 items of each list, with the full lengths in totals', async () => {
    const {
      status,
      bytes,
      body: p,
    } = await get<ProjectDetail>(`/api/v1/projects/${encodeURIComponent(BOMB)}`);
    expect(status).toBe(200);
    expect(bytes).toBeLessThan(SMALL);
    expect(p.dependencies).toHaveLength(50);
    expect(p.dependents).toHaveLength(50);
    expect(p.owners).toHaveLength(50);
    expect(p.languageBytes).toHaveLength(50);
    expect(p.metrics?.contributorsByTeam.length).toBeLessThanOrEqual(50);
    expect(p.totals).toMatchObject({
      dependencies: LIBS,
      dependents: APPS,
      owners: 500,
      languages: 80,
      findings: 3_000,
    });
    const lib0 = p.dependencies.find((l) => l.id === 'local:lib-0');
    expect(lib0?.packages).toHaveLength(20);
    expect(lib0?.packagesTotal).toBe(30);
    expect(p.findings?.bySeverity).toEqual({ error: 100, warning: 900, info: 2_000 });
    expect(p.findings?.items).toHaveLength(20);
    expect(p.findings?.items.every((f) => f.severity === 'error')).toBe(true);
  });

  it('pages every list with page, pageSize (at most 200) and the total', async () => {
    const base = `/api/v1/projects/${encodeURIComponent(BOMB)}`;
    const pkgs = await get<Paged<{ name: string; role: string }>>(`${base}/packages?page=2&pageSize=200`);
    expect(pkgs.status).toBe(200);
    expect(pkgs.bytes).toBeLessThan(SMALL);
    expect(pkgs.body).toMatchObject({ total: packageCount, page: 2, pageSize: 200 });
    expect(pkgs.body.items).toHaveLength(200);
    const first = await get<Paged<{ name: string; role: string }>>(`${base}/packages`);
    expect(first.body.pageSize).toBe(50);
    expect(first.body.items[0]).toMatchObject({ name: '@acme/bomb', role: 'publishes' });
    expect((await get(`${base}/packages?pageSize=201`)).status).toBe(400);

    const last = await get<Paged<{ severity: string }>>(`${base}/findings?page=15&pageSize=200`);
    expect(last.body.total).toBe(3_000);
    expect(last.body.items).toHaveLength(200);
    expect(last.body.items.every((f) => f.severity === 'info')).toBe(true);
    expect((await get<Paged<unknown>>(`${base}/findings?page=16&pageSize=200`)).body.items).toHaveLength(0);

    const dependents = await get<Paged<{ id: string }>>(`${base}/dependents?page=2`);
    expect(dependents.body).toMatchObject({ total: APPS, page: 2, pageSize: 50 });
    expect(dependents.body.items).toHaveLength(APPS - 50);
    const dependencies = await get<Paged<{ id: string }>>(`${base}/dependencies?pageSize=200`);
    expect(dependencies.body.items).toHaveLength(LIBS);
    expect((await get<Paged<unknown>>(`${base}/contributors`)).body).toMatchObject({
      total: 200,
      pageSize: 50,
    });
    expect((await get<Paged<unknown>>(`${base}/owners?page=10`)).body.items).toHaveLength(50);
    expect((await get<Paged<unknown>>(`${base}/languages?page=2`)).body.items).toHaveLength(30);
  });
});
