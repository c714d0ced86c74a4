// Starts the real `agora serve` in a child process on a free loopback port, for tests that talk HTTP to it.

import { startCli } from './cli.ts';

export interface Served {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  /** Output of the server so far (for assertions that nothing secret was logged). */
  output(): string;
  stop(): Promise<void>;
}

/** Runs `agora serve --port 0` in `cwd` and resolves once it prints its URL. */
export async function startServe(
  cwd: string,
  opts: { env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): Promise<Served> {
  const child = startCli(['serve', '--port', '0'], { cwd, env: opts.env });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), opts.timeoutMs ?? 60_000);
      const look = () => {
        const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (!m) return;
        clearTimeout(timer);
        resolve(m[1]);
      };
      child.stdout.on('data', look);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code}: ${out}`));
      });
    });
    return { url, output: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
