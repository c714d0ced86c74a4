// Standards results: one check run per evaluation (a crawl's or `agora check --all`), the result of every
// rule for every repo evaluated in it, and each repo's readiness in that run.

import type { Kysely, Migration } from 'kysely';
import { idColumn, idType, zero } from './helpers.ts';

export const checkResults: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('check_runs')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('crawl_id', 'integer')
      .addColumn('ruleset', 'text', (c) => c.notNull())
      .addColumn('evaluated_at', 'text', (c) => c.notNull())
      .addColumn('repo_count', 'integer', (c) => c.notNull().defaultTo(zero))
      .execute();
    await db.schema
      .createTable('check_results')
      .addColumn('run_id', 'integer', (c) => c.notNull())
      .addColumn('crawl_id', 'integer')
      .addColumn('repo_id', 'text', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('inherited', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('ruleset', 'text', (c) => c.notNull())
      .addColumn('evaluated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('check_results_repo')
      .on('check_results')
      .columns(['repo_id', 'run_id'])
      .execute();
    await db.schema
      .createIndex('check_results_run')
      .on('check_results')
      .columns(['run_id', 'rule_id'])
      .execute();
    await db.schema
      .createTable('check_readiness')
      .addColumn('run_id', 'integer', (c) => c.notNull())
      .addColumn('repo_id', 'text', (c) => c.notNull())
      .addColumn('level', 'text')
      .addColumn('next_level', 'text')
      .addColumn('missing', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('passed', 'integer', (c) => c.notNull())
      .addColumn('failed', 'integer', (c) => c.notNull())
      .addColumn('errors', 'integer', (c) => c.notNull())
      .addColumn('warnings', 'integer', (c) => c.notNull())
      .addColumn('not_evaluated', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('check_readiness_pk', ['run_id', 'repo_id'])
      .execute();
    await db.schema
      .createIndex('check_readiness_repo')
      .on('check_readiness')
      .columns(['repo_id', 'run_id'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('check_readiness').ifExists().execute();
    await db.schema.dropTable('check_results').ifExists().execute();
    await db.schema.dropTable('check_runs').ifExists().execute();
  },
};
