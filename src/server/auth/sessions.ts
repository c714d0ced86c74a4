// Portal sessions: a random id in an HttpOnly, SameSite=Lax cookie (Secure over https); the store keeps only
// its SHA-256 digest with the signed-in person. A session ends after `idleMinutes` unused or `absoluteHours`
// after sign-in, whichever comes first, and at sign-out (its row is deleted, so the cookie is dead at once).

import { createHash, randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../../config/schema.ts';
import type { Store } from '../../store/db.ts';
import type { SessionUser } from './viewer.ts';

export const SESSION_COOKIE = 'agora_session';
/** Last-seen times are written at most this often (seconds): idle expiry is exact to within it. */
const TOUCH_EVERY = 30;

export interface Sessions {
  start(reply: FastifyReply, request: FastifyRequest, user: SessionUser): Promise<void>;
  /** The session's person, or null (no cookie, unknown, expired — an expired row is deleted). */
  read(request: FastifyRequest): Promise<SessionUser | null>;
  end(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

export function createSessions(
  store: Store,
  auth: AuthConfig,
  secure: (r: FastifyRequest) => boolean,
): Sessions {
  const idle = auth.session.idleMinutes * 60;
  const absolute = auth.session.absoluteHours * 3600;
  const q = () => import('../../store/queries/auth.ts');
  const digest = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');
  const nowS = () => Math.floor(Date.now() / 1000);
  let lastPrune = 0;
  return {
    async start(reply, request, user) {
      const id = randomBytes(32).toString('base64url');
      const now = nowS();
      const { insertSession, pruneSessions, refreshFeedTokenPerson } = await q();
      if (now - lastPrune > 3600) {
        lastPrune = now;
        await pruneSessions(store.db, now - idle, now - absolute);
      }
      await insertSession(store.db, digest(id), JSON.stringify(user), now);
      await refreshFeedTokenPerson(store.db, user.subject, JSON.stringify(user));
      reply.setCookie(SESSION_COOKIE, id, {
        httpOnly: true,
        sameSite: 'lax',
        secure: secure(request),
        path: '/',
        maxAge: absolute,
      });
    },
    async read(request) {
      const id = request.cookies[SESSION_COOKIE];
      if (!id || id.length > 100) return null;
      const { sessionByDigest, deleteSession, touchSession } = await q();
      const key = digest(id);
      const row = await sessionByDigest(store.db, key);
      if (!row) return null;
      const now = nowS();
      if (now - row.lastSeenAt >= idle || now - row.createdAt >= absolute) {
        await deleteSession(store.db, key);
        return null;
      }
      if (now - row.lastSeenAt >= TOUCH_EVERY) await touchSession(store.db, key, now);
      try {
        return JSON.parse(row.user) as SessionUser;
      } catch {
        return null;
      }
    },
    async end(request, reply) {
      const id = request.cookies[SESSION_COOKIE];
      if (id && id.length <= 100) {
        const { deleteSession } = await q();
        await deleteSession(store.db, digest(id));
      }
      reply.clearCookie(SESSION_COOKIE, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secure(request),
      });
    },
  };
}
