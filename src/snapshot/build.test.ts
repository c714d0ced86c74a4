import { describe, expect, it } from 'vitest';
import { gitdir, objectId, removeObject, revParse, tmpDir } from '../../test/helpers/gitdir.ts';
import { ensureMirror, missingObjects } from '../git/mirror.ts';
import { buildSnapshot, decodeText, symlinkTargetInRepo } from './build.ts';

const wantedNames = new Set([
  'README.md',
  'package.json',
  'logo.png',
  'big.txt',
  'docs/link.md',
  'evil',
  'broken.md',
]);

function input(gitDir: string, head: string, extra: Partial<Parameters<typeof buildSnapshot>[0]> = {}) {
  return {
    repoId: 'test:repo',
    name: 'repo',
    gitDir,
    head,
    isWanted: (path: string) => wantedNames.has(path),
    maxFileBytes: 1024,
    timeoutMs: 30_000,
    ...extra,
  };
}

describe('buildSnapshot', () => {
  it('lists the tree and reads wanted files: text, binary, capped, symlinks, submodules', async () => {
    const repo = await gitdir(
      {
        'README.md': '# Title\n\nCafé ☕\n',
        'package.json': '{"name":"x"}',
        'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]),
        'big.txt': 'é'.repeat(2000),
        'src/index.ts': 'export {};\n',
        'docs/link.md': { symlink: '../README.md' },
        evil: { symlink: '../../../etc/passwd' },
        'vendor/lib': { gitlink: 'b'.repeat(40) },
        'bad-utf8.txt': Buffer.from([0x66, 0xff, 0x6f]),
      },
      { bare: true },
    );
    const head = await revParse(repo);
    const { snapshot, findings } = await buildSnapshot(
      input(repo, head, { isWanted: (p) => wantedNames.has(p) || p === 'bad-utf8.txt' }),
    );
    expect(snapshot.head).toBe(head);
    expect(snapshot.tree.map((e) => e.path).sort()).toEqual(
      [
        'README.md',
        'bad-utf8.txt',
        'big.txt',
        'docs/link.md',
        'evil',
        'logo.png',
        'package.json',
        'src/index.ts',
        'vendor/lib',
      ].sort(),
    );
    expect(snapshot.tree.find((e) => e.path === 'vendor/lib')).toMatchObject({ type: 'commit', size: null });
    expect(snapshot.files.get('README.md')).toEqual({
      path: 'README.md',
      size: Buffer.byteLength('# Title\n\nCafé ☕\n'),
      text: '# Title\n\nCafé ☕\n',
      binary: false,
      truncated: false,
    });
    expect(snapshot.files.get('logo.png')).toMatchObject({ binary: true, text: null, size: 8 });
    const big = snapshot.files.get('big.txt')!;
    expect(big).toMatchObject({ size: 4000, truncated: true, binary: false });
    // 1024 bytes = 512 two-byte characters: none cut in half.
    expect(big.text).toBe('é'.repeat(512));
    expect(snapshot.files.get('bad-utf8.txt')?.text).toBe('f\uFFFDo');
    expect(snapshot.files.has('src/index.ts')).toBe(false);
    // A link to a file of the repository is read as that file, under its own path; one out of it never.
    expect(snapshot.files.get('docs/link.md')).toEqual({
      ...snapshot.files.get('README.md'),
      path: 'docs/link.md',
    });
    expect(snapshot.files.has('evil')).toBe(false);
    expect(findings).toEqual([
      expect.objectContaining({ code: 'SYMLINK_OUTSIDE', path: 'evil', severity: 'warning' }),
    ]);
    expect(findings[0].message).toContain('../../../etc/passwd');
  });

  it('follows links through the tree only: chains, but not loops, folders, dangling links or linked folders', async () => {
    // axum's shape: README.md at the root is a link to the main crate's README.
    const repo = await gitdir(
      {
        'axum/README.md': '# axum\n\n`axum` is a web application framework.\n',
        'README.md': { symlink: 'axum/README.md' },
        'CONTRIBUTING.md': { symlink: 'docs/CONTRIBUTING.md' },
        'docs/CONTRIBUTING.md': { symlink: '../.github/CONTRIBUTING.md' },
        '.github/CONTRIBUTING.md': 'How to contribute',
        'SECURITY.md': { symlink: 'SECURITY.md' },
        'CHANGELOG.md': { symlink: 'axum' },
        LICENSE: { symlink: 'gone/LICENSE' },
        // A link to a folder outside, and a link through it: git objects never leave the commit.
        etc: { symlink: '/etc' },
        CODEOWNERS: { symlink: 'etc/passwd' },
      },
      { bare: true },
    );
    const wanted = new Set([
      'README.md',
      'CONTRIBUTING.md',
      'SECURITY.md',
      'CHANGELOG.md',
      'LICENSE',
      'CODEOWNERS',
    ]);
    const { snapshot, findings } = await buildSnapshot(
      input(repo, await revParse(repo), { isWanted: (p) => wanted.has(p) || p.endsWith('/README.md') }),
    );
    expect(snapshot.files.get('README.md')?.text).toBe('# axum\n\n`axum` is a web application framework.\n');
    expect(snapshot.files.get('CONTRIBUTING.md')?.text).toBe('How to contribute');
    expect([...snapshot.files.keys()].sort()).toEqual(['CONTRIBUTING.md', 'README.md', 'axum/README.md']);
    const byPath = Object.fromEntries(findings.map((f) => [f.path, `${f.code}: ${f.message}`]));
    expect(byPath).toEqual({
      'SECURITY.md': 'SYMLINK_SKIPPED: more than 8 symlinks in a row (a loop?); not followed',
      'CHANGELOG.md': 'SYMLINK_SKIPPED: symlink to axum, which is not a file of this commit; not followed',
      LICENSE: 'SYMLINK_SKIPPED: symlink to gone/LICENSE, which is not a file of this commit; not followed',
      CODEOWNERS: 'SYMLINK_SKIPPED: symlink to etc/passwd, which is not a file of this commit; not followed',
    });
  });

  it('records a missing blob and reads the rest', async () => {
    const repo = await gitdir({ 'README.md': 'hi', 'package.json': '{}', 'broken.md': 'x' }, { bare: true });
    await removeObject(repo, await objectId(repo, 'HEAD:broken.md'));
    const { snapshot, findings } = await buildSnapshot(input(repo, await revParse(repo)));
    expect(findings).toEqual([expect.objectContaining({ code: 'OBJECT_MISSING', path: 'broken.md' })]);
    expect([...snapshot.files.keys()].sort()).toEqual(['README.md', 'package.json']);
    expect(snapshot.tree).toHaveLength(3);
  });

  it('records a partly readable tree', async () => {
    const repo = await gitdir({ 'README.md': 'hi', 'sub/x.txt': 'x', 'z.md': 'z' }, { bare: true });
    await removeObject(repo, await objectId(repo, 'HEAD:sub'));
    const { snapshot, findings } = await buildSnapshot(input(repo, await revParse(repo)));
    expect(findings.map((f) => f.code)).toEqual(['TREE_INCOMPLETE']);
    expect(snapshot.files.get('README.md')?.text).toBe('hi');
  });

  it('on a blobless mirror fetches only the wanted blobs, in one batch, and never lazily', async () => {
    const origin = await gitdir({
      'README.md': '# Mirror\n',
      'package.json': '{"name":"m"}',
      'src/a.ts': 'export const a = 1;\n',
      'src/b.ts': 'export const b = 2;\n',
    });
    const { gitDir } = await ensureMirror(`file://${origin}`, await tmpDir('data'));
    const head = await revParse(origin);
    const { snapshot, findings } = await buildSnapshot(input(gitDir, head, { blobless: true }));
    expect(findings).toEqual([]);
    expect(snapshot.files.get('README.md')?.text).toBe('# Mirror\n');
    expect(snapshot.files.get('package.json')?.text).toBe('{"name":"m"}');
    const sizes = Object.fromEntries(snapshot.tree.map((e) => [e.path, e.size]));
    expect(sizes).toEqual({ 'README.md': 9, 'package.json': 12, 'src/a.ts': null, 'src/b.ts': null });
    // The unwanted blobs are still not fetched.
    expect((await missingObjects(gitDir, head)).size).toBe(2);
  });

  it('on a blobless mirror fetches the file a wanted symlink lands on', async () => {
    const origin = await gitdir({
      'README.md': { symlink: 'crates/core/README.md' },
      'crates/core/README.md': '# Core\n',
      'crates/core/src/lib.rs': 'pub fn f() {}\n',
    });
    const { gitDir } = await ensureMirror(`file://${origin}`, await tmpDir('data'));
    const head = await revParse(origin);
    const { snapshot, findings } = await buildSnapshot(
      input(gitDir, head, { blobless: true, isWanted: (p) => p === 'README.md' }),
    );
    expect(findings).toEqual([]);
    expect(snapshot.files.get('README.md')).toEqual({
      path: 'README.md',
      size: 7,
      text: '# Core\n',
      binary: false,
      truncated: false,
    });
    // Only lib.rs is still missing.
    expect((await missingObjects(gitDir, head)).size).toBe(1);
  });
});

