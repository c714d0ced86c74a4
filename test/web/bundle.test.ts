// The built UI (web/dist) meets its budgets: first-load JavaScript ≤ 300 KB gzipped, chart.js and d3-force
// only in lazily loaded chunks, and an index.html the strict CSP accepts (no inline script or style).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureWebBuilt } from '../helpers/portal.ts';
import { WEB_DIST as DIST, firstLoadJs, firstLoadScripts } from '../helpers/web-bundle.ts';

const BUDGET_GZIP_BYTES = 300 * 1024;

describe('web UI bundle', () => {
  let html: string;
  beforeAll(() => {
    ensureWebBuilt();
    html = readFileSync(join(DIST, 'index.html'), 'utf8');
  });

  it('keeps first-load JavaScript within 300 KB gzipped', () => {
    const { files, bytes, gzipBytes } = firstLoadJs(DIST);
    expect(files.length).toBeGreaterThan(0);
    console.info(
      `first-load JS: ${(gzipBytes / 1024).toFixed(1)} KB gzipped (${(bytes / 1024).toFixed(1)} KB raw) in ${files.length} files`,
    );
    expect(gzipBytes).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('loads chart.js and d3-force only on demand', () => {
    for (const src of firstLoadScripts(html)) {
      const code = readFileSync(join(DIST, src), 'utf8');
      // Distinctive strings of each library's runtime.
      expect(code, src).not.toContain('forceManyBody');
      expect(code, src).not.toContain('Canvas is already in use');
    }
  });

  it('has no inline script or style in index.html (the CSP forbids them)', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style[\s>]/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/\son[a-z]+="/);
  });
});
