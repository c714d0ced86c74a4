import { describe, expect, it } from 'vitest';
import type { FileContent } from '../snapshot/snapshot.ts';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseSnapshot } from './index.ts';

const MIT =
  'Permission is hereby granted, free of charge, to any person obtaining a copy\nThe above copyright notice and this permission notice shall be included';

describe('analyseSnapshot', () => {
  it('assembles the facts of a typical InnerSource repository', () => {
    const snap = snapshotFromFiles({
      'README.md': '# Payments\n## Contributing\n',
      'CONTRIBUTING.md': 'How to help',
      LICENSE: MIT,
      '.github/CODEOWNERS': '* @acme/payments\n',
      '.github/workflows/ci.yml': 'jobs:\n  t:\n    steps:\n      - run: npm test\n',
      '.github/dependabot.yml': 'version: 2\n',
      'innersource.json': '{"title": "Payments", "skills": ["TypeScript"]}',
      'package.json': JSON.stringify({ name: '@acme/payments', dependencies: { zod: '^4' } }),
      'src/index.ts': 'export {};\n',
      'src/index.test.ts': 'test();\n',
    });
    const facts = analyseSnapshot(snap);
    expect(facts.findings).toEqual([]);
    expect(facts.docs.map((d) => d.kind)).toEqual(['readme', 'contributing', 'license', 'codeowners']);
    expect(facts.readme?.text).toContain('# Payments');
    expect(facts.license).toEqual({ path: 'LICENSE', spdx: 'MIT' });
    expect(facts.primaryLanguage).toBe('TypeScript');
    expect(facts.owners).toEqual([
      { owner: '@acme/payments', kind: 'team', source: 'codeowners', pattern: '*', catchAll: true },
    ]);
    expect(facts.ci).toEqual([
      { system: 'github-actions', path: '.github/workflows/ci.yml', runsTests: true },
    ]);
    expect(facts.tests).toEqual({ testFiles: 1, testDirs: [], runners: [] });
    expect(facts.packages.map((p) => `${p.role}:${p.name}`)).toEqual([
      'publishes:@acme/payments',
      'consumes:zod',
    ]);
    expect(facts.innersource).toEqual({ title: 'Payments', skills: ['TypeScript'] });
    expect(facts.dependencyUpdater).toBe('dependabot');
    expect(facts.fileCount).toBe(10);
    expect(facts.totalBytes).toBe(snap.tree.reduce((n, e) => n + (e.size ?? 0), 0));
  });

  it('handles an empty repository', () => {
    const facts = analyseSnapshot({ repoId: 'x', name: 'x', head: null, tree: [], files: new Map() });
    expect(facts).toMatchObject({
      docs: [],
      readme: null,
      license: null,
      primaryLanguage: null,
      fileCount: 0,
      findings: [],
    });
  });

  it('records a binary README as present and a truncated manifest as a finding', () => {
    const snap = snapshotFromFiles({ 'README.md': '', 'package.json': '{"name": "x", "dependencies": {' });
    snap.files.set('README.md', {
      path: 'README.md',
      size: 2048,
      text: null,
      binary: true,
      truncated: false,
    });
    snap.files.get('package.json')!.truncated = true;
    const facts = analyseSnapshot(snap);
    expect(facts.docs.map((d) => d.path)).toEqual(['README.md']);
    expect(facts.readme).toEqual({ path: 'README.md', text: '', truncated: false });
    expect(facts.findings.map((f) => f.code).sort()).toEqual(['MANIFEST_TRUNCATED', 'README_UNREADABLE']);
    expect(facts.packages).toEqual([]);
  });

  it('turns an analyser crash into ANALYSER_FAILED and runs the others', () => {
    const snap = snapshotFromFiles({ 'README.md': 'hi', '.gitattributes': '', 'main.go': 'package main' });
    // A corrupt snapshot: the languages analyser cannot split a non-string.
    snap.files.set('.gitattributes', {
      path: '.gitattributes',
      size: 1,
      text: 42,
      binary: false,
      truncated: false,
    } as unknown as FileContent);
    const facts = analyseSnapshot(snap);
    expect(facts.findings).toEqual([
      expect.objectContaining({
        code: 'ANALYSER_FAILED',
        severity: 'error',
        message: expect.stringMatching(/^languages: /),
      }),
    ]);
    expect(facts.languages).toEqual([]);
    expect(facts.readme?.text).toBe('hi');
  });

  it('uses the large-file threshold option', () => {
    const snap = snapshotFromFiles({ 'a.bin': 'x'.repeat(2000) });
    expect(analyseSnapshot(snap).largeFiles).toEqual([]);
    expect(analyseSnapshot(snap, { largeFileBytes: 1000 }).largeFiles).toEqual([
      { path: 'a.bin', size: 2000 },
    ]);
  });
});
