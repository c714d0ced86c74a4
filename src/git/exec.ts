// Runs the system `git`: a fixed, config-independent environment, a time-out per call, credentials redacted from
// errors, and stdout either collected or streamed so callers can parse history without buffering it whole.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { AgoraError, redactSecrets } from '../errors.ts';

export interface GitOptions {
  /** Repository to operate on (`--git-dir`); for a worktree pass its `.git` directory. */
  gitDir?: string;
  cwd?: string;
  /** Kill git (and its children) after this long; default 60 s. */
  timeoutMs?: number;
  input?: string | Buffer;
  /** Extra environment on top of the fixed one. */
  env?: Record<string, string>;
  /**
   * True for calls that may talk to a remote (clone, fetch). Every other call is a read: lazy fetches of
   * missing objects are forbidden so a blobless mirror fails loudly instead of fetching one object at a time.
   */
  network?: boolean;
  /** Non-zero exit codes that are answers, not failures (e.g. 1 from `merge-base --is-ancestor`). */
  okExitCodes?: number[];
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
/** Enough stderr to explain a failure; a runaway stderr must not grow memory. */
const STDERR_CAP = 64 * 1024;

/**
 * Config every call carries: repos owned by other users are readable, and user settings that would change
 * machine-readable output or run commands (signature display, fsmonitor hooks) are neutralised.
 */
const CONFIG_ARGS = [
  '-c',
  'safe.directory=*',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'log.showSignature=false',
  '-c',
  'core.quotePath=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'color.ui=false',
];

const live = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

function trackChild(child: ChildProcessWithoutNullStreams): void {
  live.add(child);
  child.once('close', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Children run in their own process group (so a time-out can kill fetch helpers too); take them down
    // with us rather than leave orphans.
    process.once('exit', () => {
      for (const c of live) killGroup(c);
    });
  }
}

function killGroup(child: ChildProcessWithoutNullStreams): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** The environment of every git call (exported for tests and for processes spawned elsewhere). */
export function gitEnv(opts: Pick<GitOptions, 'env' | 'network'> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LC_ALL: 'C.UTF-8',
    LANG: 'C.UTF-8',
    GIT_TERMINAL_PROMPT: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    GCM_INTERACTIVE: 'never',
  };
  // A crawl runs unattended: ssh must fail rather than ask for a password or a host key.
  if (!env.GIT_SSH_COMMAND && !env.GIT_SSH) env.GIT_SSH_COMMAND = 'ssh -o BatchMode=yes';
  // Never inherit a caller's repository selection.
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  delete env.GIT_INDEX_FILE;
  delete env.GIT_OBJECT_DIRECTORY;
  delete env.GIT_ALTERNATE_OBJECT_DIRECTORIES;
  if (!opts.network) {
    env.GIT_NO_LAZY_FETCH = '1';
    // Older gits ignore GIT_NO_LAZY_FETCH; allowing no transport at all makes a lazy fetch fail there too.
    env.GIT_ALLOW_PROTOCOL = 'agora-read-only';
  }
  return { ...env, ...opts.env };
}

/** Full argument list for git: fixed config, `--git-dir`, then the caller's arguments. */
export function gitArgs(args: string[], gitDir?: string): string[] {
  return [...CONFIG_ARGS, ...(gitDir ? [`--git-dir=${gitDir}`] : []), ...args];
}

/** Spawns git with the fixed environment in its own process group; the caller owns the child. */
export function spawnGit(args: string[], opts: GitOptions = {}): ChildProcessWithoutNullStreams {
  const child = spawn('git', gitArgs(args, opts.gitDir), {
    cwd: opts.cwd,
    env: gitEnv(opts),
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  trackChild(child);
  return child;
}

/** Kills a child spawned by `spawnGit`, including the helpers it started. */
export function killGit(child: ChildProcessWithoutNullStreams): void {
  killGroup(child);
}

function describe(args: string[]): string {
  // The subcommand: the first argument that is neither an option nor the value of a `-c` option.
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '-C') i++;
    else if (!args[i].startsWith('-')) return `git ${args[i]}`;
  }
  return 'git';
}

function failure(
  args: string[],
  code: number | null,
  signal: string | null,
  stderr: string,
  gitDir?: string,
) {
  const text = redactSecrets(stderr.trim());
  const firstLines = text.split('\n').slice(-5).join('\n');
  return new AgoraError(
    'GIT_FAILED',
    `${describe(args)} failed (${code ?? signal})${firstLines ? `: ${firstLines}` : ''}`,
    { details: { args: args.map(redactSecrets), gitDir, exitCode: code, signal, stderr: text } },
  );
}

function timeout(args: string[], ms: number, gitDir?: string) {
  return new AgoraError('GIT_TIMEOUT', `${describe(args)} timed out after ${ms} ms`, {
    details: { args: args.map(redactSecrets), gitDir, timeoutMs: ms },
  });
}

