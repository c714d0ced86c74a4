// README images: the crawl keeps small documentation images, the README's relative image links resolve to
// them, and the portal serves them with their type (an SVG inert even when opened directly).

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';

// A 1×1 PNG: real binary bytes, with a NUL in the first bytes.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';

describe('README images in the portal', () => {
  let app: FastifyInstance;
  let store: Store;

  beforeAll(async () => {
    const dir = await tmpDir('agora-images-');
    await makeRepo({
      dir: join(dir, 'org', 'pics'),
      commits: [
        {
          files: {
            'README.md': '# Pics\n\n![Diagram](docs/diagram.png)\n\n![Flow](./docs/flow.svg)\n',
            'docs/diagram.png': PNG,
            'docs/flow.svg': SVG,
            'vendor/lib/big.png': PNG,
          },
        },
      ],
    });
    await writeFile(
      join(dir, 'agora.yaml'),
      'dataDir: data\nsources:\n  - type: local\n    name: local\n    path: org\n',
    );
    const { loadConfig } = await import('../../src/config/load.ts');
    const { openStore } = await import('../../src/store/db.ts');
    const { runCrawl } = await import('../../src/crawl/crawl.ts');
    const { buildApp } = await import('../../src/server/app.ts');
    const loaded = await loadConfig({ file: join(dir, 'agora.yaml'), cwd: dir });
    store = await openStore({ url: `sqlite:${join(dir, 'data', 'agora.db')}`, dataDir: join(dir, 'data') });
    const summary = await runCrawl({ loaded, store });
    expect(summary.repos.failed).toBe(0);
    app = await buildApp({ store, loaded });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('resolves the README image links to stored files', async () => {
    const res = await app.inject({ url: '/api/v1/projects/local%3Apics/readme' });
    expect(res.statusCode).toBe(200);
    const { html } = res.json();
    expect(html).toContain('src="/api/v1/projects/local%3Apics/files/docs/diagram.png"');
    expect(html).toContain('src="/api/v1/projects/local%3Apics/files/docs/flow.svg"');
  });

  it('serves a binary image byte for byte with its type', async () => {
    const res = await app.inject({ url: '/api/v1/projects/local%3Apics/files/docs/diagram.png' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.equals(PNG)).toBe(true);
  });

  it('serves an SVG as an image under a sandbox policy', async () => {
    const res = await app.inject({ url: '/api/v1/projects/local%3Apics/files/docs/flow.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(res.headers['content-security-policy']).toContain('sandbox');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('does not keep vendored images', async () => {
    const res = await app.inject({ url: '/api/v1/projects/local%3Apics/files/vendor/lib/big.png' });
    expect(res.statusCode).toBe(404);
  });
});
