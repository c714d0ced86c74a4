// Issues and pull/merge requests of forge repos (issue 11): one row per item, upserted by (repo, kind, number)
// so a re-run or a killed crawl never doubles or loses one; their comments and reviews (author and time only,
// no bodies), replaced per item whenever the item changed (a deleted comment goes); the `updated` cursor of
// each repo's incremental ingestion; and the forge logins known to be git identities (emails).

import type { Kysely, Migration } from 'kysely';
import { zero } from './helpers.ts';

export const forgeItems: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('forge_items')
      .addColumn('repo_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('forge_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('web_url', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('draft', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('author_login', 'text')
      .addColumn('author_is_bot', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('reviewers', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addColumn('merged_at', 'text')
      .addColumn('merged_by', 'text')
      .addColumn('first_response_at', 'text')
      .addColumn('first_responder', 'text')
      .addColumn('first_review_at', 'text')
      .addColumn('comments', 'integer', (c) => c.notNull().defaultTo(zero))
      .addPrimaryKeyConstraint('forge_items_pk', ['repo_id', 'kind', 'number'])
      .execute();
    await db.schema
      .createIndex('forge_items_open')
      .on('forge_items')
      .columns(['state', 'kind', 'repo_id'])
      .execute();
    await db.schema.createIndex('forge_items_created').on('forge_items').columns(['created_at']).execute();
    await db.schema
      .createTable('forge_item_events')
      .addColumn('repo_id', 'text', (c) => c.notNull())
      .addColumn('item_kind', 'text', (c) => c.notNull())
      .addColumn('item_number', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('forge_id', 'text', (c) => c.notNull())
      .addColumn('author_login', 'text')
      .addColumn('author_is_bot', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('review_state', 'text')
      .addPrimaryKeyConstraint('forge_item_events_pk', [
        'repo_id',
        'item_kind',
        'item_number',
        'kind',
        'forge_id',
      ])
      .execute();
    await db.schema
      .createTable('forge_item_cursors')
      .addColumn('repo_id', 'text', (c) => c.primaryKey())
      .addColumn('updated_cursor', 'text')
      .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('last_run_at', 'text', (c) => c.notNull())
      .addColumn('items_seen', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('problem_code', 'text')
      .addColumn('problem', 'text')
      .execute();
    await db.schema
      .createTable('forge_logins')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('login', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('forge_logins_pk', ['source', 'login', 'email'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const t of ['forge_logins', 'forge_item_cursors', 'forge_item_events', 'forge_items']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
};
