// Repository documents in the portal, on both stores: the crawl renders and stores every document (a hostile one
// becomes a finding and plain text while the benign repo of the same crawl is stored whole), the API lists them
// and serves each with its source link, and while a hostile document is rendered on demand (a repo stored before
// documents were rendered at crawl time) /health keeps answering within 100 ms: no Markdown on the event loop.

import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeRenderPool } from '../../src/render/pool.ts';
import type { Store } from '../../src/store/db.ts';
import { repoDocument, repoDocumentList } from '../../src/store/queries/documents.ts';
import { findingsFor, getRepo } from '../../src/store/queries/repos-read.ts';
import { AMPLIFIED_REFERENCES, HEAVY_TO_PARSE } from '../fixtures/hostile-documents.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { pgAvailable, withTempPgDatabase } from '../helpers/stores.ts';

/**
 * Over the render budget whatever the load: its HTML would carry ~8 MB of text (the size limit), after 1–2 s of
 * parsing markdown-it's slowest shape up to the 256 KB cut (or, on a loaded machine, over the 4 s time budget
 * first). Long enough for /health to be asked often while it renders.
 */
const HOSTILE = `# Hostile\n\n${AMPLIFIED_REFERENCES}\n${HEAVY_TO_PARSE}\n`;

const BENIGN = {
  'README.md':
    '# Benign\n\nA well-kept service. Read [the guide](CONTRIBUTING.md), [the pull request checklist](.github/pull_request_template.md) and ' +
    '[the code of conduct](CODE_OF_CONDUCT.md).\n',
  'CONTRIBUTING.md': '# Contributing to Benign\n\nRun `npm test`, then open a pull request.\n',
  'CODE_OF_CONDUCT.md': '# Code of conduct\n\nBe kind.\n',
  '.github/pull_request_template.md': '# Checklist\n\n- [ ] Read [contributing](../CONTRIBUTING.md).\n',
  'index.js': 'module.exports = 1;\n',
};

const STORES = [
  {
    kind: 'sqlite',
    open: async (dir: string) => ({ url: `sqlite:${join(dir, 'data', 'agora.db')}`, drop: async () => {} }),
  },
  { kind: 'postgres', open: async () => withTempPgDatabase() },
] as const;

const pgReady = await pgAvailable();

