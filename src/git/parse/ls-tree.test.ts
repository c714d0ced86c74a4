import { describe, expect, it } from 'vitest';
import { gitdir, objectId, removeObject } from '../../../test/helpers/gitdir.ts';
import type { TreeEntry } from '../../snapshot/snapshot.ts';
import { listTree, parseTreeRecord } from './ls-tree.ts';

async function all(gitDir: string, sizes: boolean): Promise<TreeEntry[]> {
  const out: TreeEntry[] = [];
  for await (const e of listTree(gitDir, 'HEAD', { sizes })) out.push(e);
  return out;
}

describe('listTree', () => {
  it('parses paths with spaces, newlines, tabs and non-ASCII, symlinks and submodules', async () => {
    const sub = 'a'.repeat(40);
    const repo = await gitdir(
      {
        'with space/file name.txt': 'hello',
        'new\nline.md': 'x',
        'tab\there': 'yy',
        'ünïcødé/日本.txt': 'zzz',
        link: { symlink: '../outside' },
        vendor: { gitlink: sub },
      },
      { bare: true },
    );
    const entries = await all(repo, true);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect([...byPath.keys()].sort()).toEqual(
      ['link', 'new\nline.md', 'tab\there', 'vendor', 'with space/file name.txt', 'ünïcødé/日本.txt'].sort(),
    );
    expect(byPath.get('with space/file name.txt')).toMatchObject({ mode: '100644', type: 'blob', size: 5 });
    expect(byPath.get('ünïcødé/日本.txt')?.size).toBe(3);
    expect(byPath.get('link')).toMatchObject({ mode: '120000', type: 'blob', size: '../outside'.length });
    expect(byPath.get('vendor')).toEqual({
      path: 'vendor',
      mode: '160000',
      type: 'commit',
      oid: sub,
      size: null,
    });
    const noSizes = await all(repo, false);
    expect(noSizes.map((e) => e.path)).toEqual(entries.map((e) => e.path));
    expect(noSizes.every((e) => e.size === null)).toBe(true);
    expect(noSizes.map((e) => e.oid)).toEqual(entries.map((e) => e.oid));
  });

  it('yields what it read, then throws, when a tree object is missing', async () => {
    const repo = await gitdir({ 'a.txt': 'A', 'b/c.txt': 'C', 'z.txt': 'Z' }, { bare: true });
    await removeObject(repo, await objectId(repo, 'HEAD:b'));
    const got: string[] = [];
    await expect(async () => {
      for await (const e of listTree(repo, 'HEAD', { sizes: true })) got.push(e.path);
    }).rejects.toMatchObject({ code: 'GIT_FAILED' });
    expect(got).toEqual(['a.txt']);
  });

  it('marks a missing blob with a null size', async () => {
    const repo = await gitdir({ 'a.txt': 'A', 'b.txt': 'B' }, { bare: true });
    const [, b] = (await all(repo, true)).map((e) => e.oid);
    await removeObject(repo, b);
    expect((await all(repo, true)).map((e) => e.size)).toEqual([1, null]);
  });
});

describe('parseTreeRecord', () => {
  it('rejects malformed records', () => {
    expect(parseTreeRecord(Buffer.from('garbage'), true)).toBeNull();
    expect(parseTreeRecord(Buffer.from('100644 blob nothex\tp'), false)).toBeNull();
    expect(parseTreeRecord(Buffer.from(`100644 weird ${'a'.repeat(40)}\tp`), false)).toBeNull();
  });
});
