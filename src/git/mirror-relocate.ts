// A renamed or transferred forge repo has a new clone URL, so its mirror belongs in another folder: the old
// one is moved there (no re-clone) or, when a mirror is already there, removed, so the data directory does not
// keep a dead copy of every repo ever renamed. Only real folders directly under `dataDir/mirrors` are touched;
// a symlink or anything else named like a mirror is left alone.

import { lstat, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { mirrorName } from './mirror.ts';

export type Relocation = 'moved' | 'removed' | 'none';

/** The mirror folder of `url` under `root`, or null if the name would leave the root (it never should). */
function mirrorDir(root: string, url: string): string | null {
  const name = mirrorName(url);
  const dir = resolve(root, name);
  if (dirname(dir) !== root || basename(dir) !== name || !/^[A-Za-z0-9_][A-Za-z0-9._-]*\.git$/.test(name))
    return null;
  return dir;
}

/** True when `path` is a directory itself (not a symlink to one) holding a git `HEAD`. */
async function isMirror(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isDirectory() && (await lstat(join(path, 'HEAD'))).isFile();
  } catch {
    return false;
  }
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
 * Moves the mirror of `fromUrl` to the folder of `toUrl` (or removes it when `toUrl` has a mirror already).
 * The caller makes sure no other repo still reads from `fromUrl`. Never throws: a mirror left behind only
 * costs disk, and the next crawl clones what it needs.
 */
export async function relocateMirror(fromUrl: string, toUrl: string, dataDir: string): Promise<Relocation> {
  const root = resolve(dataDir, 'mirrors');
  const from = mirrorDir(root, fromUrl);
  const to = mirrorDir(root, toUrl);
  if (!from || !to || from === to || !(await isMirror(from))) return 'none';
  try {
    if (await exists(to)) {
      await rm(from, { recursive: true, force: true });
      return 'removed';
    }
    await rename(from, to);
    return 'moved';
  } catch {
    return 'none';
  }
}
