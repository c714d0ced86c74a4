// A small pool of render workers (node:worker_threads), shared by the crawl and the server: each job gets a
// wall-clock time-out that terminates its worker, and each worker a capped heap, so a hostile document ends
// as an "over budget" outcome, never as a hang, an out-of-memory process or a blocked event loop. Idle
// workers neither keep the process alive nor linger (they end after IDLE_MS). `runJobSync` is the same
// budget for callers that cannot await (a rule evaluating synchronously): it blocks only its caller.

import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { DOCUMENT_BUDGET, renderTimeMs } from './budget.ts';
import type { JobReply, RenderJob, WorkerReply } from './worker.ts';

export type JobOutcome<T> =
  | { ok: true; value: T; ms: number }
  | {
      ok: false;
      /** time, memory: over budget; document: the render threw on it (e.g. nested too deeply); error: the pool failed. */
      reason: 'time' | 'memory' | 'document' | 'error';
      message: string;
      ms: number;
    };

export interface PoolOptions {
  size: number;
  timeMs: number;
  memoryMb: number;
}

/** How long a worker may take to start (load tsx and the Markdown libraries) before it counts as failed. */
const BOOT_MS = 30_000;
/** An idle worker ends after this long; the next job starts a new one. */
const IDLE_MS = 30_000;

// From the TypeScript sources (development, tests) the worker registers tsx's loader itself (loader hooks are
// per thread); the shipped CLI (scripts/build.mjs) has the worker as its own compiled entry beside the chunks.
// AGORA_RENDER_WORKER names a compiled worker for the sources to use instead: the test suite sets it to
// dist/render-worker.js, which its global setup builds from the same sources (a worker booting tsx costs about
// 0.6 s of CPU, the compiled one 0.06 s, and every in-process crawl and over-budget document starts one).
const BOOT = `const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((m) => { m.register(); return import(workerData.entry); });`;
const FROM_SOURCES = import.meta.url.endsWith('.ts');

let tsxUrl: string | null = null;

function spawnWorker(memoryMb: number, boot?: Int32Array): Worker {
  const options = {
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    stdout: false,
    stderr: false,
  };
  const compiled = FROM_SOURCES ? process.env.AGORA_RENDER_WORKER : undefined;
  if (!FROM_SOURCES || compiled) {
    return new Worker(compiled ?? new URL('./render-worker.js', import.meta.url), {
      ...options,
      workerData: { agoraRenderWorker: true, boot },
    });
  }
  tsxUrl ??= resolveTsx();
  return new Worker(BOOT, {
    ...options,
    eval: true,
    workerData: {
      agoraRenderWorker: true,
      tsx: tsxUrl,
      entry: new URL('./worker.ts', import.meta.url).href,
      boot,
    },
  });
}

function resolveTsx(): string {
  // The ESM entry of tsx's API (its CommonJS entry cannot register ESM hooks in a worker).
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return new URL(cjs.replace(/index\.cjs$/, 'index.mjs'), 'file://').href;
}

interface Task {
  job: RenderJob;
  resolve: (o: JobOutcome<unknown>) => void;
  id: number;
  started: number;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
}

/** Runs render jobs in at most `size` workers, each job under the time and memory budget. */
export class RenderPool {
  private readonly slots = new Set<Slot>();
  private queue: Task[] = [];
  private nextId = 1;

  constructor(private readonly opts: PoolOptions) {}

  /** Runs a job; resolves with its value or why it was over budget (never rejects). */
  run<T>(job: RenderJob): Promise<JobOutcome<T>> {
    return new Promise((resolve) => {
      this.queue.push({ job, resolve: resolve as Task['resolve'], id: this.nextId++, started: 0 });
      this.pump();
    });
  }

