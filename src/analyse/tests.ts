// Finds a repository's automated tests: conventional test folders and test files by naming convention
// (or code files inside a test folder), leaving vendored copies out.

import type { Snapshot } from '../snapshot/snapshot.ts';
import type { TestsFact } from './facts.ts';
import { languageOf } from './languages.ts';
import { baseName, isSymlinkMode } from './paths.ts';
import { isVendoredPath } from './vendor.ts';

// The outermost folder named like a test folder, at any depth.
const TEST_DIR = /(?:^|\/)(?:test|tests|__tests__|spec|specs|e2e|testing|integration-tests)\//i;
const NOT_TESTS = /(?:^|\/)(?:fixtures?|testdata|__snapshots__|data|resources)\//i;

const TEST_FILE_PATTERNS: RegExp[] = [
  /\.(test|spec)\.[cm]?[jt]sx?$/i,
  /_test\.go$/,
  /^test_[^/]+\.py$/,
  /_tests?\.py$/,
  /(Test|Tests|IT|Spec)\.(java|kt|kts|scala|groovy|cs|fs|vb|php|swift)$/,
  /_(spec|test)\.rb$/,
  /_test\.(exs|dart|cc|cpp|c|rs|lua|clj)$/,
  /\.(test|spec)\.(py|rb|php|lua|exs)$/,
  /\.Tests?\.[^.]+$/,
];

/** True when a file name follows a test-file convention. */
export function isTestFileName(name: string): boolean {
  return TEST_FILE_PATTERNS.some((re) => re.test(name));
}

/** Counts test files and lists the outermost test folders (`src/test` counts as one). */
export function analyseTests(snapshot: Snapshot): TestsFact {
  const dirs = new Set<string>();
  let testFiles = 0;
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob' || isSymlinkMode(entry.mode) || isVendoredPath(entry.path)) continue;
    const m = TEST_DIR.exec(entry.path);
    const testDir = m ? entry.path.slice(0, m.index + m[0].length - 1) : null;
    if (testDir) dirs.add(testDir);
    const name = baseName(entry.path);
    if (isTestFileName(name)) {
      testFiles++;
      continue;
    }
    // Fixtures and data inside a test folder are not tests; code files are (Rust `tests/*.rs`, C `test/*.c`).
    if (testDir && !NOT_TESTS.test(entry.path)) {
      if (languageOf(entry.path)?.type === 'programming') testFiles++;
    }
  }
  return { testFiles, testDirs: [...dirs].sort().slice(0, 100) };
}
