// Real git repositories for tests, built from a file map with `git fast-import` (a 50-commit repo takes
// a few tens of milliseconds), with a fixed committer identity and fixed dates so results are deterministic.
//
// API (kept stable; other tests code against it):
//   gitdir(files, opts?)        → path of a repo with ONE commit holding `files`
//   makeRepo({ commits, … })    → path of a repo with the given commits (first-parent chain on `main`)
//   addCommits(repo, commits)   → appends commits to `main` of an existing fixture repo, returns the new head
//   revParse(repo, rev)         → sha of a revision (a commit)
//   objectId(repo, spec)        → id of any object, e.g. `HEAD:path/to/file` or `HEAD:dir`
//   git(repo, args, input?)     → runs git in the repo (isolated from user/system config), returns stdout
//   removeObject(repo, oid)     → deletes one object from the repo's object store (simulates corruption)
//   tmpDir(prefix)              → a fresh temporary directory, removed when the process exits
//   removeTmpDirs()             → removes every temporary directory made so far (call from afterAll if you like)
//
// A file map value is the text, a Buffer (raw bytes), `{ symlink: target }`, `{ gitlink: sha }` (a submodule
// entry) or, in a later commit, `null` to delete the path. Paths may hold spaces, newlines and non-ASCII.
// Commits may set `author` (name may be a Buffer, to write non-UTF-8 bytes), `date` (ISO; default
// 2024-01-01T00:00:00Z plus one hour per commit), `message`, `from` (index of the first parent; `null` for a
// root commit) and `merge` (indexes of extra parents). Every fixture serves partial clones
// (`uploadpack.allowFilter`, `uploadpack.allowAnySHA1InWant`), so `file://` URLs of it can be mirrored.

import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Author {
  name: string | Buffer;
  email: string;
}

export type FileSpec = string | Buffer | { symlink: string } | { gitlink: string } | null;

export interface CommitSpec {
  files: Record<string, FileSpec>;
  author?: Author;
  /** ISO date of authoring and committing. */
  date?: string;
  message?: string;
  /** Index (in this call's commits, or of `addCommits`' previous history: see below) of the first parent; null = root. */
  from?: number | null;
  /** Indexes of extra parents (makes a merge commit). */
  merge?: number[];
}

export interface MakeRepoOptions {
  /** Directory to create the repo in (must be empty or absent); default a fresh temporary one. */
  dir?: string;
  bare?: boolean;
  commits: CommitSpec[];
}

export const DEFAULT_AUTHOR: Author = { name: 'Ada Lovelace', email: 'ada@example.com' };
export const COMMITTER = { name: 'Agora Test', email: 'test@agora.invalid' } as const;
const BASE_TIME = Date.parse('2024-01-01T00:00:00Z') / 1000;

/** Environment that keeps fixture git calls independent of the user's and the system's git config. */
export const FIXTURE_ENV: Record<string, string> = {
  LC_ALL: 'C.UTF-8',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: COMMITTER.name,
  GIT_AUTHOR_EMAIL: COMMITTER.email,
  GIT_COMMITTER_NAME: COMMITTER.name,
  GIT_COMMITTER_EMAIL: COMMITTER.email,
};

const made: string[] = [];
let exitHookInstalled = false;