  /** Ends every worker; queued jobs resolve as errors. */
  async close(): Promise<void> {
    const queued = this.queue;
    this.queue = [];
    for (const t of queued) t.resolve({ ok: false, reason: 'error', message: 'render pool closed', ms: 0 });
    const ending = [...this.slots].map((s) =>
      this.drop(s, { reason: 'error', message: 'render pool closed' }),
    );
    await Promise.all(ending);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.task || this.queue.length === 0) continue;
      this.dispatch(slot, this.queue.shift()!);
    }
    let booting = 0;
    for (const s of this.slots) if (!s.ready) booting++;
    while (this.queue.length > booting && this.slots.size < this.opts.size) {
      this.spawn();
      booting++;
    }
    // Only working or starting workers keep the process alive.
    for (const s of this.slots) {
      if (s.task || !s.ready) s.worker.ref();
      else s.worker.unref();
    }
  }

  private spawn(): void {
    const slot: Slot = {
      worker: spawnWorker(this.opts.memoryMb),
      ready: false,
      task: null,
      timer: null,
      idle: null,
    };
    this.slots.add(slot);
    const bootTimer = setTimeout(
      () => void this.bootFailed(slot, 'the render worker did not start in time'),
      BOOT_MS,
    );
    slot.worker.on('message', (msg: WorkerReply | 'ready') => {
      if (msg === 'ready') {
        clearTimeout(bootTimer);
        slot.ready = true;
        this.pump();
        this.armIdle(slot);
        return;
      }
      const task = slot.task;
      if (!task || task.id !== msg.id) return;
      this.finish(slot);
      const ms = performance.now() - task.started;
      task.resolve(
        msg.ok
          ? { ok: true, value: msg.value, ms }
          : { ok: false, reason: 'document', message: msg.error, ms },
      );
      this.pump();
      this.armIdle(slot);
    });
    slot.worker.on('error', (err: Error & { code?: string }) => {
      clearTimeout(bootTimer);
      if (!slot.ready) {
        void this.bootFailed(slot, `the render worker failed to start: ${err.message}`);
        return;
      }
      const memory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      void this.drop(slot, {
        reason: memory ? 'memory' : 'error',
        message: memory ? `over the ${this.opts.memoryMb} MB memory budget` : err.message.slice(0, 200),
      });
    });
    slot.worker.on('exit', () => {
      clearTimeout(bootTimer);
      if (this.slots.has(slot))
        void this.drop(slot, { reason: 'error', message: 'the render worker exited' });
    });
  }

  private dispatch(slot: Slot, task: Task): void {
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    slot.task = task;
    task.started = performance.now();
    slot.timer = setTimeout(() => {
      void this.drop(slot, { reason: 'time', message: `over the ${this.opts.timeMs} ms time budget` });
    }, this.opts.timeMs);
    slot.worker.postMessage({ id: task.id, job: task.job });
  }

  private finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
  }

  private armIdle(slot: Slot): void {
    if (slot.task || slot.idle) return;
    slot.idle = setTimeout(() => void this.drop(slot, null), IDLE_MS);
    slot.idle.unref();
  }

  /** Removes a worker (terminating it); its running task, if any, resolves with `why`. */
  private async drop(
    slot: Slot,
    why: { reason: 'time' | 'memory' | 'error'; message: string } | null,
  ): Promise<void> {
    if (!this.slots.delete(slot)) return;
    const task = slot.task;
    this.finish(slot);
    if (slot.idle) clearTimeout(slot.idle);
    if (task) {
      const ms = performance.now() - task.started;
      task.resolve(why ? { ok: false, ...why, ms } : { ok: false, reason: 'error', message: 'dropped', ms });
    }
    const ending = slot.worker.terminate().catch(() => 0);
    this.pump();
    await ending;
  }

  private async bootFailed(slot: Slot, message: string): Promise<void> {
    // A worker that cannot start will not start on a retry either: fail what waits rather than loop.
    this.slots.delete(slot);
    const queued = this.queue;
    this.queue = [];
    for (const t of queued) t.resolve({ ok: false, reason: 'error', message, ms: 0 });
    await slot.worker.terminate().catch(() => 0);
  }
}

let shared: RenderPool | null = null;

/**
 * The process's render pool (created on first use): two workers, one on a 2-core machine, where the main
 * thread and git need the other core (a first crawl of 18 real repos: 5.4 -> 5.2 s of CPU, 3.0 -> 2.9 s wall;
 * markdown-it renders ~1 MB/s in one warm worker, more than a crawl's git reads feed it).
 */
export function renderPool(): RenderPool {
  shared ??= new RenderPool({
    size: Math.max(1, Math.min(2, availableParallelism() - 1)),
    timeMs: renderTimeMs(),
    memoryMb: DOCUMENT_BUDGET.memoryMb,
  });
  return shared;
}

/** Ends the shared pool's workers (a later job starts the pool again). */
export async function closeRenderPool(): Promise<void> {
  const pool = shared;
  shared = null;
  await pool?.close();
}

let syncWorker: Worker | null = null;

/**
 * Runs a job in a dedicated worker and blocks until it answers or `timeMs` passes (then the worker is
 * terminated). For synchronous callers only; everything that can await uses `renderPool()`.
 */
export function runJobSync<T>(job: RenderJob, timeMs: number = renderTimeMs()): JobOutcome<T> {
  if (!syncWorker) {
    const boot = new Int32Array(new SharedArrayBuffer(4));
    const worker = spawnWorker(DOCUMENT_BUDGET.memoryMb, boot);
    // Its failures surface as a time-out below; an unhandled 'error' event must not end the process.
    worker.on('error', () => {});
    worker.unref();
    if (Atomics.wait(boot, 0, 0, BOOT_MS) === 'timed-out') {
      void worker.terminate();
      return { ok: false, reason: 'error', message: 'the render worker did not start in time', ms: 0 };
    }
    syncWorker = worker;
  }
  const worker = syncWorker;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const started = performance.now();
  worker.postMessage({ sync: true, job, port: port2, flag }, [port2]);
  const waited = Atomics.wait(flag, 0, 0, timeMs);
  const got = receiveMessageOnPort(port1) as { message: JobReply } | undefined;
  port1.close();
  const ms = performance.now() - started;
  if (waited === 'timed-out' || !got) {
    // Over budget (or the worker died of its memory cap): end it; the next call starts a fresh one.
    syncWorker = null;
    void worker.terminate();
    return {
      ok: false,
      reason: 'time',
      message: `over the ${timeMs} ms time or ${DOCUMENT_BUDGET.memoryMb} MB memory budget`,
      ms,
    };
  }
  const reply = got.message;
  return reply.ok
    ? { ok: true, value: reply.value as T, ms }
    : { ok: false, reason: 'document', message: reply.error, ms };
}
