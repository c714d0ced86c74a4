// Finds a repository's automated tests: test files by naming convention (or code files inside a test
// folder, git's `t/` included), and the ways the repository says its tests run: a test runner in
// package.json or its config file, a `test` script, a `test`/`check` target in the Makefile, pytest or tox
// configuration, a shell test suite. Vendored copies are left out.

import type { Snapshot } from '../snapshot/snapshot.ts';
import type { TestsFact } from './facts.ts';
import { languageOf } from './languages.ts';
import { isRecord, ownValue } from './manifests/common.ts';
import { baseName, depthOf, dirName, isSymlinkMode } from './paths.ts';
import { isVendoredPath } from './vendor.ts';

// The outermost folder named like a test folder, at any depth (`t/`: git's and Perl's test suites).
const TEST_DIR = /(?:^|\/)(?:test|tests|__tests__|spec|specs|e2e|testing|integration-tests|t)\//i;
const NOT_TESTS = /(?:^|\/)(?:fixtures?|testdata|__snapshots__|data|resources)\//i;

const TEST_FILE_PATTERNS: RegExp[] = [
  /\.(test|spec)\.[cm]?[jt]sx?$/i,
  // A root-level `test.js`, `test.node.js`, `tests.ts`, `spec.mjs` (debug, ms).
  /^(?:test|tests|spec)(?:\.[\w-]+)*\.[cm]?[jt]sx?$/i,
  /_test\.go$/,
  /^test_[^/]+\.py$/,
  /_tests?\.py$/,
  /^tests?\.py$/,
  /(Test|Tests|IT|Spec)\.(java|kt|kts|scala|groovy|cs|fs|vb|php|swift)$/,
  /_(spec|test)\.rb$/,
  /_test\.(exs|dart|cc|cpp|c|rs|lua|clj)$/,
  /\.(test|spec)\.(py|rb|php|lua|exs|sh|bash)$/,
  /\.Tests?\.[^.]+$/,
  // Shell suites: git's `t0000-basic.sh`, bats, `*_test.sh`, `test-foo.sh`.
  /^t\d{4}-[^/]+\.sh$/,
  /\.bats$/,
  /_test\.(sh|bash)$/,
  /^test[-_][^/]+\.(sh|bash)$/,
];

/** True when a file name follows a test-file convention. */
export function isTestFileName(name: string): boolean {
  return TEST_FILE_PATTERNS.some((re) => re.test(name));
}

// Test runners a package.json depends on, by package name.
const RUNNER_PACKAGES: Record<string, string> = {
  mocha: 'mocha',
  jest: 'jest',
  vitest: 'vitest',
  ava: 'ava',
  tap: 'tap',
  tape: 'tape',
  jasmine: 'jasmine',
  karma: 'karma',
  '@playwright/test': 'playwright',
  cypress: 'cypress',
  uvu: 'uvu',
  borp: 'borp',
  qunit: 'qunit',
  '@japa/runner': 'japa',
  '@hapi/lab': 'lab',
  brittle: 'brittle',
  zora: 'zora',
};
// Runner configuration kept in package.json under the runner's own key.
const RUNNER_KEYS = ['jest', 'mocha', 'ava', 'tap', 'vitest'] as const;
// Config files that only exist to configure a test runner (at the root or next to a manifest).
const RUNNER_CONFIGS: [RegExp, string][] = [
  [/^\.mocharc(?:\.[cm]?js|\.jsonc?|\.ya?ml)?$/, 'mocha'],
  [/^jest\.config\.[cm]?[jt]s(?:on)?$/, 'jest'],
  [/^vitest\.(?:config|workspace)\.[cm]?[jt]s$/, 'vitest'],
  [/^ava\.config\.[cm]?js$/, 'ava'],
  [/^\.taprc$/, 'tap'],
  [/^karma\.conf\.[cm]?[jt]s$/, 'karma'],
  [/^playwright\.config\.[cm]?[jt]s$/, 'playwright'],
  [/^cypress\.config\.[cm]?[jt]s$|^cypress\.json$/, 'cypress'],
  [/^pytest\.ini$|^conftest\.py$/, 'pytest'],
  [/^tox\.ini$/, 'tox'],
  [/^noxfile\.py$/, 'nox'],
  [/^phpunit\.xml(?:\.dist)?$/, 'phpunit'],
  [/^\.rspec$/, 'rspec'],
  [/^jasmine\.json$/, 'jasmine'],
];
// npm's placeholder for a package without tests.
const NPM_NO_TEST = /no test specified/;
// A Makefile target that runs the tests (`test:`, `check:`, `tests:`, `test-all:`), not an assignment.
const MAKE_TEST_TARGET = /^(test|tests|check|unit|test-[\w-]+)\s*:(?!=)/m;
/** Where the Makefile that `make test` reads sits. */
export const MAKEFILES = new Set(['Makefile', 'makefile', 'GNUmakefile']);

