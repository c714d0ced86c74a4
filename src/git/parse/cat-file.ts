// A long-lived `git cat-file --batch-command` per repository: object sizes and capped contents through one
// process (one process per file is ~50× slower). A blob larger than the cap is never read whole: its prefix
// comes from a separate `git cat-file` stream that is killed once the cap is reached.

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { AgoraError, redactSecrets } from '../../errors.ts';
import { DEFAULT_TIMEOUT_MS, killGit, spawnGit, streamGit } from '../exec.ts';

export type ObjectType = 'blob' | 'tree' | 'commit' | 'tag';

export interface ObjectInfo {
  oid: string;
  type: ObjectType | null;
  /** Size in bytes; null when missing. */
  size: number | null;
  missing: boolean;
  /** Why it is missing, when git said more than "missing" (e.g. a promisor object of a blobless mirror). */
  error?: string;
}

export interface ObjectContent extends ObjectInfo {
  /** The first `capBytes` bytes (empty when missing). */
  content: Buffer;
  truncated: boolean;
}

export interface CatFileOptions {
  /** Per-request time-out; on expiry the process is killed and the request rejects with GIT_TIMEOUT. */
  timeoutMs?: number;
}

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** Buffered bytes of the child's stdout, read by line or by count without re-copying on every chunk. */
class Incoming {
  private chunks: Buffer[] = [];
  private length = 0;
  private ended = false;
  private wake: (() => void) | null = null;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private wait(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  /** Next line without its LF; null if the stream ended first. */
  async line(): Promise<Buffer | null> {
    let scanned = 0;
    for (;;) {
      let offset = 0;
      for (const chunk of this.chunks) {
        if (offset + chunk.length > scanned) {
          const at = chunk.indexOf(0x0a, Math.max(0, scanned - offset));
          if (at >= 0) {
            const line = this.take(offset + at + 1);
            return line.subarray(0, line.length - 1);
          }
        }
        offset += chunk.length;
      }
      scanned = offset;
      if (this.ended) return null;
      await this.wait();
    }
  }

  /** Exactly `n` bytes; null if the stream ended first. */
  async bytes(n: number): Promise<Buffer | null> {
    while (this.length < n) {
      if (this.ended) return null;
      await this.wait();
    }
    return this.take(n);
  }

  private take(n: number): Buffer {
    const parts: Buffer[] = [];
    let need = n;
    while (need > 0) {
      const head = this.chunks[0];
      if (head.length <= need) {
        parts.push(head);
        this.chunks.shift();
        need -= head.length;
      } else {
        parts.push(head.subarray(0, need));
        this.chunks[0] = head.subarray(need);
        need = 0;
      }
    }
    this.length -= n;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  incoming: Incoming;
  stderr: () => string;
}

/** Reads objects of one repository through one long-lived git process. Requests are served in order. */
export class CatFileReader {
  private readonly gitDir: string;
  private readonly timeoutMs: number;
  private running: Running | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Processes started (1 unless git died on a bad object and was restarted). */
  spawned = 0;

  constructor(gitDir: string, opts: CatFileOptions = {}) {
    this.gitDir = gitDir;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Type and size of an object, without reading it. */
  info(oid: string): Promise<ObjectInfo> {
    return this.serial(() => this.doInfo(oid));
  }

  /**
   * The object's first `capBytes` bytes, its type and full size; `missing` when the repo lacks it. With its
   * size already known (from `ls-tree -l`) and within the cap, it is read in one exchange instead of two.
   */
  read(oid: string, capBytes: number, knownSize?: number | null): Promise<ObjectContent> {
    return this.serial(async () => {
      if (knownSize != null && knownSize <= capBytes && OID.test(oid))
        return this.doContents(oid, { oid, type: null, size: null, missing: false });
      const info = await this.doInfo(oid);
      if (info.missing || info.size === null) return { ...info, content: Buffer.alloc(0), truncated: false };
      if (info.size > capBytes) {
        const content = await this.prefix(oid, info.type ?? 'blob', capBytes);
        return { ...info, content, truncated: true };
      }
      return this.doContents(oid, info);
    });
  }

  /** Ends the process; further requests reject. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue.catch(() => {});
    const running = this.running;
    this.running = null;
    if (!running) return;
    const exited = new Promise<void>((resolve) => {
      if (running.child.exitCode !== null || running.child.signalCode !== null) resolve();
      else running.child.once('close', () => resolve());
    });
    running.child.stdin.end();
    const timer = setTimeout(() => killGit(running.child), 2000);
    await exited;
    clearTimeout(timer);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new AgoraError('INTERNAL', 'cat-file reader is closed'));
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => {});
    return next;
  }

  private start(): Running {
    if (this.running) return this.running;
    const child = spawnGit(['cat-file', '--batch-command'], { gitDir: this.gitDir });
    this.spawned++;
    const incoming = new Incoming();
    const errParts: Buffer[] = [];
    let errSize = 0;
    child.stdout.on('data', (c: Buffer) => incoming.push(c));
    child.stdout.on('end', () => incoming.end());
    child.stdout.on('error', () => incoming.end());
    child.stderr.on('data', (c: Buffer) => {
      if (errSize < 16_384) errParts.push(c);
      errSize += c.length;
    });
    child.on('error', () => incoming.end());
    child.stdin.on('error', () => {});
    const running: Running = {
      child,
      incoming,
      stderr: () => redactSecrets(Buffer.concat(errParts).toString('utf8').trim()),
    };
    child.once('close', () => {
      if (this.running === running) this.running = null;
    });
    this.running = running;
    return running;
  }

  /** Sends one command and runs `reply` with a time-out; a process that died is restarted next time. */
  private async exchange<T>(command: string, reply: (r: Running) => Promise<T>): Promise<T> {
    const running = this.start();
    running.child.stdin.write(command);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        killGit(running.child);
        if (this.running === running) this.running = null;
        reject(
          new AgoraError('GIT_TIMEOUT', `git cat-file timed out after ${this.timeoutMs} ms`, {
            details: { gitDir: this.gitDir, command: command.trim() },
          }),
        );
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([reply(running), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private died(running: Running, oid: string): ObjectInfo {
    // git cat-file exits on an object it cannot even look up (a promisor object with lazy fetch
    // forbidden): report that object missing; the next request starts a fresh process.
    killGit(running.child);
    if (this.running === running) this.running = null;
    const error = running.stderr() || 'git cat-file exited';
    return { oid, type: null, size: null, missing: true, error };
  }

  private doInfo(oid: string): Promise<ObjectInfo> {
    if (!OID.test(oid))
      return Promise.resolve({ oid, type: null, size: null, missing: true, error: 'not an oid' });
    return this.exchange(`info ${oid}\n`, async (running) => {
      const line = await running.incoming.line();
      if (line === null) return this.died(running, oid);
      return parseHeader(oid, line);
    });
  }

  private doContents(oid: string, info: ObjectInfo): Promise<ObjectContent> {
    return this.exchange(`contents ${oid}\n`, async (running) => {
      const line = await running.incoming.line();
      if (line === null) return { ...this.died(running, oid), content: Buffer.alloc(0), truncated: false };
      const header = parseHeader(oid, line);
      if (header.missing || header.size === null)
        return { ...header, content: Buffer.alloc(0), truncated: false };
      // The content is followed by one LF.
      const body = await running.incoming.bytes(header.size + 1);
      if (body === null) return { ...this.died(running, oid), content: Buffer.alloc(0), truncated: false };
      return { ...info, ...header, content: body.subarray(0, header.size), truncated: false };
    });
  }

  /** The first `cap` bytes of a large object, from a separate git that is killed once they arrived. */
  private async prefix(oid: string, type: ObjectType, cap: number): Promise<Buffer> {
    const git = streamGit(['cat-file', type, oid], { gitDir: this.gitDir, timeoutMs: this.timeoutMs });
    const parts: Buffer[] = [];
    let size = 0;
    let finished = false;
    try {
      for await (const chunk of git.stdout) {
        const room = cap - size;
        parts.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
        size += Math.min(room, chunk.length);
        if (size >= cap) break;
      }
      finished = size < cap;
    } finally {
      if (!finished) git.kill();
    }
    await git.done;
    return Buffer.concat(parts, size);
  }
}

function parseHeader(oid: string, line: Buffer): ObjectInfo {
  const text = line.toString('latin1');
  const parts = text.split(' ');
  if (parts.length === 3 && OID.test(parts[0])) {
    const size = Number(parts[2]);
    if (Number.isSafeInteger(size) && size >= 0) {
      return { oid: parts[0], type: parts[1] as ObjectType, size, missing: false };
    }
  }
  // `<oid> missing` or `<oid> ambiguous`
  return { oid, type: null, size: null, missing: true, error: parts[1] === 'missing' ? undefined : text };
}
