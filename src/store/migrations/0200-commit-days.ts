// Per-repo, per-author, per-day commit aggregates (`commit_days`), so metrics over a year of history read a
// few thousand day rows instead of every commit; backfilled here from the commits already stored.

import { type Kysely, type Migration, sql } from 'kysely';
import { bigInteger, isPostgres, unixSeconds } from './helpers.ts';

export const commitDays: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('commit_days')
      .addColumn('repo_id', 'text', (c) => c.notNull().references('repos.id').onDelete('cascade'))
      .addColumn('author_email', 'text', (c) => c.notNull())
      // Unix day number: floor(author_time / 86400), also for times before 1970.
      .addColumn('day', 'integer', (c) => c.notNull())
      .addColumn('is_bot', 'integer', (c) => c.notNull())
      .addColumn('commits', 'integer', (c) => c.notNull())
      // The smallest author name and earliest author time of the day's commits: the metrics group by
      // (author, bucket) and take min() of both, which min() over days reproduces exactly.
      .addColumn('author_name', 'text', (c) => c.notNull())
      .addColumn('first_time', unixSeconds, (c) => c.notNull())
      .addColumn('additions', bigInteger)
      .addColumn('deletions', bigInteger)
      .addPrimaryKeyConstraint('commit_days_pk', ['repo_id', 'day', 'author_email', 'is_bot'])
      // SQLite: rows clustered by the key, so one repo's days are one contiguous range.
      .$call((b) => (isPostgres(db) ? b : b.modifyEnd(sql`without rowid`)))
      .execute();
    await db.schema.createIndex('commit_days_day').on('commit_days').columns(['day', 'repo_id']).execute();
    await sql`insert into commit_days
        (repo_id, author_email, day, is_bot, commits, author_name, first_time, additions, deletions)
      select repo_id, author_email, d.day, is_bot, count(*), min(author_name), min(author_time),
             sum(additions), sum(deletions)
      from (select c.*, (author_time - (((author_time % 86400) + 86400) % 86400)) / 86400 as day
            from commits c) d
      group by repo_id, d.day, author_email, is_bot`.execute(db);
    // Re-use look-ups match package names case-insensitively.
    await sql`create index repo_packages_lower_name on repo_packages (lower(name))`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index if exists repo_packages_lower_name`.execute(db);
    await db.schema.dropTable('commit_days').execute();
  },
};
