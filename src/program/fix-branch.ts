// Pushes a campaign's fix as one commit on a new branch: fetches the tip of the default branch (depth 1) into
// a throw-away bare repo, adds the files on top of it without a work tree (hash-object, update-index,
// write-tree, commit-tree), leaves out every path the branch already has (a file is never overwritten), and
// pushes the commit to a new branch without force (an existing branch of that name refuses it). The token
// reaches git only through the credential helper's environment (`credentialEnv`).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgoraError } from '../errors.ts';
import { runGit } from '../git/exec.ts';
import { credentialEnv } from '../git/mirror.ts';

export interface FixFile {
  path: string;
  content: string;
}

export interface FixBranchInput {
  /** Clone URL of the repository the branch starts from (credential-free). */
  baseUrl: string;
  baseBranch: string;
  /** Where the branch is pushed: the repository itself or a fork of it. */
  pushUrl: string;
  branch: string;
  files: readonly FixFile[];
  message: string;
  timeoutMs?: number;
}

export interface FixBranchResult {
  commit: string;
  /** The files the commit adds. */
  added: string[];
  /** Planned files the default branch has meanwhile: left out, never overwritten. */
  existing: string[];
}

const AUTHOR = {
  GIT_AUTHOR_NAME: 'Agora',
  GIT_AUTHOR_EMAIL: 'agora@invalid',
  GIT_COMMITTER_NAME: 'Agora',
  GIT_COMMITTER_EMAIL: 'agora@invalid',
};

/** Builds the commit on the default branch's tip; null when every file exists there already. */
export async function prepareFixCommit(
  input: Omit<FixBranchInput, 'pushUrl' | 'branch'>,
  gitDir: string,
): Promise<FixBranchResult | null> {
  const timeoutMs = input.timeoutMs ?? 120_000;
  await runGit(['init', '--bare', '-q', gitDir], { timeoutMs });
  await runGit(
    [
      'fetch',
      '--depth=1',
      '--no-tags',
      '-q',
      input.baseUrl,
      `+refs/heads/${input.baseBranch}:refs/agora/base`,
    ],
    { gitDir, network: true, env: credentialEnv(input.baseUrl), timeoutMs },
  );
  const paths = input.files.map((f) => f.path);
  const listed = await runGit(['ls-tree', '-r', '--name-only', '-z', 'refs/agora/base', '--', ...paths], {
    gitDir,
    timeoutMs,
  });
  const existing = new Set(listed.stdout.toString('utf8').split('\0').filter(Boolean));
  const files = input.files.filter((f) => !existing.has(f.path));
  if (files.length === 0) return null;
  const env = { GIT_INDEX_FILE: join(gitDir, 'agora-index'), ...AUTHOR };
  await runGit(['read-tree', 'refs/agora/base'], { gitDir, env, timeoutMs });
  for (const f of files) {
    const blob = await runGit(['hash-object', '-w', '--stdin'], { gitDir, input: f.content, timeoutMs });
    await runGit(
      ['update-index', '--add', '--cacheinfo', `100644,${blob.stdout.toString().trim()},${f.path}`],
      {
        gitDir,
        env,
        timeoutMs,
      },
    );
  }
  const tree = (await runGit(['write-tree'], { gitDir, env, timeoutMs })).stdout.toString().trim();
  const commit = (
    await runGit(['commit-tree', tree, '-p', 'refs/agora/base', '-m', input.message], {
      gitDir,
      env,
      timeoutMs,
    })
  ).stdout
    .toString()
    .trim();
  return { commit, added: files.map((f) => f.path), existing: [...existing].sort() };
}

/** Pushes `commit` to a new branch; never with force. Throws AgoraError GIT_FAILED with git's reason. */
export async function pushFixCommit(
  gitDir: string,
  commit: string,
  pushUrl: string,
  branch: string,
  timeoutMs = 120_000,
): Promise<void> {
  try {
    await runGit(['push', '-q', pushUrl, `${commit}:refs/heads/${branch}`], {
      gitDir,
      network: true,
      env: credentialEnv(pushUrl),
      timeoutMs,
    });
  } catch (err) {
    throw new AgoraError('GIT_FAILED', `push of ${branch} refused: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

/** A throw-away git dir for one repo's fix, removed by `done`. */
export async function scratchGitDir(): Promise<{ gitDir: string; done(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'agora-fix-'));
  return { gitDir: join(dir, 'fix.git'), done: () => rm(dir, { recursive: true, force: true }) };
}
