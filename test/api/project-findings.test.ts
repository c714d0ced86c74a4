// A repo's findings on its project (issue 9.3): the project API returns the findings its crawl met (code,
// severity, message, path), counted by severity, errors first, and `/findings` pages through all of them; a
// clean repo has none. Crawled for real from a repo with a broken package.json and innersource.json, on
// SQLite and PostgreSQL.

import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Paged, ProjectDetail } from '../../src/server/api-types.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { describeEachStore } from '../helpers/stores.ts';

const BROKEN = 'org:broken';
const CLEAN = 'org:clean';

describeEachStore('project findings', (getStore) => {
  let app: FastifyInstance;

  beforeAll(async () => {
    const dir = await tmpDir('agora-findings-');
    await makeRepo({
      dir: join(dir, 'org', 'broken'),
      commits: [
        {
          files: {
            'README.md': '# Broken\n\nA repo whose metadata does not parse.\n',
            'package.json': '{ "name": "broken", ',
            'innersource.json': '[1, 2',
          },
        },
      ],
    });
    await makeRepo({ dir: join(dir, 'org', 'clean'), commits: [{ files: { 'README.md': '# Clean\n' } }] });
    const { loadConfig } = await import('../../src/config/load.ts');
    const { runCrawl } = await import('../../src/crawl/crawl.ts');
    const { buildApp } = await import('../../src/server/app.ts');
    const loaded = await loadConfig({ cwd: dir });
    const summary = await runCrawl({ loaded, store: getStore(), paths: [join(dir, 'org')] });
    expect(summary.repos.failed).toBe(0);
    // An error (as a failed crawl records) and two notes beside the crawl's own warnings.
    const crawlId = summary.crawlId;
    await getStore()
      .db.insertInto('findings')
      .values([
        {
          repo_id: 'org:broken',
          crawl_id: crawlId,
          code: 'OBJECT_MISSING',
          severity: 'error',
          message: 'a blob is missing',
          path: null,
        },
        {
          repo_id: 'org:broken',
          crawl_id: crawlId,
          code: 'FILE_SKIPPED',
          severity: 'info',
          message: 'note 1',
          path: 'a',
        },
        {
          repo_id: 'org:broken',
          crawl_id: crawlId,
          code: 'FILE_SKIPPED',
          severity: 'info',
          message: 'note 2',
          path: 'b',
        },
      ])
      .execute();
    app = await buildApp({ store: getStore(), loaded, webDist: join(dir, 'none') });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function get<T>(url: string): Promise<T> {
    const res = await app.inject(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  }

  it("returns the repo's findings with counts by severity, errors first", async () => {
    const p = await get<ProjectDetail>(`/api/v1/projects/${encodeURIComponent(BROKEN)}`);
    expect(p.findings?.bySeverity).toEqual({ error: 1, warning: 2, info: 2 });
    expect(p.findings?.total).toBe(5);
    expect(p.totals?.findings).toBe(5);
    expect(p.findings?.items.map((f) => f.severity)).toEqual(['error', 'warning', 'warning', 'info', 'info']);
    expect(p.findings?.items[0]).toEqual({
      code: 'OBJECT_MISSING',
      severity: 'error',
      message: 'a blob is missing',
      path: null,
    });
    const codes = p.findings?.items.filter((f) => f.severity === 'warning').map((f) => [f.code, f.path]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['MANIFEST_INVALID', 'package.json'],
        ['INNERSOURCE_JSON_INVALID', 'innersource.json'],
      ]),
    );
  });

  it('pages through the findings', async () => {
    const base = `/api/v1/projects/${encodeURIComponent(BROKEN)}/findings`;
    const page2 = await get<Paged<{ severity: string; message: string }>>(`${base}?page=2&pageSize=2`);
    expect(page2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.items.map((f) => f.severity)).toEqual(['warning', 'info']);
    expect((await get<Paged<unknown>>(`${base}?page=3&pageSize=2`)).items).toHaveLength(1);
  });

  it('has no findings for a clean repo', async () => {
    const p = await get<ProjectDetail>(`/api/v1/projects/${encodeURIComponent(CLEAN)}`);
    expect(p.findings).toEqual({ total: 0, bySeverity: { error: 0, warning: 0, info: 0 }, items: [] });
  });
});
