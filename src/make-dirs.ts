// `mkdir -p` that always ends: Node's recursive mkdir loops forever where mkdir answers ENOENT although the
// parent exists (e.g. under /proc/self), so folders from the user's config are made one level at a time.

import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates `dir` and its missing parents. Throws the first failure as an Error naming the folder that could
 * not be made and why (ENOENT, EACCES, ENOTDIR, …).
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    try {
      if (!statSync(at).isDirectory()) throw new Error(`${at} is not a folder`);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new Error(`cannot create folder ${folder} (${code ?? (err as Error).message})`);
    }
  }
}
