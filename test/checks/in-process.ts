// Runs `agora check` / `agora fix` inside the test process: the real command modules and action wrapper under a
// program with the CLI's global options, stdout, stderr and the exit code captured. It saves the ~1 s of module
// loading a spawned CLI costs; a few tests still spawn the real binary.

import { Command, CommanderError } from 'commander';
import { register as registerCheck } from '../../src/cli/commands/check.ts';
import { register as registerFix } from '../../src/cli/commands/fix.ts';
import { reportError } from '../../src/cli/context.ts';
import type { CliResult } from '../helpers/cli.ts';

function program(): Command {
  const p = new Command('agora')
    .option('-c, --config <file>')
    .option('--data-dir <dir>')
    .option('--database <url>')
    .option('--json')
    .exitOverride();
  registerCheck(p);
  registerFix(p);
  // Subcommands throw instead of exiting on usage errors, as the real program does.
  for (const c of p.commands) c.exitOverride();
  return p;
}

let running = false;

/** Runs `agora …args` in this process (one at a time: stdout, stderr, cwd and the exit code are process-wide). */
export async function runInProcess(args: string[], opts: { cwd?: string } = {}): Promise<CliResult> {
  if (running) throw new Error('runInProcess is not re-entrant');
  running = true;
  const out: string[] = [];
  const err: string[] = [];
  const capture =
    (sink: string[]) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    };
  const write = { out: process.stdout.write, err: process.stderr.write };
  const cwd = process.cwd();
  const exitCode = process.exitCode;
  process.exitCode = undefined;
  let code: number;
  try {
    if (opts.cwd) process.chdir(opts.cwd);
    process.stdout.write = capture(out) as typeof process.stdout.write;
    process.stderr.write = capture(err) as typeof process.stderr.write;
    try {
      await program().parseAsync(['node', 'agora', ...args]);
      code = Number(process.exitCode ?? 0);
    } catch (e) {
      // As src/cli/index.ts: usage errors from commander exit 2, anything else as its error code maps.
      code =
        e instanceof CommanderError ? (e.exitCode === 0 ? 0 : 2) : reportError(e, args.includes('--json'));
    }
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
    process.chdir(cwd);
    process.exitCode = exitCode;
    running = false;
  }
  const stdout = out.join('');
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    json = undefined;
  }
  return { code, signal: null, stdout, stderr: err.join(''), json };
}
