// Compiles the CLI (src/cli/index.ts and everything it imports) into dist/, and copies the files the code
// reads at run time (rulesets, templates), so the installed `agora` starts without compiling anything.
// `npm install`/`npm ci` (prepare), `npm pack` and every test run (vitest's global setup) run it.
// Usage: node scripts/build.mjs [--if-stale]   (--if-stale: do nothing when dist/ was built from these files)
//
// esbuild rather than tsc: it builds in about half a second (tsc takes ~6 s even with --noCheck), so every
// test run can rebuild dist/ first, and it bundles: one module per command plus shared chunks, with the pure
// JavaScript dependencies inside them. A start then reads a handful of files instead of ~400 (zod alone is
// 95 modules), and a command's lazy `import()` still loads only what that command needs. Type checking stays
// with `npm run typecheck`. Server and store packages (native addons, files read from their own folders)
// stay in node_modules.
//
// Every chunk lands in dist/ itself, so a module's `import.meta.dirname` is rewritten to dist/ plus the folder
// the module has under src/: paths such as `join(import.meta.dirname, '..', 'rulesets')` resolve as they
// do in src/ (the assets are copied to the same places; `../../web/dist` from dist/server is web/dist).

import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const STAMP = '.build-stamp';

/** Files of src/ that ship: modules (not tests) and run-time assets (not test snapshots or fixtures). */
function sourceFiles(dir = SRC) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__snapshots__' && entry.name !== '__fixtures__') out.push(...sourceFiles(path));
    } else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(path);
    }
  }
  return out.sort();
}

/** What dist/ was built from: every shipped file's path, size and modification time, hashed. */
function fingerprint(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    const s = statSync(file);
    hash.update(`${relative(SRC, file)}\0${s.size}\0${s.mtimeMs}\n`);
  }
  // The build script, the version (in the bundle) and the bundled dependencies count too.
  for (const file of [
    fileURLToPath(import.meta.url),
    join(ROOT, 'package.json'),
    join(ROOT, 'package-lock.json'),
  ]) {
    if (existsSync(file)) hash.update(readFileSync(file));
  }
  return hash.digest('hex');
}

/** Packages left in node_modules: native addons, and servers that read files from their own folders. */
const EXTERNAL = ['better-sqlite3', 'pg', 'pg-boss', 'kysely', 'fastify', '@fastify/*', 'linguist-languages'];

/**
 * zod's `z.locales` namespace holds ~60 translations of its messages (370 KB, half of zod) that Agora never
 * uses; every command that validates anything would parse them at start. Only English (the default) stays.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** Makes `import.meta.dirname` in a bundled module mean the folder the module has under src/, below dist/. */
const moduleDirname = {
  name: 'module-dirname',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.dirname')) return undefined;
      const dir = relative(SRC, dirname(args.path)).split(sep).join('/');
      return {
        contents: text.replaceAll(
          'import.meta.dirname',
          `(import.meta.dirname + ${JSON.stringify(`/${dir}`)})`,
        ),
        loader: 'ts',
      };
    });
  },
};

const RULESET_COMPILER = 'ruleset-compiler';

/**
 * The compiler entry re-exports src/checks/ruleset/load.ts instead of being it: the check command imports
 * load.ts lazily (for a user's ruleset file), and that import must not point at an entry removed after the build.
 */
const rulesetCompiler = {
  name: RULESET_COMPILER,
  setup(build) {
    build.onResolve({ filter: new RegExp(`^${RULESET_COMPILER}$`) }, () => ({
      path: RULESET_COMPILER,
      namespace: RULESET_COMPILER,
    }));
    build.onLoad({ filter: /.*/, namespace: RULESET_COMPILER }, () => ({
      contents: `export * from ${JSON.stringify(join(SRC, 'checks', 'ruleset', 'load.ts'))};`,
      resolveDir: SRC,
      loader: 'js',
    }));
  },
};

/** Writes each built-in ruleset, loaded and validated, as JSON beside its YAML (see compiledBuiltin in load.ts). */
async function compileBuiltinRulesets(out) {
  const compiler = join(out, `${RULESET_COMPILER}.js`);
  const { BUILTIN_RULESETS, compiledRulesetFile, loadRuleset } = await import(pathToFileURL(compiler).href);
  for (const name of BUILTIN_RULESETS)
    writeFileSync(compiledRulesetFile(name), JSON.stringify(loadRuleset(name)));
  rmSync(compiler);
}

/** Builds dist/ unless `ifStale` and it is up to date; returns whether it built. */
export async function build({ ifStale = false } = {}) {
  const files = sourceFiles();
  const stamp = fingerprint(files);
  const stampFile = join(DIST, STAMP);
  if (ifStale && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return false;

  const { build: esbuild } = await import('esbuild');
  // Built beside dist/ and swapped in, so a process running the CLI never sees half a tree.
  const next = `${DIST}.next-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  await esbuild({
    // The second entry only serves compileBuiltinRulesets below and is removed after it.
    entryPoints: {
      cli: join(SRC, 'cli', 'index.ts'),
      // Started by src/render/pool.ts as a worker thread (new Worker('./render-worker.js')).
      'render-worker': join(SRC, 'render', 'worker.ts'),
      [RULESET_COMPILER]: RULESET_COMPILER,
    },
    outdir: next,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    external: EXTERNAL,
    plugins: [moduleDirname, zodEnglishOnly, rulesetCompiler],
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    // CommonJS dependencies (commander, picomatch…) call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __agoraRequire } from 'node:module'; const require = __agoraRequire(import.meta.url);",
    },
    legalComments: 'linked',
    logLevel: 'warning',
  });
  for (const file of files.filter((f) => !f.endsWith('.ts'))) {
    const target = join(next, relative(SRC, file));
    mkdirSync(dirname(target), { recursive: true });
    cpSync(file, target);
  }
  await compileBuiltinRulesets(next);
  writeFileSync(join(next, STAMP), stamp);
  const old = `${DIST}.old-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(next, DIST);
  rmSync(old, { recursive: true, force: true });
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `npm ci --omit=dev` runs prepare without the devDependencies: say so instead of failing the install.
  if (process.env.npm_lifecycle_event === 'prepare' && !(await import('esbuild').catch(() => null))) {
    process.stderr.write('agora: esbuild is not installed (--omit=dev?), so dist/ was not built\n');
    process.exit(0);
  }
  const t0 = performance.now();
  const built = await build({ ifStale: process.argv.includes('--if-stale') });
  if (built) process.stderr.write(`built dist/ in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
}
