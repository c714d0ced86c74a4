// What a repository's HEAD is (sha, branch, bare or not), ancestry checks for incremental crawls, and
// finding the git directory of a path without wandering into a parent repository.

import { lstat, realpath } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AgoraError } from '../errors.ts';
import { type GitOptions, runGit } from './exec.ts';

export interface HeadInfo {
  /** HEAD commit; null for a repository with no commits yet. */
  sha: string | null;
  /** Short branch name HEAD points to; null when detached. */
  branch: string | null;
  bare: boolean;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Reads HEAD of a git directory (two git calls, run together). */
export async function readHead(gitDir: string, opts: Pick<GitOptions, 'timeoutMs'> = {}): Promise<HeadInfo> {
  const [revParse, symbolic] = await Promise.all([
    // With -q --verify an unborn HEAD exits 1 after printing the bare flag: an answer, not a failure.
    // Unpeeled on purpose: a ref pointing at a missing object is a broken repo (the snapshot fails and the
    // stored data is kept), not an empty one.
    runGit(['rev-parse', '--is-bare-repository', '--verify', '-q', 'HEAD'], {
      ...opts,
      gitDir,
      okExitCodes: [1],
    }),
    // Exit 1: HEAD is detached.
    runGit(['symbolic-ref', '-q', 'HEAD'], { ...opts, gitDir, okExitCodes: [1] }),
  ]);
  const lines = revParse.stdout.toString('utf8').trim().split('\n');
  const bare = lines[0] === 'true';
  const sha = revParse.exitCode === 0 && SHA.test(lines[1] ?? '') ? lines[1] : null;
  const ref = symbolic.exitCode === 0 ? symbolic.stdout.toString('utf8').trim() : '';
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref || null;
  return { sha, branch, bare };
}

/** True when commit `a` is an ancestor of (or equal to) `b`; false also when `a` is unknown to the repo. */
export async function isAncestor(
  gitDir: string,
  a: string,
  b: string,
  opts: Pick<GitOptions, 'timeoutMs'> = {},
): Promise<boolean> {
  // 1 = not an ancestor; 128 = a commit that no longer exists (history rewritten, object pruned).
  const { exitCode } = await runGit(['merge-base', '--is-ancestor', '--end-of-options', a, b], {
    ...opts,
    gitDir,
    okExitCodes: [1, 128],
  });
  return exitCode === 0;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * The git directory of a worktree's top folder or of a bare repository; null when `path` is neither (a plain
 * folder, or a subfolder of some other repository: discovery never climbs above `path`).
 */
export async function resolveGitDir(
  path: string,
  opts: Pick<GitOptions, 'timeoutMs'> = {},
): Promise<string | null> {
  let real: string;
  try {
    real = await realpath(path);
    if (!(await lstat(real)).isDirectory()) return null;
  } catch {
    return null;
  }
  // Cheap filter before spawning git: a repo has `.git`, or is bare (HEAD plus objects/).
  const looksLikeRepo =
    (await exists(join(real, '.git'))) ||
    ((await exists(join(real, 'HEAD'))) && (await exists(join(real, 'objects'))));
  if (!looksLikeRepo) return null;
  try {
    const { stdout } = await runGit(['rev-parse', '--absolute-git-dir'], {
      ...opts,
      cwd: real,
      env: { GIT_CEILING_DIRECTORIES: dirname(real) },
    });
    const gitDir = stdout.toString('utf8').trim();
    return gitDir || null;
  } catch (err) {
    if (err instanceof AgoraError && err.code === 'GIT_FAILED') return null;
    throw err;
  }
}

/** True when `sha` names a commit whose object is present (a ref can point at a missing object). */
export async function commitExists(
  gitDir: string,
  sha: string,
  opts: Pick<GitOptions, 'timeoutMs'> = {},
): Promise<boolean> {
  const { exitCode } = await runGit(['cat-file', '-e', `${sha}^{commit}`], {
    ...opts,
    gitDir,
    okExitCodes: [1, 128],
  });
  return exitCode === 0;
}

/** True when the repository is a shallow clone (its history is cut at the commits listed in `shallow`). */
export async function isShallow(gitDir: string): Promise<boolean> {
  return exists(join(gitDir, 'shallow'));
}