function spawnFailure(args: string[], err: Error) {
  return new AgoraError('GIT_FAILED', `could not run ${describe(args)}: ${err.message}`, { cause: err });
}

function collectStderr(child: ChildProcessWithoutNullStreams): () => string {
  const parts: Buffer[] = [];
  let size = 0;
  child.stderr.on('data', (chunk: Buffer) => {
    if (size >= STDERR_CAP) return;
    parts.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(parts).subarray(0, STDERR_CAP).toString('utf8');
}

function writeInput(child: ChildProcessWithoutNullStreams, input: string | Buffer | undefined): void {
  // git may exit before reading all of stdin (e.g. on an error); that EPIPE is not the failure to report.
  child.stdin.on('error', () => {});
  child.stdin.end(input ?? '');
}

/** Runs git to completion and returns its output; rejects with GIT_FAILED or GIT_TIMEOUT. */
export function runGit(args: string[], opts: GitOptions = {}): Promise<GitResult> {
  const ms = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawnGit(args, opts);
    } catch (err) {
      reject(spawnFailure(args, err as Error));
      return;
    }
    const out: Buffer[] = [];
    const stderr = collectStderr(child);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, ms);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(spawnFailure(args, err));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(timeout(args, ms, opts.gitDir));
      else if (code === 0 || (code !== null && opts.okExitCodes?.includes(code))) {
        resolve({ stdout: Buffer.concat(out), stderr: stderr(), exitCode: code });
      } else reject(failure(args, code, signal, stderr(), opts.gitDir));
    });
    writeInput(child, opts.input);
  });
}

/** A running git whose stdout is consumed as it arrives. */
export interface GitStream {
  /** stdout chunks, with back-pressure; breaking out of the loop kills git. */
  stdout: AsyncIterable<Buffer>;
  /**
   * Settles when git has exited: resolves with its stderr on success (or when the consumer stopped early),
   * rejects with GIT_FAILED / GIT_TIMEOUT otherwise. Await it after consuming `stdout`.
   */
  done: Promise<{ stderr: string }>;
  kill(): void;
}

/** Starts git and streams its stdout; see `splitRecords` to iterate NUL- or newline-terminated records. */
export function streamGit(args: string[], opts: GitOptions = {}): GitStream {
  const ms = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let child: ChildProcessWithoutNullStreams;
  try {
    child = spawnGit(args, opts);
  } catch (err) {
    const done = Promise.reject(spawnFailure(args, err as Error));
    done.catch(() => {});
    return { stdout: (async function* () {})(), done, kill() {} };
  }
  const stderr = collectStderr(child);
  let timedOut = false;
  let abandoned = false;
  let spawnError: Error | null = null;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child);
  }, ms);
  const done = new Promise<{ stderr: string }>((resolve, reject) => {
    child.on('error', (err) => {
      spawnError = err;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (spawnError) reject(spawnFailure(args, spawnError));
      else if (timedOut) reject(timeout(args, ms, opts.gitDir));
      else if (code === 0 || abandoned) resolve({ stderr: stderr() });
      else reject(failure(args, code, signal, stderr(), opts.gitDir));
    });
  });
  // Marks the promise handled: callers that stop early may never await it.
  done.catch(() => {});
  writeInput(child, opts.input);

  async function* chunks(): AsyncGenerator<Buffer> {
    let finished = false;
    try {
      for await (const chunk of child.stdout) yield chunk as Buffer;
      finished = true;
    } finally {
      if (!finished) {
        abandoned = true;
        killGroup(child);
      }
    }
    // A time-out ends stdout early; surface it here so a consumer that only iterates still sees it.
    if (timedOut) await done;
  }

  return {
    stdout: chunks(),
    done,
    kill() {
      abandoned = true;
      killGroup(child);
    },
  };
}

/**
 * Splits a byte stream into records terminated by `separator` (e.g. 0 for `-z` output). The last record is
 * yielded even without a terminator. Each record is a fresh Buffer the caller may keep.
 */
export async function* splitRecords(
  source: AsyncIterable<Buffer>,
  separator: number,
): AsyncGenerator<Buffer> {
  // Pieces of a record that spans chunks; joined once, so a long record costs O(length), not O(length²).
  let pending: Buffer[] = [];
  for await (const chunk of source) {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(separator, start);
      if (end < 0) break;
      if (pending.length > 0) {
        pending.push(chunk.subarray(start, end));
        yield Buffer.concat(pending);
        pending = [];
      } else {
        yield Buffer.from(chunk.subarray(start, end));
      }
      start = end + 1;
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  }
  if (pending.length > 0) yield Buffer.concat(pending);
}
