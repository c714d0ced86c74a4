// Runs the real `agora` CLI in a child process, as a user would, and captures its output and exit code.

import { spawn } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'agora.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (undefined when it is not JSON). */
  json: any;
}

/** Runs `agora ...args`; `env` is added to a clean environment (no DATABASE_URL unless given). */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, DATABASE_URL: undefined, FORCE_COLOR: '0', ...opts.env };
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code, signal, stdout, stderr: Buffer.concat(err).toString('utf8'), json });
    });
  });
}

/** Starts `agora ...args` and returns the child, for tests that must kill it mid-way. */
export function startCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined> } = {},
) {
  const env = { ...process.env, DATABASE_URL: undefined, FORCE_COLOR: '0', ...opts.env };
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}
