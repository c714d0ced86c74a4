import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCommits, git, gitdir, makeRepo, revParse } from '../../test/helpers/gitdir.ts';
import { readHeadFromFiles } from './head-fast.ts';

describe('readHeadFromFiles', () => {
  it('reads a loose ref of a work tree and of a bare repo', async () => {
    const work = await gitdir({ 'a.txt': 'a' });
    expect(await readHeadFromFiles(work)).toEqual({
      gitDir: join(work, '.git'),
      sha: await revParse(work),
      branch: 'main',
    });
    const bare = await gitdir({ 'a.txt': 'a' }, { bare: true });
    expect(await readHeadFromFiles(bare)).toEqual({
      gitDir: bare,
      sha: await revParse(bare),
      branch: 'main',
    });
  });

  it('reads packed refs, and follows a new commit', async () => {
    const repo = await gitdir({ 'a.txt': 'a' });
    await git(repo, ['pack-refs', '--all']);
    expect((await readHeadFromFiles(repo))?.sha).toBe(await revParse(repo));
    const next = await addCommits(repo, [{ files: { 'b.txt': 'b' } }]);
    expect((await readHeadFromFiles(repo))?.sha).toBe(next);
  });

  it('answers null rather than guessing', async () => {
    const empty = await makeRepo({ commits: [] });
    expect(await readHeadFromFiles(empty)).toBeNull();
    const repo = await gitdir({ 'a.txt': 'a' });
    await writeFile(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\nextra\n');
    expect(await readHeadFromFiles(repo)).toBeNull();
    await rm(join(repo, '.git'), { recursive: true });
    await writeFile(join(repo, '.git'), 'gitdir: /elsewhere\n');
    expect(await readHeadFromFiles(repo)).toBeNull();
  });
});
