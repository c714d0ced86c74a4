// Vitest global setup: builds dist/ (the compiled CLI that bin/agora.js runs) when src/ changed since the last
// build, so every test that starts `agora` runs what `npm pack` would ship, never a stale build.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export function setup(): void {
  const script = join(import.meta.dirname, '..', '..', 'scripts', 'build.mjs');
  const r = spawnSync(process.execPath, [script, '--if-stale'], { encoding: 'utf8', stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`building dist/ failed (node scripts/build.mjs exited ${r.status})`);
}
