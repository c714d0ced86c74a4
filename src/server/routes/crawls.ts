// Crawl status, and starting a crawl over HTTP (the crawl scope: an admin, or an API token with `crawl`).

import type { FastifyInstance } from 'fastify';
import type { CrawlStartedResponse, CrawlsResponse } from '../api-types.ts';
import { errorBody, objectBody } from './schemas.ts';

export async function crawlRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/crawls',
    {
      config: { access: 'read' },
      schema: {
        tags: ['crawls'],
        summary: 'Recent crawls and whether one is running',
        response: {
          200: objectBody('Crawls', {
            running: { type: 'boolean' },
            items: { type: 'array', items: objectBody('A crawl') },
          }),
        },
      },
    },
    async (): Promise<CrawlsResponse> => {
      const { recentCrawls } = await import('../../store/queries/crawl.ts');
      const { holderIsDead } = await import('../../crawl/holder.ts');
      // A crawl whose process was killed is reported 'interrupted', not running.
      const crawls = await recentCrawls(app.portal.store.db, 20, { holderIsDead });
      return {
        running: app.portal.crawling !== null || crawls.some((c) => c.status === 'running'),
        // The holder (host:pid) stays internal.
        items: crawls.map((c) => ({
          id: c.id,
          startedAt: c.startedAt,
          finishedAt: c.finishedAt,
          status: c.status,
          stats: c.stats,
        })),
      };
    },
  );

  app.post(
    '/api/v1/crawls',
    {
      config: { access: 'crawl' },
      schema: {
        tags: ['crawls'],
        summary: 'Start a crawl of the configured sources (needs the crawl scope)',
        security: [{ apiToken: [] }],
        response: {
          202: objectBody('Accepted', { accepted: { type: 'boolean' }, message: { type: 'string' } }),
          401: errorBody,
          403: errorBody,
          409: errorBody,
        },
      },
    },
    async (_request, reply): Promise<CrawlStartedResponse> => {
      app.portal.startCrawl();
      reply.code(202);
      return { accepted: true, message: 'crawl started; follow it at GET /api/v1/crawls' };
    },
  );
}
