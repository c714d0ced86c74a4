// POST /api/v1/hooks/github|gitlab|gitea: a forge's webhook delivery, verified against the secret of a
// source of that forge (constant-time), then the repository it names is re-crawled (debounced). A bad or
// missing signature gets 401 and changes nothing; a redelivery of the same delivery id does nothing twice
// (delivery ids are kept in the store for a day, so this holds across a restart too).

import type { FastifyInstance } from 'fastify';
import { AgoraError } from '../../errors.ts';
import { errorBody, objectBody } from './schemas.ts';

const FORGES = ['github', 'gitlab', 'gitea'] as const;
type HookForge = (typeof FORGES)[number];

export async function hookRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    // The signature is over the exact bytes: keep the body raw.
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post<{ Params: { forge: string } }>(
      '/api/v1/hooks/:forge',
      {
        // Push payloads run to megabytes (GitHub caps them at 25 MB).
        bodyLimit: 25 * 1024 * 1024,
        // Open: each delivery proves itself with the source's webhook secret.
        config: { access: 'open' },
        schema: {
          tags: ['hooks'],
          summary: 'A forge webhook delivery: verified, then the repository it names is re-crawled',
          params: {
            type: 'object',
            properties: { forge: { type: 'string', enum: [...FORGES] } },
            required: ['forge'],
          },
          response: {
            200: objectBody('Ignored or already handled', {
              accepted: { type: 'boolean' },
              message: { type: 'string' },
            }),
            202: objectBody('Re-crawl queued', {
              accepted: { type: 'boolean' },
              message: { type: 'string' },
            }),
            401: errorBody,
          },
        },
      },
      async (request, reply) => {
        const forge = request.params.forge as HookForge;
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const { claimDelivery } = await import('../../store/queries/webhooks.ts');
        const { verifyDelivery, deliveryId, repoOfDelivery } = await import(
          '../../sources/forge/webhooks.ts'
        );
        const { sourcesFromConfig } = await import('../../sources/registry.ts');
        const { ForgeSource } = await import('../../sources/forge/source.ts');
        const source = sourcesFromConfig(app.portal.loaded).find((s) => {
          if (!(s instanceof ForgeSource) || s.type !== forge || !s.webhookSecretEnv) return false;
          const secret = process.env[s.webhookSecretEnv];
          return secret ? verifyDelivery(forge, request.headers, body, secret) : false;
        });
        if (!source)
          throw new AgoraError('UNAUTHORIZED', 'the delivery has no valid signature for any source');
        const id = deliveryId(forge, request.headers);
        if (id && !(await claimDelivery(app.portal.store.db, `${forge}:${id}`, app.portal.now()))) {
          return { accepted: false, message: 'delivery already handled' };
        }
        let payload: unknown;
        try {
          payload = JSON.parse(body.toString('utf8'));
        } catch {
          return { accepted: false, message: 'not JSON: nothing to do' };
        }
        const repo = repoOfDelivery(forge, payload);
        if (!repo) return { accepted: false, message: 'names no repository: nothing to do' };
        app.portal.queueRepoCrawl(source.name, repo.forgeId);
        reply.code(202);
        return { accepted: true, message: 're-crawl of the repository queued' };
      },
    );
  });
}
