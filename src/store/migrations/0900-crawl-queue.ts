// The bookkeeping of crawls spread over `agora worker` processes (PostgreSQL stores; the tables stay empty on
// SQLite, whose crawls run in one process): a wave is one crawl (`crawls` row) made of one listing job per
// source and one job per repository; the workers' heartbeats and the jobs each one holds, so a job held by a
// dead worker is handed to another. The jobs themselves live in pg-boss's own schema.

import type { Kysely, Migration } from 'kysely';

export const crawlQueue: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('crawl_waves')
      .addColumn('crawl_id', 'integer', (c) => c.primaryKey())
      .addColumn('run_id', 'integer', (c) => c.notNull())
      // JSON: { sources, ids } when the wave crawls only some repos (a webhook's), else null.
      .addColumn('only', 'text')
      .addColumn('evaluated_at', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema
      .createTable('crawl_wave_sources')
      .addColumn('crawl_id', 'integer', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      // pending | listed | failed
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('problems', 'text')
      .addPrimaryKeyConstraint('crawl_wave_sources_pk', ['crawl_id', 'source'])
      .execute();
    await db.schema
      .createTable('crawl_wave_repos')
      .addColumn('crawl_id', 'integer', (c) => c.notNull())
      .addColumn('repo_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      // null while queued; new | changed | unchanged | failed once its job ran
      .addColumn('outcome', 'text')
      .addColumn('commits_added', 'integer', (c) => c.notNull().defaultTo(0))
      // JSON [{ code, severity }] of the findings stored for the repo by this wave
      .addColumn('findings', 'text')
      .addColumn('error', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('crawl_wave_repos_pk', ['crawl_id', 'repo_id'])
      .execute();
    await db.schema
      .createTable('queue_workers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('pid', 'integer', (c) => c.notNull())
      .addColumn('concurrency', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('heartbeat_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('queue_active')
      .addColumn('job_id', 'text', (c) => c.primaryKey())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('worker_id', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    for (const t of [
      'queue_active',
      'queue_workers',
      'crawl_wave_repos',
      'crawl_wave_sources',
      'crawl_waves',
    ])
      await db.schema.dropTable(t).ifExists().execute();
  },
};
