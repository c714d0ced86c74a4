// Reads a local repository's HEAD straight from its files (HEAD, loose ref, packed-refs) without spawning git.
// Used only to decide "unchanged since the last crawl" cheaply: any layout it does not fully understand
// (linked worktrees, reftable, symbolic refs to symbolic refs) answers null and the caller asks git.

import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** The git dir of a work tree (`.git` folder) or bare repository at `path`, without spawning git; null if unsure. */
async function plainGitDir(path: string): Promise<string | null> {
  const dotGit = join(path, '.git');
  const st = await stat(dotGit).catch(() => null);
  if (st?.isDirectory()) return dotGit;
  if (st) return null; // a `.git` file: a linked worktree or submodule; let git resolve it
  return (await stat(join(path, 'objects')).catch(() => null))?.isDirectory() ? path : null;
}

/** What the files say: the git dir, HEAD's commit and the branch it is on (null when detached). */
export interface FileHead {
  gitDir: string;
  sha: string;
  branch: string | null;
}

/**
 * HEAD read from the repository's files, or null when that cannot be done with certainty (an unborn HEAD, a
 * linked worktree, reftable, anything unusual). Never wrong: a null answer just means "ask git".
 */
export async function readHeadFromFiles(path: string): Promise<FileHead | null> {
  const gitDir = await plainGitDir(path);
  if (!gitDir) return null;
  if ((await readText(join(gitDir, 'commondir'))) !== null) return null;
  const config = await readText(join(gitDir, 'config'));
  if (config === null || /refstorage|reftable/i.test(config)) return null;
  const head = (await readText(join(gitDir, 'HEAD')))?.trim();
  if (!head) return null;
  if (SHA.test(head)) return { gitDir, sha: head, branch: null };
  const m = /^ref: (refs\/[^\s]+)$/.exec(head);
  if (!m) return null;
  const branch = m[1].startsWith('refs/heads/') ? m[1].slice('refs/heads/'.length) : null;
  const loose = (await readText(join(gitDir, m[1])))?.trim();
  if (loose !== undefined) return SHA.test(loose) ? { gitDir, sha: loose, branch } : null;
  const packed = await readText(join(gitDir, 'packed-refs'));
  if (packed === null) return null;
  for (const line of packed.split('\n')) {
    if (line.endsWith(` ${m[1]}`)) {
      const sha = line.slice(0, line.indexOf(' '));
      return SHA.test(sha) ? { gitDir, sha, branch } : null;
    }
  }
  return null;
}
