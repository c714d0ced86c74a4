// Builders of store inputs (refs, facts, commits) with fixed values, so tests can assert exact round trips.

import type { CommitRecord, RepoFacts } from '../../src/analyse/facts.ts';
import type { RepoRef } from '../../src/sources/source.ts';

export function makeRef(name: string, extra: Partial<RepoRef> = {}): RepoRef {
  return {
    id: `local:${name}`,
    name,
    fullName: `acme/${name}`,
    source: 'local',
    location: { kind: 'local', path: `/repos/${name}` },
    defaultBranch: 'main',
    description: `The ${name} service`,
    topics: ['inner-source'],
    ...extra,
  };
}

export function makeFacts(extra: Partial<RepoFacts> = {}): RepoFacts {
  return {
    docs: [
      { kind: 'readme', path: 'README.md', size: 120 },
      { kind: 'contributing', path: 'CONTRIBUTING.md', size: 80, inherited: true },
    ],
    languages: [
      { language: 'TypeScript', bytes: 5000, files: 10 },
      { language: 'Shell', bytes: 300, files: 2 },
    ],
    primaryLanguage: 'TypeScript',
    owners: [{ owner: '@acme/payments', kind: 'team', source: 'codeowners', pattern: '*', catchAll: true }],
    ci: [{ system: 'github-actions', path: '.github/workflows/ci.yml', runsTests: true }],
    tests: { testFiles: 3, testDirs: ['test'] },
    packages: [
      { ecosystem: 'npm', name: '@acme/pay', role: 'publishes', version: '1.2.3', manifest: 'package.json' },
      {
        ecosystem: 'npm',
        name: 'zod',
        role: 'consumes',
        version: '^4.0.0',
        manifest: 'package.json',
        scope: 'runtime',
      },
    ],
    innersource: { title: 'Pay', skills: ['ts'] },
    catalog: null,
    readme: { path: 'README.md', text: '# Pay\n', truncated: false },
    license: { path: 'LICENSE', spdx: 'Apache-2.0' },
    largeFiles: [],
    sensitiveFiles: [],
    dependencyUpdater: 'renovate',
    fileCount: 12,
    totalBytes: 5300,
    findings: [{ code: 'MANIFEST_INVALID', severity: 'warning', message: 'bad pom.xml', path: 'pom.xml' }],
    ...extra,
  };
}

/** `count` commits, one hour apart from `start`, authors cycling through `authors`. */
export function makeCommits(
  count: number,
  opts: { start?: number; prefix?: string; authors?: string[] } = {},
): CommitRecord[] {
  const start = opts.start ?? 1_700_000_000;
  const authors = opts.authors ?? ['ann@acme.test', 'bob@acme.test'];
  const prefix = opts.prefix ?? 'c';
  const out: CommitRecord[] = [];
  for (let i = 0; i < count; i++) {
    const email = authors[i % authors.length];
    out.push({
      sha: `${prefix}${i.toString(16).padStart(40 - prefix.length, '0')}`,
      parents: i === 0 ? 0 : 1,
      authorName: email.split('@')[0].toUpperCase(),
      authorEmail: email,
      authorTime: start + i * 3600,
      committerTime: start + i * 3600 + 60,
      filesChanged: (i % 7) + 1,
      additions: i % 5 === 0 ? null : i * 2,
      deletions: i % 5 === 0 ? null : i,
      isBot: email.includes('[bot]'),
    });
  }
  return out;
}
