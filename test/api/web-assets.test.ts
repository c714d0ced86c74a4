// The built UI as `agora serve` serves it: hashed assets found per request (a UI rebuilt under a running server
// works at once), client-side routes answered with index.html, and a missing asset a 404 — never index.html,
// which a browser refuses as a module script and shows a blank page (seen after a rebuild under a live server).

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.ts';
import { tmpDir } from '../helpers/gitdir.ts';

describe('serving the built UI', () => {
  let app: FastifyInstance;
  let store: Store;
  let web: string;
  const index = (script: string) =>
    `<!doctype html><html><head><script type="module" src="/assets/${script}"></script></head><body></body></html>`;

  beforeAll(async () => {
    const dir = await tmpDir('agora-web-assets-');
    web = join(dir, 'web');
    await mkdir(join(web, 'assets'), { recursive: true });
    await writeFile(join(web, 'index.html'), index('index-old.js'));
    await writeFile(join(web, 'assets', 'index-old.js'), 'console.log("old")');
    const { openStore } = await import('../../src/store/db.ts');
    store = await openStore({ url: `sqlite:${join(dir, 'data', 'agora.db')}`, dataDir: join(dir, 'data') });
    await writeFile(join(dir, 'agora.yaml'), 'sources: []\n');
    const { loadConfig } = await import('../../src/config/load.ts');
    const loaded = await loadConfig({ file: join(dir, 'agora.yaml'), cwd: dir });
    const { buildApp } = await import('../../src/server/app.ts');
    app = await buildApp({ store, loaded, webDist: web });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('serves the assets, and client-side routes as index.html', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-old.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toContain('immutable');
    const route = await app.inject({ method: 'GET', url: '/projects/local%3Apay-api' });
    expect([route.statusCode, route.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    expect(route.body).toContain('/assets/index-old.js');
  });

  it('serves a UI rebuilt under the running server: its index.html and its new assets', async () => {
    await writeFile(join(web, 'assets', 'index-new.js'), 'console.log("new")');
    await writeFile(join(web, 'index.html'), index('index-new.js'));
    const page = await app.inject({ method: 'GET', url: '/explore' });
    expect(page.body).toContain('/assets/index-new.js');
    const js = await app.inject({ method: 'GET', url: '/assets/index-new.js' });
    expect([js.statusCode, js.body]).toEqual([200, 'console.log("new")']);
  });

  it('answers a missing asset with 404, not the UI page', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/index-gone.js' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('<html');
  });
});
