// GET /api/v1/queue: what the crawl queue of a PostgreSQL store is doing (the portal's Crawls page): workers,
// jobs by queue and state, open crawls by source, running jobs, the last errors, the next scheduled crawl.
// `{ enabled: false }` on SQLite, whose crawls run in-process. Every list is capped. A viewer who does not see
// every repo gets the jobs and errors of the repos they see, and no totals (counts by queue or by source
// count repos of every visibility).

import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { objectBody } from './schemas.ts';

export async function queueRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/queue',
    {
      config: { access: 'read' },
      schema: {
        tags: ['crawls'],
        summary:
          'The crawl queue: workers, queued/running/failed jobs, last errors, next scheduled crawl (totals to admins only)',
        response: { 200: objectBody('Queue status', { enabled: { type: 'boolean' } }) },
      },
    },
    async (request) => {
      const { loaded, store } = app.portal;
      if (store.dialect !== 'postgres') return { enabled: false };
      const { QUEUES, queueTarget } = await import('../../queue/boss.ts');
      const target = queueTarget(loaded, resolve(loaded.baseDir, loaded.config.dataDir));
      if (!target) return { enabled: false };
      const { queueStatus } = await import('../../queue/status.ts');
      const status = await queueStatus(store, loaded, target.schema);
      if (request.viewer.seesAll) return status;
      const view = app.portal.catalogue;
      return {
        ...status,
        jobs: {},
        crawls: status.crawls.map((c) => ({ ...c, bySource: [] })),
        // A repo job's label is its repo id; list and finish jobs are labelled by source and crawl.
        running: status.running.filter((r) => r.queue !== QUEUES.repo || view.byId.has(r.label)),
        errors: status.errors.filter((e) => view.byId.has(e.repo)),
      };
    },
  );
}
