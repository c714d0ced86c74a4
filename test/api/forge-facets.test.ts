// Forge data as search facets (issue 10): /api/v1/projects counts and filters by the forge's topics and
// visibility. Repos of a local source have no visibility: they are counted under no value, never a guessed one.
// A real crawl of real git repos into SQLite and PostgreSQL; the forge facts are written by the store query
// forge crawls use, then the real app is built over the store.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectsResponse } from '../../src/server/api-types.ts';
import type { Store } from '../../src/store/db.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { pgAvailable, withTempPgDatabase } from '../helpers/stores.ts';

const ANN = { name: 'Ann', email: 'ann@example.com' };
const hasPg = await pgAvailable();

/** The forge facts written onto the crawled repos; `plain` keeps none (a local repo). */
const FORGE: Record<string, { topics: string[]; visibility: 'public' | 'internal' | 'private' }> = {
  ledger: { topics: ['payments', 'innersource'], visibility: 'internal' },
  portal: { topics: ['web', 'innersource'], visibility: 'public' },
  vault: { topics: ['payments'], visibility: 'private' },
  wiki: { topics: [], visibility: 'internal' },
};

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !hasPg && process.env.CI !== 'true')(
    `topic and visibility facets from forge facts [${kind}]`,
    () => {
      let dropPg: (() => Promise<void>) | null = null;
      let store: Store | null = null;
      let app: FastifyInstance | null = null;

      beforeAll(async () => {
        const root = await tmpDir('agora-forge-facets-');
        for (const name of [...Object.keys(FORGE), 'plain']) {
          await makeRepo({
            dir: join(root, 'org', name),
            commits: [{ files: { 'README.md': `# ${name}\n` }, author: ANN, date: new Date().toISOString() }],
          });
        }
        await writeFile(
          join(root, 'agora.yaml'),
          ['dataDir: data', 'sources:', '  - { type: local, name: org, path: org }', ''].join('\n'),
        );
        let url = `sqlite:${join(root, 'data', 'agora.db')}`;
        if (kind === 'postgres') {
          const temp = await withTempPgDatabase();
          url = temp.url;
          dropPg = temp.drop;
        }
        const { loadConfig } = await import('../../src/config/load.ts');
        const { openStore } = await import('../../src/store/db.ts');
        const { runCrawl } = await import('../../src/crawl/crawl.ts');
        const { saveForgeFacts } = await import('../../src/store/queries/forge.ts');
        const { buildApp } = await import('../../src/server/app.ts');
        const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
        store = await openStore({ url, dataDir: join(root, 'data') });
        const summary = await runCrawl({ loaded, store });
        expect(summary.repos.failed).toBe(0);
        await saveForgeFacts(
          store.db,
          Object.entries(FORGE).map(([name, f], i) => ({
            crawled: true,
            ref: {
              id: `org:${name}`,
              name,
              fullName: `acme/${name}`,
              source: 'org',
              location: { kind: 'local' as const, path: join(root, 'org', name) },
              topics: f.topics,
              visibility: f.visibility,
              forge: { type: 'github' as const, id: String(100 + i) },
            },
          })),
        );
        app = await buildApp({ store, loaded, webDist: join(root, 'none') });
      });
      afterAll(async () => {
        await app?.close();
        await store?.close();
        await dropPg?.();
      });

      const search = async (query: string): Promise<ProjectsResponse> => {
        const res = await app!.inject({ method: 'GET', url: `/api/v1/projects?pageSize=50${query}` });
        expect(res.statusCode).toBe(200);
        return res.json() as ProjectsResponse;
      };
      const ids = (r: ProjectsResponse) => r.items.map((p) => p.id).sort();

      it('counts topics and visibilities over every repo; a local repo has no visibility', async () => {
        const all = await search('');
        expect(all.total).toBe(5);
        expect(all.facets.topic).toEqual([
          { value: 'innersource', count: 2 },
          { value: 'payments', count: 2 },
          { value: 'web', count: 1 },
        ]);
        expect(all.facets.visibility).toEqual([
          { value: 'internal', count: 2 },
          { value: 'private', count: 1 },
          { value: 'public', count: 1 },
        ]);
      });

      it('filters by visibility, and counts the other facets within it', async () => {
        const internal = await search('&visibility=internal');
        expect(ids(internal)).toEqual(['org:ledger', 'org:wiki']);
        expect(internal.facets.topic).toEqual([
          { value: 'innersource', count: 1 },
          { value: 'payments', count: 1 },
        ]);
        // A facet's own counts ignore its own filter, so the other values stay selectable.
        expect(internal.facets.visibility.map((v) => v.value)).toEqual(['internal', 'private', 'public']);
      });

      it('filters by topic, and by topic and visibility together', async () => {
        expect(ids(await search('&topic=payments'))).toEqual(['org:ledger', 'org:vault']);
        const both = await search('&topic=payments&visibility=private');
        expect(ids(both)).toEqual(['org:vault']);
        expect(both.facets.visibility).toEqual([
          { value: 'internal', count: 1 },
          { value: 'private', count: 1 },
        ]);
      });

      it('rejects a visibility the forges do not have', async () => {
        const res = await app!.inject({ method: 'GET', url: '/api/v1/projects?visibility=secret' });
        expect(res.statusCode).toBe(400);
      });
    },
  );
}