/** Test runners a package.json names: in its dependencies, under its own key, or as its `test` script. */
export function runnersOfPackageJson(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(json)) return [];
  const found = new Set<string>();
  for (const key of ['devDependencies', 'dependencies', 'peerDependencies']) {
    const deps = ownValue(json, key);
    if (!isRecord(deps)) continue;
    for (const name of Object.keys(deps)) {
      const runner = ownValue(RUNNER_PACKAGES, name);
      if (runner) found.add(runner);
    }
  }
  for (const key of RUNNER_KEYS) if (ownValue(json, key) !== undefined) found.add(key);
  const scripts = ownValue(json, 'scripts');
  const test = isRecord(scripts) ? ownValue(scripts, 'test') : undefined;
  if (typeof test === 'string' && test.trim() && !NPM_NO_TEST.test(test)) found.add('npm test');
  return [...found];
}

/** The test targets a Makefile defines (`make test`, `make check`). */
export function makeTestTargets(text: string): string[] {
  const targets = new Set<string>();
  for (const m of text.matchAll(new RegExp(MAKE_TEST_TARGET.source, 'gm'))) {
    targets.add(`make ${m[1]}`);
    if (targets.size >= 5) break;
  }
  return [...targets];
}

function textOf(snapshot: Snapshot, path: string): string | null {
  const file = snapshot.files.get(path);
  return file && !file.binary && file.text !== null ? file.text : null;
}

/** Counts test files, lists the outermost test folders (`src/test` counts as one) and how tests run. */
export function analyseTests(snapshot: Snapshot): TestsFact {
  const dirs = new Set<string>();
  const runners = new Set<string>();
  let testFiles = 0;
  let shellSuite = false;
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob' || isSymlinkMode(entry.mode) || isVendoredPath(entry.path)) continue;
    const name = baseName(entry.path);
    if (depthOf(entry.path) <= 2) {
      for (const [re, runner] of RUNNER_CONFIGS) if (re.test(name)) runners.add(runner);
    }
    const m = TEST_DIR.exec(entry.path);
    const testDir = m ? entry.path.slice(0, m.index + m[0].length - 1) : null;
    if (testDir) dirs.add(testDir);
    if (isTestFileName(name)) {
      testFiles++;
      if (/\.(sh|bash|bats)$/.test(name)) shellSuite = true;
      continue;
    }
    // Fixtures and data inside a test folder are not tests; code files are (Rust `tests/*.rs`, C `test/*.c`).
    if (testDir && !NOT_TESTS.test(entry.path)) {
      if (languageOf(entry.path)?.type === 'programming') testFiles++;
    }
  }
  if (shellSuite) runners.add('shell test suite');
  for (const path of snapshot.files.keys()) {
    if (isVendoredPath(path) || depthOf(path) > 2) continue;
    const name = baseName(path);
    const text =
      name === 'package.json' || MAKEFILES.has(name) || /^(pyproject\.toml|setup\.cfg)$/.test(name)
        ? textOf(snapshot, path)
        : null;
    if (text === null) continue;
    if (name === 'package.json') for (const r of runnersOfPackageJson(text)) runners.add(r);
    else if (MAKEFILES.has(name) && dirName(path) === '')
      for (const t of makeTestTargets(text)) runners.add(t);
    else if (/^\[tool[.:]pytest/m.test(text)) runners.add('pytest');
  }
  return { testFiles, testDirs: [...dirs].sort().slice(0, 100), runners: [...runners].sort().slice(0, 50) };
}