for (const kind of STORES) {
  const skip = kind.kind === 'postgres' && !pgReady && process.env.CI !== 'true';
  describe.skipIf(skip)(`repository documents [${kind.kind}]`, () => {
    let store: Store;
    let app: FastifyInstance;
    let url: string;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      const dir = await tmpDir('agora-documents-');
      await makeRepo({
        dir: join(dir, 'org', 'hostile'),
        commits: [{ files: { 'README.md': HOSTILE, 'CONTRIBUTING.md': '# Help\n\nYes.\n' } }],
      });
      await makeRepo({ dir: join(dir, 'org', 'benign'), commits: [{ files: BENIGN }] });
      await writeFile(
        join(dir, 'agora.yaml'),
        'dataDir: data\nsources:\n  - type: local\n    name: local\n    path: org\n',
      );
      const target = await kind.open(dir);
      drop = target.drop;
      const { loadConfig } = await import('../../src/config/load.ts');
      const { openStore } = await import('../../src/store/db.ts');
      const { runCrawl } = await import('../../src/crawl/crawl.ts');
      const { buildApp } = await import('../../src/server/app.ts');
      const loaded = await loadConfig({ file: join(dir, 'agora.yaml'), cwd: dir });
      store = await openStore({
        url: target.url,
        dataDir: kind.kind === 'sqlite' ? join(dir, 'data') : tmpdir(),
      });
      const summary = await runCrawl({ loaded, store });
      expect(summary.repos).toMatchObject({ new: 2, failed: 0 });
      app = await buildApp({ store, loaded, webDist: join(dir, 'no-ui') });
      url = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
    });

    afterAll(async () => {
      await app?.close();
      await store?.close();
      await drop?.();
      await closeRenderPool();
    });

    it('stores every document at crawl time; the hostile one is a finding, the benign repo is whole', async () => {
      const benign = await repoDocumentList(store.db, 'local:benign');
      expect(benign.map((d) => [d.path, d.kind, d.status])).toEqual([
        ['README.md', 'readme', 'rendered'],
        ['.github/pull_request_template.md', 'linked', 'rendered'],
        ['CODE_OF_CONDUCT.md', 'code_of_conduct', 'rendered'],
        ['CONTRIBUTING.md', 'contributing', 'rendered'],
      ]);
      const readme = await repoDocument(store.db, 'local:benign', 'README.md');
      expect(readme?.html).toContain('href="/projects/local%3Abenign/docs/CONTRIBUTING.md"');
      expect(readme?.html).toContain('href="/projects/local%3Abenign/docs/.github/pull_request_template.md"');
      expect(
        (await findingsFor(store.db, 'local:benign')).filter((f) => f.code.startsWith('DOCUMENT')),
      ).toEqual([]);
      expect(await getRepo(store.db, 'local:benign')).toMatchObject({
        status: 'active',
        commits: { count: 1 },
      });

      const hostile = await repoDocumentList(store.db, 'local:hostile');
      expect(hostile.map((d) => [d.path, d.status])).toEqual([
        ['README.md', 'fallback'],
        ['CONTRIBUTING.md', 'rendered'],
      ]);
      const findings = await findingsFor(store.db, 'local:hostile');
      expect(findings).toContainEqual(
        expect.objectContaining({ code: 'DOCUMENT_TOO_COMPLEX', severity: 'warning', path: 'README.md' }),
      );
    });

    it('lists the documents and serves one with its source link; anything else is a 404', async () => {
      const list = await (await fetch(`${url}/api/v1/projects/local%3Abenign/documents`)).json();
      expect(list.items.map((d: { path: string }) => d.path)).toEqual([
        'README.md',
        '.github/pull_request_template.md',
        'CODE_OF_CONDUCT.md',
        'CONTRIBUTING.md',
      ]);
      const res = await fetch(`${url}/api/v1/projects/local%3Abenign/documents/CONTRIBUTING.md`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        path: 'CONTRIBUTING.md',
        kind: 'contributing',
        title: 'Contributing to Benign',
        truncated: false,
        status: 'rendered',
        pageUrl: '/projects/local%3Abenign/docs/CONTRIBUTING.md',
        sourceUrl: '/api/v1/projects/local%3Abenign/files/CONTRIBUTING.md',
        html: expect.stringContaining('<h1 id="user-content-contributing-to-benign">'),
      });
      for (const path of ['index.js', 'nothing.md', '..%2FREADME.md', 'docs%2F..%2FREADME.md']) {
        const r = await fetch(`${url}/api/v1/projects/local%3Abenign/documents/${path}`);
        expect(r.status, path).toBe(404);
      }
    });

    it('keeps /health under 100 ms while a hostile document is rendered on demand, and caches the result', async () => {
      // A repo stored before documents were rendered at crawl time: nothing stored, rendered on request.
      await store.db.deleteFrom('repo_documents').where('repo_id', '=', 'local:hostile').execute();
      // Warm: the routes' modules loaded and a render worker started, as in a server that has served a page.
      await (await fetch(`${url}/api/v1/projects/local%3Abenign/readme`)).arrayBuffer();
      const started = performance.now();
      let done = false;
      const readme = fetch(`${url}/api/v1/projects/local%3Ahostile/readme`).then(async (r) => {
        done = true;
        return { status: r.status, body: await r.json() };
      });
      const latencies: number[] = [];
      while (!done) {
        const t = performance.now();
        const health = await fetch(`${url}/health`);
        expect(health.status).toBe(200);
        await health.arrayBuffer();
        latencies.push(performance.now() - t);
        if (process.env.DEBUG_HEALTH) console.log(Math.round(t - started), Math.round(performance.now() - t));
        await new Promise((r) => setTimeout(r, 20));
      }
      const { status, body } = await readme;
      const renderMs = performance.now() - started;
      expect(status).toBe(200);
      expect(body.html).toContain('too complex to render');
      // The render took the budget's time; /health answered all along.
      expect(latencies.length).toBeGreaterThan(5);
      // Rendered on this event loop the request blocked every /health for 13–16 s. The bound is on the 95th
      // percentile: on a 2-core machine shared with other work, a scheduler hiccup can delay any one request.
      const sorted = [...latencies].sort((a, b) => a - b);
      const p95 = sorted[Math.floor(sorted.length * 0.95)];
      const detail = `render ${Math.round(renderMs)} ms; /health ms: ${sorted.map(Math.round).join(' ')}`;
      expect(p95, detail).toBeLessThan(100);
      expect(sorted.at(-1), detail).toBeLessThan(500);
      expect((await repoDocument(store.db, 'local:hostile', 'README.md'))?.status).toBe('fallback');
    });

    it('serves a README asked for before from memory until the next crawl, without reading the store', async () => {
      const first = await (await fetch(`${url}/api/v1/projects/local%3Abenign/readme`)).json();
      expect(first.html).toContain('A well-kept service.');
      // Gone from the store: a request that read it would render it again and store it (see above).
      await store.db
        .deleteFrom('repo_documents')
        .where('repo_id', '=', 'local:benign')
        .where('path', '=', 'README.md')
        .execute();
      const again = await fetch(`${url}/api/v1/projects/local%3Abenign/readme`, {
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(first);
      expect(await repoDocument(store.db, 'local:benign', 'README.md')).toBeFalsy();
    });
  });
}
