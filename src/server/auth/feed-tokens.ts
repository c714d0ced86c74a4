// Feed tokens: Atom readers carry no session cookie, so a signed-in person gets a secret link of their own —
// `/feeds/….atom?token=agorafeed_<id>_<secret>` — that shows the feed as they would see it (their view of the
// repos, never more). One token per person: getting a new one revokes the old; they can revoke it outright.
// The store keeps only the token's SHA-256 digest and the person as their latest portal sign-in named them
// (groups and login, refreshed by every sign-in: sessions.ts; admin rights and teams are re-read from the
// config on every use). Behind a proxy, where there is no sign-in, they stay those of the day the link was made. The token is
// accepted on `/feeds/` paths only, and request logs show `token=***` (app.ts redacts logged URLs).

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AgoraError } from '../../errors.ts';
import type { Store } from '../../store/db.ts';
import type { SessionUser, Viewer } from './viewer.ts';

const SHAPE = /^agorafeed_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** Last-used times are written at most this often (seconds). */
const TOUCH_EVERY = 300;

const digestOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** The person a feed token was made for, or null (malformed, unknown, revoked: replaced or deleted). */
export async function verifyFeedToken(store: Store, token: string, now: number): Promise<SessionUser | null> {
  const m = SHAPE.exec(token);
  if (!m) return null;
  const { feedTokenById, touchFeedToken } = await import('../../store/queries/auth.ts');
  const row = await feedTokenById(store.db, m[1]);
  if (!row) return null;
  const a = Buffer.from(row.digest, 'hex');
  const b = Buffer.from(digestOf(token), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY)
    await touchFeedToken(store.db, row.id, now);
  try {
    return JSON.parse(row.user) as SessionUser;
  } catch {
    return null;
  }
}

function signedInPerson(viewer: Viewer): SessionUser {
  if (viewer.kind !== 'user' || !viewer.person || viewer.via === 'feed') {
    throw new AgoraError('FORBIDDEN', 'feed tokens are for people signed in to the portal');
  }
  return viewer.person;
}

const statusBody = {
  type: 'object',
  description: 'Whether the signed-in person has a feed token (never the token itself)',
  required: ['available', 'exists'],
  properties: {
    available: { type: 'boolean', description: 'The viewer is signed in and may have a feed token' },
    exists: { type: 'boolean' },
    createdAt: { type: 'integer', nullable: true },
    lastUsedAt: { type: 'integer', nullable: true },
  },
} as const;

/** GET, POST and DELETE /api/v1/me/feed-token: the signed-in person's feed token. */
export async function feedTokenRoutes(app: FastifyInstance, store: Store): Promise<void> {
  const q = () => import('../../store/queries/auth.ts');
  app.get(
    '/api/v1/me/feed-token',
    {
      config: { access: 'read' },
      schema: {
        tags: ['meta'],
        summary: "Whether the signed-in person has a feed token (for feed readers' links)",
        response: { 200: statusBody },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const v = request.viewer;
      if (v.kind !== 'user' || !v.person || v.via === 'feed') return { available: false, exists: false };
      const row = await (await q()).feedTokenOf(store.db, v.person.subject);
      return {
        available: true,
        exists: row !== undefined,
        createdAt: row?.createdAt ?? null,
        lastUsedAt: row?.lastUsedAt ?? null,
      };
    },
  );
  app.post(
    '/api/v1/me/feed-token',
    {
      config: { access: 'read' },
      schema: {
        tags: ['meta'],
        summary:
          'A new feed token for the signed-in person, shown this once (their previous one stops working)',
        response: {
          201: {
            type: 'object',
            required: ['token', 'createdAt'],
            properties: { token: { type: 'string' }, createdAt: { type: 'integer' } },
          },
        },
      },
    },
    async (request, reply) => {
      const person = signedInPerson(request.viewer);
      const id = randomBytes(8).toString('hex');
      const token = `agorafeed_${id}_${randomBytes(32).toString('base64url')}`;
      const now = Math.floor(Date.now() / 1000);
      await (await q()).replaceFeedToken(store.db, {
        id,
        subject: person.subject,
        digest: digestOf(token),
        user: JSON.stringify(person),
        createdAt: now,
      });
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ token, createdAt: now });
    },
  );
  app.delete(
    '/api/v1/me/feed-token',
    {
      config: { access: 'read' },
      schema: {
        tags: ['meta'],
        summary: "Revokes the signed-in person's feed token",
        response: {
          200: { type: 'object', required: ['revoked'], properties: { revoked: { type: 'boolean' } } },
        },
      },
    },
    async (request) => {
      const person = signedInPerson(request.viewer);
      return { revoked: await (await q()).deleteFeedToken(store.db, person.subject) };
    },
  );
}
