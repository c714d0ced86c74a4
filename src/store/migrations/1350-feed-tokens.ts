// Feed tokens: one per signed-in person, for feed readers that carry no cookie (the token rides in the feed's
// URL). Only the SHA-256 digest of the token is stored, with the person as their sign-in named them.

import type { Kysely, Migration } from 'kysely';
import { unixSeconds } from './helpers.ts';

export const feedTokens: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('feed_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subject', 'text', (c) => c.notNull().unique())
      .addColumn('digest', 'text', (c) => c.notNull())
      .addColumn('user', 'text', (c) => c.notNull())
      .addColumn('created_at', unixSeconds, (c) => c.notNull())
      .addColumn('last_used_at', unixSeconds)
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('feed_tokens').ifExists().execute();
  },
};
