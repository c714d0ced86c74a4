// Running the InnerSource program (issue 14): campaign pull requests (one per repo and campaign, never a
// second), frozen pilot baselines (so later crawls do not move them) and digest deliveries (each attempt
// recorded, failures kept for the next run to retry).

import type { Kysely, Migration } from 'kysely';
import { idColumn, idType } from './helpers.ts';

export const program: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('campaign_prs')
      .addColumn('campaign', 'text', (c) => c.notNull())
      .addColumn('repo_id', 'text', (c) => c.notNull())
      .addColumn('forge', 'text', (c) => c.notNull())
      .addColumn('branch', 'text', (c) => c.notNull())
      .addColumn('head_repo', 'text')
      .addColumn('number', 'integer')
      .addColumn('url', 'text')
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('files', 'text', (c) => c.notNull())
      .addColumn('message', 'text')
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('campaign_prs_pk', ['campaign', 'repo_id'])
      .execute();
    await db.schema
      .createTable('pilot_baselines')
      .addColumn('pilot', 'text', (c) => c.notNull())
      .addColumn('cohort', 'text', (c) => c.notNull())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('window_end', 'text', (c) => c.notNull())
      .addColumn('frozen_at', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('pilot_baselines_pk', ['pilot', 'cohort'])
      .execute();
    await db.schema
      .createTable('digest_deliveries')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('digest_deliveries_target_period')
      .on('digest_deliveries')
      .columns(['target', 'period'])
      .unique()
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('digest_deliveries').ifExists().execute();
    await db.schema.dropTable('pilot_baselines').ifExists().execute();
    await db.schema.dropTable('campaign_prs').ifExists().execute();
  },
};
