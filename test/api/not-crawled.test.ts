// Repos a source lists but no crawl could store (a corrupt repository here; a given-up queue job in
// test/e2e/queue/workers.test.ts) are where a person looks for them: the search answers them beside the
// results (`notCrawled`, with their error), the dashboard counts and lists them, and their project URL says why
// there is no page. Visibility holds: a never-stored repo of a private source is named to no one who cannot see
// it, on any GET route of the API, and asking for it answers exactly as for a repo that does not exist.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.ts';
import { makeRepo, removeObject, revParse, tmpDir } from '../helpers/gitdir.ts';

const MARKER = 'qvx83';
const PROXY = '10.9.9.9';

describe('repos no crawl could store', () => {
  let app: FastifyInstance;
  let store: Store;

  beforeAll(async () => {
    const root = await tmpDir('agora-not-crawled-');
    await makeRepo({ dir: join(root, 'pub', 'good'), commits: [{ files: { 'README.md': '# good\n' } }] });
    for (const dir of [join(root, 'pub', 'broken-pub'), join(root, 'sec', `broken-${MARKER}`)]) {
      await makeRepo({ dir, commits: [{ files: { 'README.md': '# broken\n' } }] });
      // HEAD's commit is gone: every crawl of the repo fails, so it is never stored.
      await removeObject(dir, await revParse(dir));
    }
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - { type: local, name: pub, path: pub, portalVisibility: public }',
        '  - { type: local, name: sec, path: sec, portalVisibility: private }',
        'server:',
        '  auth:',
        '    mode: proxy',
        '    anonymous: true',
        `    proxy: { trusted: ["${PROXY}/32"] }`,
        '    admins: { people: [admin@example.com] }',
        '',
      ].join('\n'),
    );
    const { loadConfig } = await import('../../src/config/load.ts');
    const { openStore } = await import('../../src/store/db.ts');
    const { runCrawl } = await import('../../src/crawl/crawl.ts');
    const { buildApp } = await import('../../src/server/app.ts');
    const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
    store = await openStore({ url: `sqlite:${join(root, 'data', 'agora.db')}`, dataDir: join(root, 'data') });
    const summary = await runCrawl({ loaded, store });
    expect(summary.repos).toMatchObject({ new: 1, failed: 2 });
    app = await buildApp({ store, loaded, webDist: join(root, 'none') });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const as = (who: 'anonymous' | 'bob' | 'admin', o: InjectOptions): InjectOptions => ({
    ...o,
    headers: who === 'anonymous' ? {} : { 'x-forwarded-email': `${who}@example.com` },
    remoteAddress: who === 'anonymous' ? '127.0.0.1' : PROXY,
  });
  const get = async (who: 'anonymous' | 'bob' | 'admin', url: string) =>
    app.inject(as(who, { method: 'GET', url }));

  it('are found by name in the search, counted and listed on the dashboard, and their URL says why', async () => {
    const found = (await get('anonymous', '/api/v1/projects?q=broken')).json();
    expect(found.total).toBe(0);
    expect(found.notCrawled).toEqual([
      expect.objectContaining({ id: 'pub:broken-pub', name: 'broken-pub', code: 'GIT_FAILED' }),
    ]);
    expect(found.notCrawled[0].error).toMatch(/missing or corrupt/);
    // Only beside an unfiltered first page; never in the results, totals or facets.
    expect((await get('anonymous', '/api/v1/projects?q=broken&page=2')).json().notCrawled).toEqual([]);
    expect((await get('anonymous', '/api/v1/projects?q=broken&level=none')).json().notCrawled).toEqual([]);
    const all = (await get('anonymous', '/api/v1/projects')).json();
    expect(all.items.map((p: { id: string }) => p.id)).toEqual(['pub:good']);
    const dashboard = (await get('anonymous', '/api/v1/dashboard')).json();
    expect(dashboard.notCrawled.total).toBe(1);
    expect(dashboard.notCrawled.items[0]).toMatchObject({ id: 'pub:broken-pub', code: 'GIT_FAILED' });
    const page = await get('anonymous', `/api/v1/projects/${encodeURIComponent('pub:broken-pub')}`);
    expect(page.statusCode).toBe(404);
    expect(page.json().message).toMatch(/listed but no crawl could store it yet: .*missing or corrupt/);
    // Who sees every repo sees the private source's too.
    const admin = (await get('admin', '/api/v1/dashboard')).json();
    expect(admin.notCrawled.items.map((r: { id: string }) => r.id)).toEqual([
      'pub:broken-pub',
      `sec:broken-${MARKER}`,
    ]);
    expect((await get('admin', `/api/v1/projects?q=${MARKER}`)).json().notCrawled).toHaveLength(1);
  });

  it('of a private source are named to no one who cannot see them, on any GET route', async () => {
    const doc = (await get('admin', '/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const ids = ['pub:good', 'pub:broken-pub', `sec:broken-${MARKER}`];
    const urls: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (!ops.get) continue;
      for (const id of path.includes('{id}') ? ids : ['']) {
        let url = path.replace('{id}', encodeURIComponent(id)).replace(/\{\*\}|\*$/, 'README.md');
        if (url === '/api/v1/projects') url += `?q=${MARKER}`;
        urls.push(url);
      }
    }
    expect(urls).toContain('/api/v1/dashboard');
    for (const who of ['anonymous', 'bob'] as const) {
      for (const url of urls) {
        const res = await get(who, url);
        expect(res.statusCode, `${who} ${url}`).toBeLessThan(500);
        if (url.includes(MARKER)) {
          const ghost = await get(who, url.replaceAll(MARKER, 'nothere'));
          expect(res.statusCode, `${who} ${url}`).toBe(ghost.statusCode);
          expect(res.body.replaceAll(MARKER, 'nothere'), `${who} ${url}`).toBe(ghost.body);
          continue;
        }
        expect(res.body.includes(MARKER), `${who} ${url}: ${res.body.slice(0, 300)}`).toBe(false);
      }
    }
  });
});
