import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseDocs, docKindOf } from './docs.ts';

describe('docKindOf', () => {
  it.each([
    ['README.md', 'readme'],
    ['readme.rst', 'readme'],
    ['README', 'readme'],
    ['README.en.md', 'readme'],
    ['docs/readme.md', 'readme'],
    ['CONTRIBUTING.md', 'contributing'],
    ['.github/contributing.md', 'contributing'],
    ['COMMUNICATION.md', 'communication'],
    ['CODE_OF_CONDUCT.md', 'code_of_conduct'],
    ['code-of-conduct.md', 'code_of_conduct'],
    ['.gitlab/SECURITY.md', 'security'],
    ['SUPPORT', 'support'],
    ['CHANGELOG.md', 'changelog'],
    ['HISTORY.md', 'changelog'],
    ['RELEASES.md', 'changelog'],
    ['NEWS', 'changelog'],
    ['LICENSE', 'license'],
    ['LICENCE.md', 'license'],
    ['COPYING.LESSER', 'license'],
    ['LICENSE-MIT', 'license'],
    ['.github/ISSUE_TEMPLATE/bug.md', 'issue_template'],
    ['.github/ISSUE_TEMPLATE/feature.yml', 'issue_template'],
    ['ISSUE_TEMPLATE.md', 'issue_template'],
    ['.gitlab/issue_templates/Bug.md', 'issue_template'],
    ['.github/PULL_REQUEST_TEMPLATE.md', 'pr_template'],
    ['.github/pull_request_template.md', 'pr_template'],
    ['.github/PULL_REQUEST_TEMPLATE/release.md', 'pr_template'],
    ['docs/pull_request_template.md', 'pr_template'],
    ['.gitlab/merge_request_templates/Default.md', 'pr_template'],
    ['CODEOWNERS', 'codeowners'],
    ['.github/CODEOWNERS', 'codeowners'],
  ])('%s is %s', (path, kind) => {
    expect(docKindOf(path)).toBe(kind);
  });

  it.each([
    'src/README.md',
    'docs/guide/CONTRIBUTING.md',
    'README.go',
    'license.ts',
    'READMEFIRST.md',
    '.github/ISSUE_TEMPLATE/config.yml',
    'src/CODEOWNERS',
    'changelogs/1.0.md',
  ])('%s is not a document', (path) => {
    expect(docKindOf(path)).toBeNull();
  });
});

describe('analyseDocs', () => {
  it('prefers the root and markdown, and reads the README', () => {
    const snap = snapshotFromFiles({
      'docs/README.md': 'docs readme',
      'README.rst': 'rst readme',
      'README.md': '# Root',
      '.github/CONTRIBUTING.md': 'gh',
      'CONTRIBUTING.md': 'root',
    });
    const r = analyseDocs(snap);
    expect(r.readme).toEqual({ path: 'README.md', text: '# Root', truncated: false });
    expect(r.docs.filter((d) => d.kind === 'readme').map((d) => d.path)).toEqual([
      'README.md',
      'README.rst',
      'docs/README.md',
    ]);
    expect(r.docs.filter((d) => d.kind === 'contributing').map((d) => d.path)).toEqual([
      'CONTRIBUTING.md',
      '.github/CONTRIBUTING.md',
    ]);
    expect(r.findings).toEqual([]);
  });

  it('records a binary README as present with empty text and a finding', () => {
    const snap = snapshotFromFiles({ 'README.md': 'x' });
    snap.files.set('README.md', { path: 'README.md', size: 10, text: null, binary: true, truncated: false });
    const r = analyseDocs(snap);
    expect(r.docs).toEqual([{ kind: 'readme', path: 'README.md', size: 1 }]);
    expect(r.readme).toEqual({ path: 'README.md', text: '', truncated: false });
    expect(r.findings[0]).toMatchObject({ code: 'README_UNREADABLE', path: 'README.md' });
  });

  it('reads a symlinked README the snapshot followed, and falls back past one it did not', () => {
    // The snapshot gives a link content only when it leads to a file of the repository.
    const followed = snapshotFromFiles({ 'README.md': 'the linked file', 'docs/README.md': 'real' });
    followed.tree[0].mode = '120000';
    expect(analyseDocs(followed).readme).toEqual({
      path: 'README.md',
      text: 'the linked file',
      truncated: false,
    });
    const dangling = snapshotFromFiles({ 'README.md': '', 'docs/README.md': 'real' });
    dangling.tree[0].mode = '120000';
    dangling.files.delete('README.md');
    const r = analyseDocs(dangling);
    expect(r.readme?.path).toBe('docs/README.md');
    expect(r.docs.map((d) => d.path)).toContain('README.md');
    const only = snapshotFromFiles({ 'README.md': '' });
    only.tree[0].mode = '120000';
    only.files.delete('README.md');
    expect(analyseDocs(only).findings).toEqual([
      expect.objectContaining({
        code: 'README_UNREADABLE',
        message: 'README is a symbolic link that does not lead to a file of the repository; not followed',
      }),
    ]);
  });

  it('keeps a truncated README flagged as truncated', () => {
    const snap = snapshotFromFiles({ 'README.md': 'abc' });
    snap.files.set('README.md', {
      path: 'README.md',
      size: 5_000_000,
      text: 'abc',
      binary: false,
      truncated: true,
    });
    expect(analyseDocs(snap).readme).toEqual({ path: 'README.md', text: 'abc', truncated: true });
  });

  it('has no README when there is none', () => {
    const r = analyseDocs(snapshotFromFiles({ 'src/index.ts': '' }));
    expect(r.readme).toBeNull();
    expect(r.docs).toEqual([]);
  });
});