/** A fresh temporary directory, removed when the process exits (or by `removeTmpDirs`). */
export async function tmpDir(prefix = 'agora-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix.endsWith('-') ? prefix : `${prefix}-`));
  made.push(dir);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** Removes every temporary directory made so far. */
export async function removeTmpDirs(): Promise<void> {
  const dirs = made.splice(0);
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}

/** Runs git with the fixture environment; rejects with stderr on a non-zero exit. Returns stdout. */
export function git(cwd: string, args: string[], input?: string | Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, ...FIXTURE_ENV } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`git ${args.join(' ')} failed (${code}): ${Buffer.concat(err).toString()}`));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** Sha of a revision in a fixture repo. */
export async function revParse(repo: string, rev = 'HEAD'): Promise<string> {
  return (await git(repo, ['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`]))
    .toString()
    .trim();
}

/** Id of any object (`HEAD:path`, a tree, a blob). */
export async function objectId(repo: string, spec: string): Promise<string> {
  return (await git(repo, ['rev-parse', '--verify', '--end-of-options', spec])).toString().trim();
}

/** A repository with one commit holding `files`. */
export function gitdir(
  files: Record<string, Exclude<FileSpec, null>>,
  opts: { bare?: boolean; author?: Author; date?: string; dir?: string; message?: string } = {},
): Promise<string> {
  return makeRepo({
    dir: opts.dir,
    bare: opts.bare,
    commits: [{ files, author: opts.author, date: opts.date, message: opts.message }],
  });
}

/** A repository with the given commits on `main` (HEAD). An empty `commits` list makes an empty repo. */
export async function makeRepo(opts: MakeRepoOptions): Promise<string> {
  const dir = opts.dir ?? (await tmpDir('agora-repo-'));
  await mkdir(dir, { recursive: true });
  await git(dir, ['-c', 'init.defaultBranch=main', 'init', '--quiet', ...(opts.bare ? ['--bare'] : []), '.']);
  for (const [key, value] of [
    ['uploadpack.allowFilter', 'true'],
    ['uploadpack.allowAnySHA1InWant', 'true'],
    ['core.autocrlf', 'false'],
  ]) {
    await git(dir, ['config', key, value]);
  }
  if (opts.commits.length > 0) await importCommits(dir, opts.commits, null, 0);
  if (!opts.bare && opts.commits.length > 0) await git(dir, ['reset', '--hard', '--quiet', 'HEAD']);
  return dir;
}

/**
 * Appends commits to `main`. `from`/`merge` indexes refer to the new commits; the first new commit's parent
 * defaults to the current head. Returns the new head sha.
 */
export async function addCommits(repo: string, commits: CommitSpec[]): Promise<string> {
  const head = await revParse(repo, 'refs/heads/main');
  const bare = (await git(repo, ['rev-parse', '--is-bare-repository'])).toString().trim() === 'true';
  const count = Number((await git(repo, ['rev-list', '--count', 'HEAD'])).toString().trim());
  await importCommits(repo, commits, head, count);
  if (!bare) await git(repo, ['reset', '--hard', '--quiet', 'HEAD']);
  return revParse(repo, 'refs/heads/main');
}

async function importCommits(dir: string, commits: CommitSpec[], parent: string | null, offset: number) {
  const chunks: Buffer[] = [];
  const push = (s: string | Buffer) => chunks.push(typeof s === 'string' ? Buffer.from(s) : s);
  const data = (b: Buffer) => {
    push(`data ${b.length}\n`);
    push(b);
    push('\n');
  };
  commits.forEach((c, i) => {
    const mark = i + 1;
    const author = c.author ?? DEFAULT_AUTHOR;
    const when = c.date ? Math.floor(Date.parse(c.date) / 1000) : BASE_TIME + (offset + i) * 3600;
    if (Number.isNaN(when)) throw new Error(`bad date ${c.date}`);
    const from = c.from === undefined ? (i === 0 ? parent : i - 1) : c.from;
    // A root commit: without a reset, fast-import would give it the branch's current tip as parent.
    if (from === null) push('reset refs/heads/main\n');
    push(`commit refs/heads/main\nmark :${mark}\n`);
    push('author ');
    push(typeof author.name === 'string' ? Buffer.from(author.name) : author.name);
    push(` <${author.email}> ${when} +0000\n`);
    push(`committer ${COMMITTER.name} <${COMMITTER.email}> ${when} +0000\n`);
    data(Buffer.from(c.message ?? `commit ${offset + i + 1}\n`));
    if (from !== null) push(`from ${typeof from === 'number' ? `:${from + 1}` : from}\n`);
    for (const m of c.merge ?? []) push(`merge :${m + 1}\n`);
    for (const [path, spec] of Object.entries(c.files)) {
      const q = quotePath(path);
      if (spec === null) {
        push(`D ${q}\n`);
      } else if (typeof spec === 'string' || Buffer.isBuffer(spec)) {
        push(`M 100644 inline ${q}\n`);
        data(typeof spec === 'string' ? Buffer.from(spec) : spec);
      } else if ('symlink' in spec) {
        push(`M 120000 inline ${q}\n`);
        data(Buffer.from(spec.symlink));
      } else {
        push(`M 160000 ${spec.gitlink} ${q}\n`);
      }
    }
    push('\n');
  });
  chunks.push(Buffer.from('done\n'));
  await git(dir, ['fast-import', '--quiet', '--done', '--force'], Buffer.concat(chunks));
}

/** C-style quoting as fast-import reads it: every byte outside printable ASCII as an octal escape. */
function quotePath(path: string): string {
  let out = '"';
  for (const byte of Buffer.from(path)) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += '\\' + byte.toString(8).padStart(3, '0');
  }
  return out + '"';
}

/**
 * Deletes one object (simulating a corrupt or incomplete repo). Packed objects are first exploded into
 * loose ones, so exactly the named object goes missing.
 */
export async function removeObject(repo: string, oid: string): Promise<void> {
  if (!/^[0-9a-f]{40}$/.test(oid)) throw new Error(`removeObject: not an object id: ${JSON.stringify(oid)}`);
  const gitDir = (await git(repo, ['rev-parse', '--absolute-git-dir'])).toString().trim();
  const packDir = join(gitDir, 'objects', 'pack');
  const packs = (await readdir(packDir).catch(() => [] as string[])).filter((f) => f.endsWith('.pack'));
  if (packs.length > 0) {
    const aside = await tmpDir('agora-packs-');
    for (const pack of packs) {
      const base = pack.slice(0, -'.pack'.length);
      for (const ext of ['.pack', '.idx', '.rev']) {
        await rename(join(packDir, base + ext), join(aside, base + ext)).catch(() => {});
      }
      await git(repo, ['unpack-objects', '-q'], await readFile(join(aside, pack)));
    }
  }
  const loose = join(gitDir, 'objects', oid.slice(0, 2), oid.slice(2));
  await stat(loose);
  await rm(loose);
}
