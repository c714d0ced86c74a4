// /api/v1/tokens: API tokens managed by admins (list, create — the token is in the answer once — and revoke).

import type { FastifyInstance } from 'fastify';
import { view } from '../../cli/commands/tokens.ts';
import { AgoraError } from '../../errors.ts';
import type { TokenScope } from '../../store/queries/auth.ts';
import { errors, idParams, objectBody } from './schemas.ts';

export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Every API token (never its secret)',
        security: [{ apiToken: [] }],
      },
    },
    async () => {
      const { listTokens } = await import('../../store/queries/auth.ts');
      return { items: (await listTokens(app.portal.store.db)).map(view) };
    },
  );

  app.post<{ Body: { name: string; scopes: TokenScope[]; expiresInDays?: number } }>(
    '/api/v1/tokens',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Create an API token; the answer holds the token, shown this once',
        security: [{ apiToken: [] }],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'scopes'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            scopes: {
              type: 'array',
              minItems: 1,
              maxItems: 3,
              items: { type: 'string', enum: ['read', 'crawl', 'admin'] },
            },
            expiresInDays: { type: 'integer', minimum: 1, maximum: 3650 },
          },
        },
        response: { 201: objectBody('The new token', { token: { type: 'string' } }), ...errors },
      },
    },
    async (request, reply) => {
      const { createToken } = await import('../auth/tokens.ts');
      const now = Math.floor(Date.now() / 1000);
      const { token, record } = await createToken(app.portal.store, {
        name: request.body.name,
        scopes: request.body.scopes,
        expiresAt: request.body.expiresInDays ? now + request.body.expiresInDays * 86_400 : null,
        createdBy: request.viewer.label,
        now,
      });
      reply.code(201).header('cache-control', 'no-store');
      return { token, ...view(record) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/tokens/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Revoke a token: refused from its next request on',
        params: idParams,
        security: [{ apiToken: [] }],
      },
    },
    async (request, reply) => {
      const { revokeToken } = await import('../../store/queries/auth.ts');
      const done = await revokeToken(app.portal.store.db, request.params.id, Math.floor(Date.now() / 1000));
      if (!done) throw new AgoraError('NOT_FOUND', `no active token ${request.params.id}`);
      return reply.code(204).send();
    },
  );
}
