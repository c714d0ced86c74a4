import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCommits, git, gitdir, makeRepo, revParse, tmpDir } from '../../test/helpers/gitdir.ts';
import { isAncestor, readHead, resolveGitDir } from './head.ts';

describe('readHead', () => {
  it('reads sha, branch and bareness', async () => {
    const bare = await gitdir({ 'a.txt': 'A' }, { bare: true });
    expect(await readHead(bare)).toEqual({ sha: await revParse(bare), branch: 'main', bare: true });
    const work = await gitdir({ 'a.txt': 'A' });
    expect(await readHead(join(work, '.git'))).toEqual({
      sha: await revParse(work),
      branch: 'main',
      bare: false,
    });
  });

  it('gives a null sha for an empty repository', async () => {
    const empty = await makeRepo({ bare: true, commits: [] });
    expect(await readHead(empty)).toEqual({ sha: null, branch: 'main', bare: true });
  });

  it('gives a null branch when detached', async () => {
    const repo = await makeRepo({ bare: true, commits: [{ files: { a: '1' } }, { files: { b: '2' } }] });
    const first = await revParse(repo, 'HEAD~1');
    await git(repo, ['update-ref', '--no-deref', 'HEAD', first]);
    expect(await readHead(repo)).toEqual({ sha: first, branch: null, bare: true });
  });
});

describe('isAncestor', () => {
  it('answers for ancestors, non-ancestors and unknown commits', async () => {
    const repo = await makeRepo({ bare: true, commits: [{ files: { a: '1' } }, { files: { b: '2' } }] });
    const old = await revParse(repo, 'HEAD~1');
    const head = await revParse(repo);
    expect(await isAncestor(repo, old, head)).toBe(true);
    expect(await isAncestor(repo, head, old)).toBe(false);
    expect(await isAncestor(repo, 'f'.repeat(40), head)).toBe(false);
    const newer = await addCommits(repo, [{ files: { c: '3' }, from: null }]);
    expect(await isAncestor(repo, head, newer)).toBe(false);
  });
});

describe('resolveGitDir', () => {
  it('finds the git dir of a worktree and of a bare repo, and nothing else', async () => {
    const work = await gitdir({ 'sub/a.txt': 'A' });
    expect(await resolveGitDir(work)).toBe(join(work, '.git'));
    const bare = await gitdir({ 'a.txt': 'A' }, { bare: true });
    expect(await resolveGitDir(bare)).toBe(bare);
    // A subfolder of a repository is not a repository of its own.
    expect(await resolveGitDir(join(work, 'sub'))).toBeNull();
    const plain = await tmpDir('plain');
    await mkdir(join(plain, 'x'));
    expect(await resolveGitDir(plain)).toBeNull();
    expect(await resolveGitDir(join(plain, 'missing'))).toBeNull();
  });
});
