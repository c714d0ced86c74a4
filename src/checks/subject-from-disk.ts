// Builds a check subject from a working tree on disk (a team's CI job, uncommitted changes included):
// walks the tree without descending into linked folders, skips .git and node_modules, reads only the files that
// matter and only their first `maxFileBytes` bytes (a symlink's only when it resolves to a file inside the
// folder, as the crawl reads one through the commit's tree), then runs the crawler's analysers on that snapshot.

import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import { analyseSnapshot } from '../analyse/analyse-snapshot.ts';
import { docKindOf } from '../analyse/docs.ts';
import { loadParsersFor } from '../analyse/manifests/parsers.ts';
import { isWantedFile } from '../analyse/wanted.ts';
import { AgoraError } from '../errors.ts';
import { decodeText, looksBinary } from '../snapshot/build.ts';
import type { FileContent, Snapshot, TreeEntry } from '../snapshot/snapshot.ts';
import type { CheckSubject } from './subject.ts';

const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);
/** Upper bound on tree entries walked, so a runaway folder cannot exhaust memory. */
const MAX_ENTRIES = 500_000;

export interface DiskOptions {
  maxFileBytes?: number;
  largeFileBytes?: number;
}

/** Reads at most `cap` bytes of a file: never the whole of a huge file. */
export function readCapped(abs: string, size: number, cap: number): { content: Buffer; truncated: boolean } {
  const want = Math.min(size, cap);
  const buf = Buffer.alloc(want);
  const fd = openSync(abs, 'r');
  try {
    let off = 0;
    while (off < want) {
      const n = readSync(fd, buf, off, want - off, off);
      if (n === 0) break;
      off += n;
    }
    return { content: buf.subarray(0, off), truncated: size > off };
  } finally {
    closeSync(fd);
  }
}

/** A Snapshot of a folder as it is on disk (no git needed). */
export function snapshotFromDisk(dir: string, opts: DiskOptions = {}): Snapshot {
  const root = resolve(dir);
  const cap = opts.maxFileBytes ?? 1_048_576;
  const tree: TreeEntry[] = [];
  const files = new Map<string, FileContent>();
  const listed = gitListedPaths(root);
  if (listed) {
    for (const path of listed) {
      if (tree.length >= MAX_ENTRIES) break;
      if (path.split('/').some((seg) => SKIP_DIRS.has(seg))) continue;
      addFile(root, path, cap, tree, files);
    }
  }
  const stack: string[] = listed ? [] : [''];
  while (stack.length > 0 && tree.length < MAX_ENTRIES) {
    const rel = stack.pop() as string;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(join(root, rel), { withFileTypes: true });
    } catch {
      continue; // unreadable folder: its files are simply not seen
    }
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push(path);
        continue;
      }
      if (e.isSymbolicLink() || e.isFile()) addFile(root, path, cap, tree, files);
    }
  }
  tree.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { repoId: `path:${root}`, name: basename(root), head: null, tree, files };
}

/**
 * The file a symlink resolves to, when that is a regular file inside `realRoot` and outside the folders the walk
 * skips (a `README.md` linked to `.git/config` would read a remote URL's credentials); else null.
 */
function linkedFile(realRoot: string, abs: string): { abs: string; size: number } | null {
  try {
    const real = realpathSync(abs);
    if (!real.startsWith(realRoot + sep)) return null;
    if (
      real
        .slice(realRoot.length + 1)
        .split(sep)
        .some((seg) => SKIP_DIRS.has(seg))
    )
      return null;
    const st = statSync(real);
    return st.isFile() ? { abs: real, size: st.size } : null;
  } catch {
    return null; // dangling, a loop, or unreadable
  }
}

