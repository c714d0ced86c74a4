// Sign-in: API tokens (only their SHA-256 digest is stored, with scopes, expiry and last use) and portal
// sessions (the cookie's random id is stored only as a digest; idle and absolute expiry are checked on each use).

import type { Kysely, Migration } from 'kysely';
import { unixSeconds } from './helpers.ts';

export const auth: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('created_at', unixSeconds, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('expires_at', unixSeconds)
      .addColumn('last_used_at', unixSeconds)
      .addColumn('revoked_at', unixSeconds)
      .execute();
    await db.schema
      .createTable('auth_sessions')
      .addColumn('digest', 'text', (c) => c.primaryKey())
      .addColumn('user', 'text', (c) => c.notNull())
      .addColumn('created_at', unixSeconds, (c) => c.notNull())
      .addColumn('last_seen_at', unixSeconds, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('auth_sessions_seen').on('auth_sessions').column('last_seen_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('auth_sessions').ifExists().execute();
    await db.schema.dropTable('api_tokens').ifExists().execute();
  },
};
