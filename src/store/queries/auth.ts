// API tokens and portal sessions. Secrets never reach the store: callers pass the SHA-256 digest of a token's
// secret or of a session cookie's random id.

import { type Db, inTransaction } from './shared.ts';

export type TokenScope = 'read' | 'crawl' | 'admin';

export interface StoredToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  createdAt: number;
  createdBy: string | null;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export async function insertToken(
  db: Db,
  t: Omit<StoredToken, 'lastUsedAt' | 'revokedAt'> & { digest: string },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: t.id,
      name: t.name,
      digest: t.digest,
      scopes: JSON.stringify(t.scopes),
      created_at: t.createdAt,
      created_by: t.createdBy,
      expires_at: t.expiresAt,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
}

/** A token by id with its digest (for the constant-time comparison), or undefined. */
export async function tokenById(db: Db, id: string): Promise<(StoredToken & { digest: string }) | undefined> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...toToken(row), digest: row.digest } : undefined;
}

/** Every token (never their digests), newest first, at most `limit`. */
export async function listTokens(db: Db, limit = 1000): Promise<StoredToken[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toToken);
}

/** Revokes a token at `now`; false when there is no such token or it was revoked already. */
export async function revokeToken(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchToken(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

function toToken(row: {
  id: string;
  name: string;
  scopes: string;
  created_at: number;
  created_by: string | null;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}): StoredToken {
  let scopes: TokenScope[] = [];
  try {
    scopes = (JSON.parse(row.scopes) as unknown[]).filter(
      (s): s is TokenScope => s === 'read' || s === 'crawl' || s === 'admin',
    );
  } catch {
    // A damaged row grants nothing.
  }
  const num = (v: number | null) => (v === null ? null : Number(v));
  return {
    id: row.id,
    name: row.name,
    scopes,
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    expiresAt: num(row.expires_at),
    lastUsedAt: num(row.last_used_at),
    revokedAt: num(row.revoked_at),
  };
}

export async function insertSession(db: Db, digest: string, user: string, now: number): Promise<void> {
  await db.insertInto('auth_sessions').values({ digest, user, created_at: now, last_seen_at: now }).execute();
}

export async function sessionByDigest(
  db: Db,
  digest: string,
): Promise<{ user: string; createdAt: number; lastSeenAt: number } | undefined> {
  const row = await db
    .selectFrom('auth_sessions')
    .selectAll()
    .where('digest', '=', digest)
    .executeTakeFirst();
  return row
    ? { user: row.user, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at) }
    : undefined;
}

export async function touchSession(db: Db, digest: string, now: number): Promise<void> {
  await db.updateTable('auth_sessions').set({ last_seen_at: now }).where('digest', '=', digest).execute();
}

export async function deleteSession(db: Db, digest: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('digest', '=', digest).execute();
}

/** Drops sessions idle since before `idleBefore` or started before `startedBefore`. */
export async function pruneSessions(db: Db, idleBefore: number, startedBefore: number): Promise<void> {
  await db
    .deleteFrom('auth_sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('created_at', '<', startedBefore)]))
    .execute();
}

/** A person's feed token as stored: its digest and the person (JSON) it was made for. */
export interface StoredFeedToken {
  id: string;
  subject: string;
  digest: string;
  user: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** Stores a person's feed token, replacing (so revoking) the one they had. */
export async function replaceFeedToken(db: Db, t: Omit<StoredFeedToken, 'lastUsedAt'>): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.deleteFrom('feed_tokens').where('subject', '=', t.subject).execute();
    await trx
      .insertInto('feed_tokens')
      .values({
        id: t.id,
        subject: t.subject,
        digest: t.digest,
        user: t.user,
        created_at: t.createdAt,
        last_used_at: null,
      })
      .execute();
  });
}

/**
 * At a sign-in, the person behind their feed token becomes the one that signed in: groups and login as the
 * provider states them now (a person who left a group stops seeing its private repos in their feed).
 */
export async function refreshFeedTokenPerson(db: Db, subject: string, user: string): Promise<void> {
  await db.updateTable('feed_tokens').set({ user }).where('subject', '=', subject).execute();
}

export async function feedTokenById(db: Db, id: string): Promise<StoredFeedToken | undefined> {
  const row = await db.selectFrom('feed_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toFeedToken(row) : undefined;
}

export async function feedTokenOf(db: Db, subject: string): Promise<StoredFeedToken | undefined> {
  const row = await db
    .selectFrom('feed_tokens')
    .selectAll()
    .where('subject', '=', subject)
    .executeTakeFirst();
  return row ? toFeedToken(row) : undefined;
}

/** Revokes a person's feed token; false when they had none. */
export async function deleteFeedToken(db: Db, subject: string): Promise<boolean> {
  const r = await db.deleteFrom('feed_tokens').where('subject', '=', subject).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function touchFeedToken(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('feed_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

function toFeedToken(row: {
  id: string;
  subject: string;
  digest: string;
  user: string;
  created_at: number;
  last_used_at: number | null;
}): StoredFeedToken {
  return {
    id: row.id,
    subject: row.subject,
    digest: row.digest,
    user: row.user,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
  };
}
