#!/usr/bin/env node
// Entry point of the `agora` command: runs the compiled JavaScript in dist/ (`npm run build`; `npm install`,
// `npm ci` and `npm pack` build it). Working on the TypeScript, run `npm run agora -- …` (tsx) instead.
import module from 'node:module';

// Node ≥ 22.1 keeps the compiled bytecode between runs (as TypeScript's own bin does); a no-op on Node 20.
module.enableCompileCache?.();
try {
  await import('../dist/cli.js');
} catch (err) {
  if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('dist/cli.js')) throw err;
  process.stderr.write('agora: dist/ is missing; build it with `npm run build` (npm install does it too)\n');
  process.exitCode = 2;
}
