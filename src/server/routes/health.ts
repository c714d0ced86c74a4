// GET /health: liveness plus what the server serves from.

import type { FastifyInstance } from 'fastify';
import type { HealthResponse } from '../api-types.ts';
import { objectBody } from './schemas.ts';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/health',
    {
      schema: {
        tags: ['meta'],
        summary: 'Health and store status',
        response: {
          200: objectBody('Health', {
            status: { type: 'string', enum: ['ok'] },
            db: { type: 'string', enum: ['sqlite', 'postgres'] },
            repos: { type: 'integer' },
            lastCrawl: { type: 'object', nullable: true, additionalProperties: true },
          }),
        },
      },
    },
    async (): Promise<HealthResponse> => {
      const { recentCrawls } = await import('../../store/queries/crawl.ts');
      const { countActiveRepos } = await import('../../store/queries/portal.ts');
      const store = app.portal.store;
      const [repos, crawls] = await Promise.all([countActiveRepos(store.db), recentCrawls(store.db, 1)]);
      const c = crawls[0];
      return {
        status: 'ok',
        db: store.dialect,
        repos,
        lastCrawl: c
          ? { id: c.id, startedAt: c.startedAt, finishedAt: c.finishedAt, status: c.status, stats: c.stats }
          : null,
      };
    },
  );
}