describe('helpers', () => {
  it('resolves symlink targets against the repository root', () => {
    expect(symlinkTargetInRepo('docs/a.md', '../README.md')).toBe('README.md');
    expect(symlinkTargetInRepo('a', '../x')).toBeNull();
    expect(symlinkTargetInRepo('a/b', '/etc/passwd')).toBeNull();
    expect(symlinkTargetInRepo('a/b', 'c/../../../x')).toBeNull();
  });

  it('drops a character the cap cut in half', () => {
    const bytes = Buffer.from('aé');
    expect(decodeText(bytes.subarray(0, 2), true)).toBe('a');
    expect(decodeText(bytes.subarray(0, 2), false)).toBe('a\uFFFD');
  });

  it('stops reading at the per-repository byte budget, shallow files first, with a finding', async () => {
    const files: Record<string, string> = { 'README.md': '# Hello\n' };
    for (let i = 0; i < 10; i++)
      files[`packages/p${i}/package.json`] = `{"name": "p${i}", "x": "${'x'.repeat(100_000)}"}`;
    const repo = await gitdir(files);
    const { snapshot, findings } = await buildSnapshot(
      input(`${repo}/.git`, await revParse(repo, 'HEAD'), {
        isWanted: () => true,
        maxFileBytes: 1_048_576,
        maxTotalBytes: 300_000,
      }),
    );
    expect(snapshot.files.has('README.md')).toBe(true);
    expect([...snapshot.files.keys()].filter((p) => p.endsWith('package.json'))).toHaveLength(3);
    expect(findings).toEqual([
      {
        code: 'SNAPSHOT_LIMIT',
        severity: 'warning',
        message:
          '7 wanted file(s) not read: the files read already came to 293 KB, over the limit of 293 KB per repository, e.g. packages/p3/package.json',
        path: 'packages/p3/package.json',
      },
    ]);
  });
});
