// GET /health: liveness plus what the server serves from.

import type { FastifyInstance } from 'fastify';
import type { HealthResponse } from '../api-types.ts';
import { objectBody } from './schemas.ts';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/health',
    {
      // Open (liveness probes); its numbers are the viewer's: counts of hidden repos are not shown.
      config: { access: 'open' },
      schema: {
        tags: ['meta'],
        summary: 'Health and store status',
        response: {
          200: objectBody('Health', {
            status: { type: 'string', enum: ['ok'] },
            db: { type: 'string', enum: ['sqlite', 'postgres'] },
            repos: { type: 'integer' },
            lastCrawl: { type: 'object', nullable: true, additionalProperties: true },
            queue: { type: 'object', nullable: true, additionalProperties: true },
          }),
        },
      },
    },
    async (request): Promise<HealthResponse> => {
      const { recentCrawls } = await import('../../store/queries/crawl.ts');
      const { countActiveRepos } = await import('../../store/queries/portal.ts');
      const store = app.portal.store;
      const all = request.viewer.seesAll;
      const [repos, crawls] = await Promise.all([
        all ? countActiveRepos(store.db) : app.portal.catalogue.projects.length,
        recentCrawls(store.db, 1),
      ]);
      const c = crawls[0];
      const { queueHealth } = await import('../../queue/health.ts');
      return {
        queue: await queueHealth(store, app.portal.loaded),
        status: 'ok',
        db: store.dialect,
        repos,
        lastCrawl: c
          ? {
              id: c.id,
              startedAt: c.startedAt,
              finishedAt: c.finishedAt,
              status: c.status,
              stats: all ? c.stats : null,
            }
          : null,
      };
    },
  );
}
