// The `local` source: scans a folder for git repositories (bare or not) and reads them in place.
// It never descends into a repository's own tree, node_modules or hidden folders, and never follows symlinks
// (a symlink to a folder is reported as a problem of the source, so a folder of links does not crawl nothing silently).
// Repos are listed largest history first (by pack size), so the longest `git log` of a crawl starts at once
// rather than last, alone on one core while the others idle.

import { type Dirent, existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { AgoraError } from '../errors.ts';
import { packBytes } from '../git/history-ranges.ts';
import type { ListContext, RepoRef, Source } from './source.ts';

export interface LocalSourceOptions {
  name: string;
  path: string;
  maxDepth: number;
  include?: string[];
  exclude?: string[];
}

const SKIP_DIRS = new Set(['node_modules', 'vendor', 'bower_components', '__pycache__', 'target']);

/** Whether `dir` is a git repository: a work tree (has `.git`) or a bare repository (HEAD, objects/, refs/). */
export function repoKind(dir: string, entries: Dirent[]): 'worktree' | 'bare' | null {
  if (entries.some((e) => e.name === '.git' && (e.isDirectory() || e.isFile()))) return 'worktree';
  const names = new Set(entries.map((e) => e.name));
  if (names.has('HEAD') && names.has('objects') && names.has('refs') && existsSync(join(dir, 'HEAD')))
    return 'bare';
  return null;
}

/** Name shown for a repo folder: its basename without a `.git` suffix. */
export function repoName(dir: string): string {
  return basename(dir).replace(/\.git$/i, '') || basename(dir);
}

export class LocalSource implements Source {
  readonly type = 'local';
  readonly name: string;
  private readonly root: string;
  private readonly maxDepth: number;
  private readonly include: ((p: string) => boolean) | null;
  private readonly exclude: ((p: string) => boolean) | null;

  constructor(opts: LocalSourceOptions) {
    this.name = opts.name;
    this.root = resolve(opts.path);
    this.maxDepth = opts.maxDepth;
    this.include = opts.include?.length ? picomatch(opts.include, { dot: true }) : null;
    this.exclude = opts.exclude?.length ? picomatch(opts.exclude, { dot: true }) : null;
  }

  async *list(ctx: ListContext): AsyncIterable<RepoRef> {
    let rootStat: Awaited<ReturnType<typeof stat>>;
    try {
      rootStat = await stat(this.root);
    } catch (err) {
      throw new AgoraError(
        'SOURCE_FAILED',
        `cannot read ${this.root}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    if (!rootStat.isDirectory()) {
      ctx.onProblem({ path: this.root, code: 'SOURCE_UNREADABLE', message: 'not a directory' });
      return;
    }
    const refs: RepoRef[] = [];
    for await (const ref of this.walk(this.root, 0, ctx)) refs.push(ref);
    const sizes = new Map<RepoRef, number>();
    for (const ref of refs) sizes.set(ref, await historyBytes(ref));
    // Largest first; equal sizes (small repos of loose objects: 0) keep the walk's path order.
    yield* refs
      .map((ref, i) => ({ ref, i }))
      .sort((a, b) => sizes.get(b.ref)! - sizes.get(a.ref)! || a.i - b.i)
      .map((x) => x.ref);
  }

  private async *walk(dir: string, depth: number, ctx: ListContext): AsyncGenerator<RepoRef> {
    if (ctx.signal?.aborted) return;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      ctx.onProblem({
        path: dir,
        code: 'DIR_UNREADABLE',
        message: `cannot read directory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      });
      return;
    }
    const kind = repoKind(dir, entries);
    if (kind) {
      const ref = this.toRef(dir);
      if (ref) yield ref;
      return; // never descend into a repository's own tree
    }
    if (depth >= this.maxDepth) return;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.isSymbolicLink()) {
        await this.symlinkNotFollowed(join(dir, entry.name), ctx);
        continue;
      }
      if (!entry.isDirectory()) continue;
      if (entry.name.startsWith('.') && !entry.name.endsWith('.git')) continue;
      if (SKIP_DIRS.has(entry.name)) continue;
      yield* this.walk(join(dir, entry.name), depth + 1, ctx);
    }
  }

  /**
   * Symlinks are not followed (no loops, no leaving the folder the config names), but a link to a folder is said
   * out loud: a folder of symlinks to repositories would otherwise crawl nothing without a word.
   */
  private async symlinkNotFollowed(path: string, ctx: ListContext): Promise<void> {
    try {
      if (!(await stat(path)).isDirectory()) return;
    } catch {
      return; // dangling
    }
    ctx.onProblem({
      path,
      code: 'SYMLINK_NOT_FOLLOWED',
      message:
        'a symlink to a folder; the local source does not follow symlinks (name the folder it points to as a source path instead)',
    });
  }

  private toRef(dir: string): RepoRef | null {
    const rel = relative(this.root, dir).split(sep).join('/') || basename(dir);
    if (this.include && !this.include(rel)) return null;
    if (this.exclude?.(rel)) return null;
    const name = repoName(dir);
    return {
      id: `${this.name}:${rel.replace(/\.git$/i, '')}`,
      name,
      fullName: rel.replace(/\.git$/i, ''),
      source: this.name,
      location: { kind: 'local', path: dir },
    };
  }
}

/** Bytes of a local repo's packs (its history's size, near enough), 0 when it has none or cannot be read. */
async function historyBytes(ref: RepoRef): Promise<number> {
  if (ref.location.kind !== 'local') return 0;
  const dir = ref.location.path;
  return (await packBytes(join(dir, '.git'))) || (await packBytes(dir));
}
