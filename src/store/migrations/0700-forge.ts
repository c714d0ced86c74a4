// Forge sources: a repo's forge and numeric id (its identity across renames and transfers), fork flag, last
// push (the probe that spares a fetch), owner avatar; and the validators of forge API answers, so a re-crawl
// asks conditionally (If-None-Match / If-Modified-Since) and a 304 costs no rate limit.

import type { Kysely, Migration } from 'kysely';

export const forge: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('repos').addColumn('forge_type', 'text').execute();
    await db.schema.alterTable('repos').addColumn('forge_id', 'text').execute();
    await db.schema.alterTable('repos').addColumn('fork', 'integer').execute();
    await db.schema.alterTable('repos').addColumn('pushed_at', 'text').execute();
    await db.schema.alterTable('repos').addColumn('owner_avatar', 'text').execute();
    await db.schema.createIndex('repos_forge_id').on('repos').columns(['source', 'forge_id']).execute();
    await db.schema
      .createTable('forge_http_cache')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('etag', 'text')
      .addColumn('last_modified', 'text')
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('next_url', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('forge_http_cache_pk', ['source', 'key'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('forge_http_cache').ifExists().execute();
    await db.schema.dropIndex('repos_forge_id').ifExists().execute();
    for (const column of ['owner_avatar', 'pushed_at', 'fork', 'forge_id', 'forge_type']) {
      await db.schema.alterTable('repos').dropColumn(column).execute();
    }
  },
};
