// Per-repo derived data computed once per crawl (the metrics a project page shows, with its weekly activity),
// so the portal serves stored results instead of recomputing them on every request. A row records what it was
// computed from (the repo's HEAD, the config's teams/bots/aliases, the instant) so stale rows are recognised.

import type { Kysely, Migration } from 'kysely';
import { unixSeconds } from './helpers.ts';

export const repoDerived: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('repo_derived')
      .addColumn('repo_id', 'text', (c) => c.primaryKey().references('repos.id').onDelete('cascade'))
      .addColumn('head_sha', 'text')
      .addColumn('config_key', 'text', (c) => c.notNull())
      // The instant the time windows end at (unix seconds).
      .addColumn('as_of', unixSeconds, (c) => c.notNull())
      // JSON of the metrics service's RepoMetrics.
      .addColumn('metrics', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('repo_derived').ifExists().execute();
  },
};
