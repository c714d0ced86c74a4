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
  agora crawl --json | jq .repos    machine-readable summary`,
    )
    .action(
      action(async (paths: string[], opts: { concurrency?: number; progress: boolean }, cmd: Command) => {
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
          const summary = await runCrawl({
            loaded,
            store,
            paths,
            onProgress: progress.update,
            signal: abort.signal,
          });
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
