// `agora worker`: runs queued crawl jobs of a PostgreSQL store until interrupted (SIGINT/SIGTERM: running
// jobs finish first). Start one on every machine that should crawl.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { eprintln } from '../output.ts';

export function register(program: Command): void {
  program
    .command('worker')
    .description('run queued crawl jobs (PostgreSQL store), on as many machines as you like')
    .option('--concurrency <n>', 'repository jobs at once (default: twice the core count)', (v) =>
      Number.parseInt(v, 10),
    )
    .option('--poll <seconds>', 'how often an idle worker asks for jobs', (v) => Number(v), 1)
    .addHelpText(
      'after',
      `
Each worker keeps its own mirrors under the data dir (about 1 GB per 1,000 typical repositories;
see docs/PERFORMANCE.md). A worker killed mid-job has its jobs re-run by another within a minute;
a job that keeps failing is given up after crawl.jobRetries and recorded as a finding.
With --json, one JSON line per job on stdout; otherwise a line per job on stderr when it is a terminal.
Exit status 0 after SIGINT/SIGTERM, 2 when the store is not PostgreSQL.

Examples:
  DATABASE_URL=postgres://agora@db/agora agora worker          a worker on this machine
  agora worker --concurrency 8                                eight repositories at a time
  agora crawl && agora status                                 queue a crawl, see the workers take it`,
    )
    .action(
      action(async (opts: { concurrency?: number; poll: number }, cmd: Command) => {
        const json = globalOptions(cmd).json === true;
        const loaded = await loadConfigFor(cmd);
        const { resolve } = await import('node:path');
        const { availableParallelism } = await import('node:os');
        const dataDir = resolve(loaded.baseDir, loaded.config.dataDir);
        const { queueTarget } = await import('../../queue/boss.ts');
        const target = queueTarget(loaded, dataDir);
        if (!target) {
          throw new AgoraError(
            'USAGE',
            'agora worker needs a PostgreSQL store (set DATABASE_URL or `database:`); a SQLite store crawls with `agora crawl`',
          );
        }
        const concurrency =
          opts.concurrency && opts.concurrency > 0
            ? opts.concurrency
            : (loaded.config.crawl.concurrency ?? Math.max(2, 2 * availableParallelism()));
        const store = await openStoreFor(loaded);
        const abort = new AbortController();
        const stop = () => abort.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const verbose = !json && process.stderr.isTTY === true;
        try {
          const { runWorker } = await import('../../queue/worker.ts');
          await runWorker({
            loaded,
            store,
            target,
            dataDir,
            concurrency,
            pollSeconds: opts.poll > 0 ? opts.poll : 1,
            signal: abort.signal,
            onEvent: (e) => {
              if (json) process.stdout.write(`${JSON.stringify(e)}\n`);
              else if (e.kind === 'started')
                eprintln(`agora worker ${e.worker}: ${concurrency} jobs at a time`);
              else if (e.kind === 'error') eprintln(`agora worker: ${e.message}`);
              else if (verbose && e.kind === 'job')
                eprintln(
                  `${e.ok ? 'done' : 'FAILED'} ${e.queue} ${e.label} (${e.ms} ms)${e.error ? `: ${e.error}` : ''}`,
                );
            },
          });
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          await store.close();
        }
        return 0;
      }),
    );
}
