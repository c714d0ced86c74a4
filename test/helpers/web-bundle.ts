// Measures the built web UI's first-load JavaScript (the entry script and its module preloads in
// web/dist/index.html), gzipped: the figure the UI budget (≤ 300 KB) and `npm run bench -- serve` report.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const WEB_DIST = join(import.meta.dirname, '..', '..', 'web', 'dist');

/** The scripts a first visit loads before any lazy chunk, as paths relative to the dist folder. */
export function firstLoadScripts(html: string): string[] {
  const srcs = [...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  return [...srcs, ...preloads].map((s) => s.replace(/^\//, ''));
}

/** First-load JavaScript of a built UI: the files, their raw bytes and their gzipped bytes (level 9). */
export function firstLoadJs(dist = WEB_DIST): { files: string[]; bytes: number; gzipBytes: number } {
  const files = firstLoadScripts(readFileSync(join(dist, 'index.html'), 'utf8'));
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(join(dist, file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files, bytes, gzipBytes };
}
