// The readers validate with the libraries a caller loaded: register them all, as the crawl does.
import './manifests/all-parsers.ts';
import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseOwnership } from './ownership.ts';

describe('analyseOwnership', () => {
  it('combines CODEOWNERS, catalog-info and innersource.json', () => {
    const snap = snapshotFromFiles({
      '.github/CODEOWNERS': '* @acme/payments\n',
      CODEOWNERS: '* @ignored/team\n',
      'catalog-info.yaml': 'kind: Component\nmetadata:\n  name: pay\nspec:\n  owner: payments\n',
      'innersource.json': '{"title":"Pay"}',
    });
    const r = analyseOwnership(snap);
    expect(r.owners.map((o) => [o.owner, o.source])).toEqual([
      ['@acme/payments', 'codeowners'],
      ['group:payments', 'catalog-info'],
    ]);
    expect(r.catalog?.name).toBe('pay');
    expect(r.innersource).toEqual({ title: 'Pay' });
    expect(r.findings).toEqual([]);
  });

  it('finds CODEOWNERS case-insensitively in docs/', () => {
    const r = analyseOwnership(snapshotFromFiles({ 'docs/codeowners': '/src/ @x\n' }));
    expect(r.owners).toEqual([
      { owner: '@x', kind: 'user', source: 'codeowners', pattern: '/src/', catchAll: false },
    ]);
  });

  it('reports unreadable and truncated files, and never follows symlinks', () => {
    const snap = snapshotFromFiles({
      CODEOWNERS: '* @a\n/x/ @b\n/y/ @c',
      'innersource.json': '{"title": "t"',
      'catalog-info.yaml': 'x',
    });
    snap.files.set('CODEOWNERS', {
      path: 'CODEOWNERS',
      size: 9e6,
      text: '* @a\n/x/ @b\n/y/ @c',
      binary: false,
      truncated: true,
    });
    snap.files.set('innersource.json', {
      path: 'innersource.json',
      size: 9e6,
      text: '{"title": "t"',
      binary: false,
      truncated: true,
    });
    snap.tree.find((e) => e.path === 'catalog-info.yaml')!.mode = '120000';
    const r = analyseOwnership(snap);
    // The partial last line of a truncated CODEOWNERS is dropped; the complete lines count.
    expect(r.owners.map((o) => o.owner)).toEqual(['@a', '@b']);
    expect(r.innersource).toBeNull();
    expect(r.catalog).toBeNull();
    expect(r.findings.map((f) => f.code).sort()).toEqual([
      'CATALOG_INFO_INVALID',
      'CODEOWNERS_INVALID',
      'INNERSOURCE_JSON_INVALID',
    ]);
  });

  it('returns nothing for a repository without declarations', () => {
    expect(analyseOwnership(snapshotFromFiles({ 'README.md': 'hi' }))).toEqual({
      owners: [],
      catalog: null,
      innersource: null,
      findings: [],
    });
  });
});
