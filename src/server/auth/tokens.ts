// API tokens for automation: `agora_<id>_<secret>`, shown once when created; the store keeps only the SHA-256
// digest of the whole token, its scopes, expiry and last use. A revoked or expired token is refused on its
// next request (every request reads the token's row). Shared by the admin API and `agora tokens`.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AgoraError } from '../../errors.ts';
import type { Store } from '../../store/db.ts';
import type { StoredToken, TokenScope } from '../../store/queries/auth.ts';

export const TOKEN_SCOPES: readonly TokenScope[] = ['read', 'crawl', 'admin'];
const TOKEN_SHAPE = /^agora_([0-9a-f]{16})_([A-Za-z0-9_-]{32,64})$/;
/** Last-used times are written at most this often per token (seconds), not on every request. */
const TOUCH_EVERY = 60;

export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function looksLikeApiToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/** Creates a token; returns it (the only time the secret exists outside the caller) with its stored record. */
export async function createToken(
  store: Store,
  opts: {
    name: string;
    scopes: readonly TokenScope[];
    expiresAt: number | null;
    createdBy: string | null;
    now: number;
  },
): Promise<{ token: string; record: StoredToken }> {
  const name = opts.name.trim();
  if (name.length === 0 || name.length > 200)
    throw new AgoraError('USAGE', 'a token needs a name of 1–200 characters');
  const scopes = [...new Set(opts.scopes)];
  if (scopes.length === 0 || scopes.some((s) => !TOKEN_SCOPES.includes(s))) {
    throw new AgoraError('USAGE', `scopes must be some of ${TOKEN_SCOPES.join(', ')}`);
  }
  if (opts.expiresAt !== null && opts.expiresAt <= opts.now)
    throw new AgoraError('USAGE', 'the expiry is in the past');
  const id = randomBytes(8).toString('hex');
  const token = `agora_${id}_${randomBytes(32).toString('base64url')}`;
  const { insertToken } = await import('../../store/queries/auth.ts');
  const record: StoredToken = {
    id,
    name,
    scopes,
    createdAt: opts.now,
    createdBy: opts.createdBy,
    expiresAt: opts.expiresAt,
    lastUsedAt: null,
    revokedAt: null,
  };
  await insertToken(store.db, { ...record, digest: tokenDigest(token) });
  return { token, record };
}

/** The stored token a bearer token proves, or null (unknown, wrong secret, revoked, expired). */
export async function verifyToken(store: Store, token: string, now: number): Promise<StoredToken | null> {
  const m = TOKEN_SHAPE.exec(token);
  if (!m) return null;
  const { tokenById, touchToken } = await import('../../store/queries/auth.ts');
  const row = await tokenById(store.db, m[1]);
  if (!row) return null;
  const a = Buffer.from(row.digest, 'hex');
  const b = Buffer.from(tokenDigest(token), 'hex');
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  if (row.revokedAt !== null) return null;
  if (row.expiresAt !== null && row.expiresAt <= now) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt >= TOUCH_EVERY) await touchToken(store.db, row.id, now);
  const { digest: _digest, ...record } = row;
  return record;
}

/** Parses `30d`, `12h`, `90m`, or an ISO date into unix seconds after `now`; null for `never`. */
export function parseExpiry(text: string, now: number): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'never') return null;
  const m = /^(\d{1,6})([mhdw])$/.exec(t);
  if (m) return now + Number(m[1]) * { m: 60, h: 3600, d: 86_400, w: 604_800 }[m[2] as 'm' | 'h' | 'd' | 'w'];
  const at = Date.parse(text);
  if (Number.isFinite(at)) return Math.floor(at / 1000);
  throw new AgoraError('USAGE', `cannot read the expiry "${text}": use e.g. 90d, 12h, 2027-01-31 or never`);
}
