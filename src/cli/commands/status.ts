// `agora status`: the crawl queue of a PostgreSQL store: workers, jobs queued / running / failed per source
// and repository, the last errors, and when the scheduled crawl runs next. On SQLite: the last crawls. Both:
// the repositories a source lists that no crawl could store, with their errors.

import type { Command } from 'commander';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { printJson, println, titledTable } from '../output.ts';

export function register(program: Command): void {
  program
    .command('status')
    .description('what the crawl queue is doing: workers, queued/running/failed jobs, next scheduled crawl')
    .addHelpText(
      'after',
      `
Exit status 0; 1 when a repository's job was given up in a crawl still open, or no worker is alive while
jobs are queued.

Examples:
  agora status                     workers, open crawls by source, running jobs, last errors
  agora status --json | jq .errors the repositories whose jobs failed`,
    )
    .action(
      action(async (_opts: unknown, cmd: Command) => {
        const json = globalOptions(cmd).json === true;
        const loaded = await loadConfigFor(cmd);
        const { resolve } = await import('node:path');
        const { queueTarget } = await import('../../queue/boss.ts');
        const target = queueTarget(loaded, resolve(loaded.baseDir, loaded.config.dataDir));
        const store = await openStoreFor(loaded);
        try {
          const { recentCrawls } = await import('../../store/queries/crawl.ts');
          const { holderIsDead } = await import('../../crawl/holder.ts');
          const crawls = (await recentCrawls(store.db, 5, { holderIsDead })).map((c) => ({
            id: c.id,
            status: c.status,
            startedAt: c.startedAt,
            finishedAt: c.finishedAt,
          }));
          // Repos a source lists that no crawl could store (a given-up job, a refused clone): no project yet.
          const { notCrawledRepos } = await import('../../store/queries/portal.ts');
          const failed = await notCrawledRepos(store.db);
          const notCrawled = failed.slice(0, 50).map((r) => ({
            id: r.id,
            code: r.code ?? 'CRAWL_FAILED',
            error: r.message ?? 'every crawl of this repository failed',
          }));
          const notCrawledTable = () =>
            titledTable(
              `repositories listed but never stored (${failed.length})`,
              ['repository', 'code', 'error'],
              notCrawled.slice(0, 10).map((r) => [r.id, r.code, r.error]),
            );
          if (!target) {
            if (json)
              printJson({ queue: { enabled: false }, crawls, notCrawled, notCrawledTotal: failed.length });
            else {
              println('SQLite store: crawls run in-process (`agora crawl`); no queue.');
              println(
                titledTable(
                  'last crawls',
                  ['id', 'status', 'started', 'finished'],
                  crawls.map((c) => [c.id, c.status, c.startedAt, c.finishedAt]),
                ),
              );
              if (failed.length) println(notCrawledTable());
            }
            return 0;
          }
          const { queueStatus } = await import('../../queue/status.ts');
          const q = await queueStatus(store, loaded, target.schema);
          const queued = Object.values(q.jobs).reduce((n, s) => n + (s.created ?? 0) + (s.retry ?? 0), 0);
          const bad =
            q.crawls.some((c) => c.bySource.some((s) => s.failed > 0)) ||
            (queued > 0 && !q.workers.some((w) => w.alive));
          if (json) {
            printJson({ queue: q, crawls, notCrawled, notCrawledTotal: failed.length });
            return bad ? 1 : 0;
          }
          println(
            titledTable(
              'workers',
              ['worker', 'jobs at once', 'heartbeat', 'alive'],
              q.workers.map((w) => [w.id, w.concurrency, w.heartbeatAt, w.alive ? 'yes' : 'NO']),
            ),
          );
          println(
            titledTable(
              'jobs',
              ['queue', 'queued', 'retry', 'running', 'failed'],
              Object.entries(q.jobs).map(([name, s]) => [
                name,
                s.created ?? 0,
                s.retry ?? 0,
                s.active ?? 0,
                s.failed ?? 0,
              ]),
            ),
          );
          for (const c of q.crawls) {
            println(
              titledTable(
                `crawl ${c.crawlId} (started ${c.startedAt}; ${c.sourcesPending} sources still listing)`,
                ['source', 'queued', 'done', 'failed'],
                c.bySource.map((s) => [s.source, s.queued, s.done, s.failed]),
              ),
            );
          }
          println(
            titledTable(
              'running now',
              ['queue', 'job', 'worker', 'since'],
              q.running.map((r) => [r.queue, r.label, r.worker, r.since]),
            ),
          );
          println(
            titledTable(
              'last errors',
              ['crawl', 'repository', 'attempts', 'given up', 'error'],
              q.errors
                .slice(0, 10)
                .map((e) => [e.crawlId, e.repo, e.attempts, e.gaveUp ? 'yes' : 'no', e.error]),
            ),
          );
          if (failed.length) println(notCrawledTable());
          println(
            q.schedule
              ? `next scheduled crawl: ${q.nextScheduledCrawl ?? '?'} (crawl.schedule '${q.schedule}', UTC)`
              : 'no crawl.schedule',
          );
          return bad ? 1 : 0;
        } finally {
          await store.close();
        }
      }),
    );
}
