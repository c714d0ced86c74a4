// The rules of each check run as they were when it ran (title, why, fix, docs), so the portal explains a stored
// result with the texts that produced it, also for a run made with another ruleset than the configured one.

import type { Kysely, Migration } from 'kysely';

export const checkRules: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('check_rules')
      .addColumn('run_id', 'integer', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      // The ruleset's level, before per-repo config overrides (those are in check_results.level).
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('why', 'text', (c) => c.notNull())
      .addColumn('fix', 'text', (c) => c.notNull())
      .addColumn('template', 'text')
      .addColumn('docs', 'text')
      .addPrimaryKeyConstraint('check_rules_pk', ['run_id', 'rule_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('check_rules').ifExists().execute();
  },
};
