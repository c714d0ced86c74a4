// Helpers shared by the benchmarks: timing, running a child under measurement (wall time,
// CPU time, peak memory of its whole process tree), the machine description, and writing
// a benchmark's own section of docs/PERFORMANCE.md.

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const PERFORMANCE_FILE = path.join(ROOT, 'docs', 'PERFORMANCE.md');

const CLOCK_TICKS_PER_SECOND = 100;

/** Milliseconds of CPU (user + system) this process and its finished children have used. */
export function cpuMs(): { self: number; children: number } {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // Fields after the `(comm)`: state is 3rd; cutime and cstime are the 16th and 17th of the whole line.
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    children = ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    // Not Linux: children's CPU is unknown and reported as 0.
  }
  return { self: (own.user + own.system) / 1000, children };
}

/** Runs `fn` and reports its wall time and the CPU time spent by this process and its children. */
export async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const before = cpuMs();
  const started = performance.now();
  const value = await fn();
  const ms = performance.now() - started;
  const after = cpuMs();
  return { value, ms, cpuMs: after.self - before.self + after.children - before.children };
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** CPU of the child and everything it waited for. */
  cpuMs: number;
  /** Highest sum of resident memory over the child's process tree, sampled every 50 ms (KiB). */
  peakTreeRssKb: number | null;
  /** The child's own high-water mark (VmHWM, KiB). */
  peakRssKb: number | null;
}

/** Runs a command and measures it; stdout is collected unless `discardStdout` (then only counted). */
export async function runMeasured(
  command: string,
  args: string[],
  opts: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    discardStdout?: boolean;
    /** Kill the child's whole process tree after this long (`timedOut` in the result). */
    timeoutMs?: number;
  } = {},
): Promise<ChildResult & { stdoutBytes: number; timedOut: boolean }> {
  const before = cpuMs().children;
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stdoutBytes = 0;
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdoutBytes += d.length;
    if (!opts.discardStdout) stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 64 * 1024) stderr += d.toString('utf8');
  });
  let peakTree: number | null = null;
  let peakOwn: number | null = null;
  const sample = () => {
    if (child.pid === undefined) return;
    const tree = processTree(child.pid);
    let sum = 0;
    for (const pid of tree) sum += statusKb(pid, 'VmRSS') ?? 0;
    if (tree.length > 0) peakTree = Math.max(peakTree ?? 0, sum);
    const hwm = statusKb(child.pid, 'VmHWM');
    if (hwm !== null) peakOwn = Math.max(peakOwn ?? 0, hwm);
  };
  const timer = process.platform === 'linux' ? setInterval(sample, 50) : null;
  let timedOut = false;
  const killer =
    opts.timeoutMs === undefined
      ? null
      : setTimeout(() => {
          timedOut = true;
          for (const pid of child.pid === undefined ? [] : processTree(child.pid).reverse()) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }
        }, opts.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c) => resolve(c));
  });
  if (timer) clearInterval(timer);
  if (killer) clearTimeout(killer);
  return {
    code,
    stdout,
    stdoutBytes,
    stderr,
    ms: performance.now() - started,
    cpuMs: cpuMs().children - before,
    peakTreeRssKb: peakTree,
    peakRssKb: peakOwn,
    timedOut,
  };
}

/** The pid and all its descendants, from /proc (Linux); empty when it is gone. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(name));
      parents.set(ppid, list);
    } catch {
      // The process ended while we looked.
    }
  }
  if (!existsSync(`/proc/${root}`)) return [];
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]) ?? []));
  return out;
}

function statusKb(pid: number, key: string): number | null {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Runs `fn` over `items` with at most `concurrency` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** The machine a result was measured on. */
export function machine(): {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  git: string;
  os: string;
} {
  let git = 'unknown';
  try {
    git = execFileSync('git', ['--version'], { encoding: 'utf8' })
      .trim()
      .replace(/^git version /, '');
  } catch {
    // git missing: the benchmarks that need it fail on their own.
  }
  return {
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    git,
    os: `${os.type()} ${os.release()}`,
  };
}

/** A one-line description of the machine for result sections. */
export function machineLine(): string {
  const m = machine();
  return `${m.cores} cores (${m.cpu}), ${m.memoryGb} GiB RAM, ${m.os}, Node ${m.node}, git ${m.git}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} at the start`;
}

/** A Markdown table. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function perSecond(count: number, ms: number): string {
  return ms > 0 ? Math.round((count * 1000) / ms).toLocaleString('en-US') : '-';
}

export function mib(kb: number | null): string {
  return kb === null ? '-' : `${Math.round(kb / 1024)} MiB`;
}

const INTRO = `# Performance

Measured by \`npm run bench\` (see \`bench/\`). Each benchmark rewrites only its own section, between
its \`<!-- bench:NAME:start -->\` and \`<!-- bench:NAME:end -->\` markers; everything else is kept.
Figures depend on the machine and its load, which each section records.
`;

/** Replaces (or appends) the section `name` of docs/PERFORMANCE.md, creating the file if needed. */
export async function writePerformanceSection(
  name: string,
  markdown: string,
  file = PERFORMANCE_FILE,
): Promise<void> {
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    text = INTRO;
  }
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from >= 0 && to > from) text = text.slice(0, from) + block + text.slice(to + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** Removes a folder the benchmark owns (under bench/out); refuses anything else. */
export async function removeOwned(dir: string): Promise<void> {
  const out = path.join(ROOT, 'bench', 'out') + path.sep;
  if (!path.resolve(dir).startsWith(out)) throw new Error(`refusing to remove ${dir}: not under ${out}`);
  await rm(dir, { recursive: true, force: true });
}

/** The value after `--name` in a benchmark's arguments, or the fallback. */
export function flag(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
}

/** The source reference of a synthetic repository the benchmarks write straight into a store. */
export function benchRef(name: string) {
  return {
    id: `bench:${name}`,
    name,
    fullName: `acme/${name}`,
    source: 'bench',
    location: { kind: 'local' as const, path: `/x/${name}` },
  };
}
