// `agora crawl [PATH…]`: crawl the configured sources (or the given folders) into the store.

import type { Command } from 'commander';
import type { CrawlSummary } from '../../crawl/crawl.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { eprintln, printJson, println } from '../output.ts';

/** The crawl's findings by severity, then by code with how many repos have each (most severe first). */
export function findingLines(summary: CrawlSummary): string[] {
  if (summary.findings === 0) return [];
  const s = summary.findingsBySeverity;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const lines = [
    `findings: ${plural(s.error, 'error', 'errors')}, ${plural(s.warning, 'warning', 'warnings')}, ${s.info} info`,
  ];
  for (const c of summary.findingCodes) {
    lines.push(`  ${c.severity.padEnd(7)} ${c.code}: ${plural(c.repos, 'repository', 'repositories')}`);
  }
  lines.push("  (see `agora show REPO` for each repository's findings)");
  return lines;
}

export function register(program: Command): void {
  program
    .command('crawl')
    .argument('[paths...]', 'folders to scan for git repositories instead of the configured sources')
    .description('read every repository into the database (only what changed since the last crawl)')
    .option('--concurrency <n>', 'repositories in flight (default: the number of cores)', (v) =>
      Number.parseInt(v, 10),
    )
    .option('--no-progress', 'no progress bar even on a terminal')
    .option('--queue', 'PostgreSQL store: queue the crawl even when no `agora worker` is running yet')
    .option('--wait', 'PostgreSQL store: follow the queued crawl until it finished, then print its summary')
    .option(
      '--in-process',
      'PostgreSQL store: crawl in this process (with the crawl lock) instead of queueing',
    )
    .addHelpText(
      'after',
      `
A repository whose HEAD did not move is not re-read; new commits are appended. A broken
repository is recorded as findings (see \`agora show REPO\`) and the crawl goes on; the
summary ends with the findings of the repositories read, by severity and code.
Exit status 1 when any repository failed or the database became unavailable.

Examples:
  agora crawl ~/src                 crawl every repo under ~/src (no config needed)
  agora crawl                       crawl the sources in ./agora.yaml
  agora crawl --json | jq .repos    machine-readable summary

With a PostgreSQL store and a live \`agora worker\` (or --queue), the crawl is queued (one job per
source and per repository) for the workers, and the command returns at once; --wait follows it to the
end. Without a worker it crawls in this process, as on SQLite.
  agora crawl --wait                queue a crawl and wait for the workers to finish it
  agora status                      what is queued, running and failed`,
    )
    .action(
      action(async (paths: string[], opts: CrawlFlags, cmd: Command) => {
        const json = globalOptions(cmd).json === true;
        const loaded = await loadConfigFor(cmd);
        if (opts.concurrency && opts.concurrency > 0) loaded.config.crawl.concurrency = opts.concurrency;
        const { runCrawl } = await import('../../crawl/crawl.ts');
        const { createProgress } = await import('../../crawl/progress.ts');
        const store = await openStoreFor(loaded);
        const progress = createProgress({ enabled: opts.progress && !json && process.stderr.isTTY === true });
        const abort = new AbortController();
        const onSignal = () => abort.abort();
        process.once('SIGINT', onSignal);
        try {
          const queued = opts.inProcess ? null : await queueOnPostgres(loaded, store, paths, opts, json);
          if (queued === 'queued') return 0;
          const summary =
            queued ??
            (await runCrawl({
              loaded,
              store,
              paths,
              onProgress: progress.update,
              signal: abort.signal,
            }));
          progress.stop();
          if (json) {
            printJson(summary);
          } else {
            const r = summary.repos;
            for (const p of summary.problems) eprintln(`warning: ${p.path}: ${p.message}`);
            for (const f of summary.failed) eprintln(`failed: ${f.id}: ${f.message}`);
            println(
              `${r.total} repositories: ${r.new} new, ${r.changed} changed, ${r.unchanged} unchanged, ${r.failed} failed, ${r.gone} gone; ` +
                `${summary.commitsAdded} commits added, ${summary.findings} findings in ${(summary.ms / 1000).toFixed(1)} s`,
            );
            for (const line of findingLines(summary)) println(line);
          }
          return summary.repos.failed > 0 || summary.problems.some((p) => p.code === 'SOURCE_FAILED') ? 1 : 0;
        } finally {
          progress.stop();
          process.off('SIGINT', onSignal);
          await store.close();
        }
      }),
    );
}

interface CrawlFlags {
  concurrency?: number;
  progress: boolean;
  wait?: boolean;
  inProcess?: boolean;
  queue?: boolean;
}

/**
 * A PostgreSQL store: queues the crawl for `agora worker`s. Returns 'queued' when not waiting, the finished
 * crawl's summary with --wait, or null for a SQLite store (crawled in this process).
 */
async function queueOnPostgres(
  loaded: import('../../config/schema.ts').LoadedConfig,
  store: import('../../store/db.ts').Store,
  paths: string[],
  opts: CrawlFlags,
  json: boolean,
): Promise<CrawlSummary | 'queued' | null> {
  if (store.dialect !== 'postgres') return null;
  const { resolve } = await import('node:path');
  const { queueTarget, openQueue } = await import('../../queue/boss.ts');
  const target = queueTarget(loaded, resolve(loaded.baseDir, loaded.config.dataDir));
  if (!target) return null;
  if (!opts.queue) {
    // No worker alive: crawl here, as on SQLite (a single machine needs no worker).
    const { liveWorkers, queueDb } = await import('../../queue/waves.ts');
    const { STALE_MS } = await import('../../queue/worker.ts');
    if ((await liveWorkers(queueDb(store), STALE_MS)) === 0) return null;
  }
  const { queueCrawl, followWave } = await import('../../queue/follow.ts');
  const boss = await openQueue(target, { max: 2 });
  let wave: Awaited<ReturnType<typeof queueCrawl>>;
  try {
    wave = await queueCrawl(store, loaded, boss, { paths: paths.map((p) => resolve(p)) });
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
  }
  if (!opts.wait) {
    if (json)
      printJson({ crawlId: wave.crawlId, queued: true, joined: !wave.started, sources: wave.sources });
    else
      println(
        `crawl ${wave.crawlId} ${wave.started ? 'queued' : 'already running: joined'} (${wave.sources.length} sources); ` +
          'workers (`agora worker`) run it; follow with `agora status` or `agora crawl --wait`',
      );
    return 'queued';
  }
  const { createProgress } = await import('../../crawl/progress.ts');
  const progress = createProgress({ enabled: opts.progress && !json && process.stderr.isTTY === true });
  try {
    return await followWave(store, wave.crawlId, { onProgress: progress.update });
  } finally {
    progress.stop();
  }
}