/** Adds one path (lstat: a symlink is listed as one, read as its file when inside) and reads it when it matters. */
function addFile(
  root: string,
  path: string,
  cap: number,
  tree: TreeEntry[],
  files: Map<string, FileContent>,
): void {
  const oid = '0'.repeat(40);
  let st: import('node:fs').Stats;
  try {
    st = lstatSync(join(root, path));
  } catch {
    return; // deleted in the working tree, or unreadable
  }
  let abs = join(root, path);
  let size: number;
  if (st.isSymbolicLink()) {
    const target = linkedFile(realRootOf(root), abs);
    tree.push({ path, mode: '120000', type: 'blob', oid, size: target?.size ?? null });
    if (!target) return;
    ({ abs, size } = target);
  } else {
    if (!st.isFile()) return;
    size = st.size;
    tree.push({ path, mode: '100644', type: 'blob', oid, size });
  }
  // Documents are read (capped) whatever their size, so a huge README is still checked from its start.
  if (!docKindOf(path) && !isWantedFile(path, size)) return;
  try {
    const { content, truncated } = readCapped(abs, size, cap);
    const binary = looksBinary(content);
    files.set(path, { path, size, text: binary ? null : decodeText(content, truncated), binary, truncated });
  } catch {
    // unreadable: analysers see the file listed but without content
  }
}

let realRoots: { root: string; real: string } | null = null;
/** The folder's real path (symlinks resolved), for checking where a link lands; one folder at a time. */
function realRootOf(root: string): string {
  if (realRoots?.root !== root) realRoots = { root, real: realpathSync(root) };
  return realRoots.real;
}

/** In a git working tree: tracked and untracked-but-not-ignored files (so build output is left out); else null. */
function gitListedPaths(root: string): string[] | null {
  if (!existsSync(join(root, '.git'))) return null;
  const r = spawnSync('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LC_ALL: 'C.UTF-8', GIT_NO_LAZY_FETCH: '1' },
  });
  if (r.status !== 0 || typeof r.stdout !== 'string') return null;
  return [...new Set(r.stdout.split('\0').filter(Boolean))];
}

/** Unix seconds of HEAD's commit when `dir` is a git working tree, else null. */
function lastCommitTime(dir: string): number | null {
  if (!existsSync(join(dir, '.git'))) return null;
  const r = spawnSync('git', ['-C', dir, 'log', '-1', '--format=%ct'], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, LC_ALL: 'C.UTF-8', GIT_NO_LAZY_FETCH: '1' },
  });
  const n = Number(r.stdout?.trim());
  return r.status === 0 && Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * A check subject for a working tree; `orgDefaults` is a checkout of the organisation's `.github` repository;
 * `lastCommit: false` leaves the last commit's time unread (no git process) for a ruleset that does not use it.
 * Async only to load the manifest parsers its trees need (a check imports no XML or TOML parser otherwise).
 */
export async function subjectFromDisk(
  dir: string,
  opts: DiskOptions & { orgDefaults?: string; lastCommit?: boolean } = {},
): Promise<CheckSubject> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory())
    throw new AgoraError('USAGE', `${dir}: not a folder`);
  const snapshot = snapshotFromDisk(root, opts);
  const org = opts.orgDefaults ? snapshotFromDisk(resolve(opts.orgDefaults), opts) : null;
  await loadParsersFor([...snapshot.files.keys(), ...(org?.files.keys() ?? [])]);
  const facts = analyseSnapshot(snapshot, { largeFileBytes: opts.largeFileBytes });
  const subject: CheckSubject = {
    // The last commit's time costs a git process; `lastCommit: false` when no rule reads it.
    repo: {
      id: snapshot.repoId,
      name: snapshot.name,
      lastCommitAt: opts.lastCommit === false ? undefined : lastCommitTime(root),
    },
    facts,
    files: snapshot.files,
    paths: snapshot.tree.map((e) => e.path),
  };
  if (org) {
    subject.inherited = {
      files: org.files,
      facts: analyseSnapshot(org, { largeFileBytes: opts.largeFileBytes }),
    };
  }
  return subject;
}
