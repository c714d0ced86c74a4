// A throw-away PostgreSQL cluster on its own port under a temp dir (`initdb`, `pg_ctl`), for tests that stop
// or restart the database itself; never the machine's shared server. Null when the server binaries are not
// installed (the caller skips with the reason, or fails under CI=true).

import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function findPgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  for (const version of readdirSync(base).sort().reverse()) {
    const bin = join(base, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

export interface PgCluster {
  url(database?: string): string;
  start(): void;
  /** Stops at once (`-m immediate`: like a crash) and starts again, after `downMs` with no server. */
  restart(downMs?: number): void;
  stop(): void;
}

/** Creates and starts a cluster in `dir` (which must be readable by the `postgres` user when run as root). */
export function startPgCluster(bin: string, dir: string): PgCluster {
  const pgData = join(dir, 'pg');
  const port = 21000 + Math.floor(Math.random() * 20000);
  mkdirSync(pgData);
  const root = process.getuid?.() === 0;
  // initdb refuses to run as root: the cluster belongs to the `postgres` user then.
  const asOwner = (cmd: string, args: string[]) =>
    execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(pgData, uid, gid);
    chmodSync(dir, 0o755);
  }
  asOwner(join(bin, 'initdb'), ['-D', pgData, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const pgCtl = (...args: string[]) => asOwner(join(bin, 'pg_ctl'), ['-D', pgData, ...args]);
  const start = () =>
    pgCtl(
      '-w',
      '-l',
      join(pgData, 'log'),
      '-o',
      `-p ${port} -k ${pgData} -c listen_addresses=127.0.0.1`,
      'start',
    );
  start();
  return {
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    restart(downMs = 0) {
      pgCtl('-m', 'immediate', 'stop');
      if (downMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, downMs);
      start();
    },
    stop() {
      try {
        pgCtl('-m', 'immediate', 'stop');
      } catch {
        // Already stopped.
      }
    },
  };
}
