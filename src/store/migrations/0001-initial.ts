// The first schema: repositories and their facts, commits, findings, crawls and the crawl lock.

import { type Kysely, type Migration, sql } from 'kysely';
import { bigInteger, idColumn, idType, unixSeconds, zero } from './helpers.ts';

export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('repos')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('full_name', 'text', (c) => c.notNull())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('web_url', 'text')
      .addColumn('default_branch', 'text')
      .addColumn('description', 'text')
      .addColumn('topics', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('visibility', 'text')
      .addColumn('org', 'text')
      .addColumn('stars', 'integer')
      .addColumn('forks', 'integer')
      .addColumn('watchers', 'integer')
      .addColumn('open_issues', 'integer')
      .addColumn('forge_created_at', 'text')
      .addColumn('head_sha', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('last_crawled_at', 'text')
      .addColumn('last_changed_at', 'text')
      .addColumn('gone_at', 'text')
      .addColumn('primary_language', 'text')
      .addColumn('facts', 'text')
      .addColumn('facts_crawl_id', 'integer')
      .addColumn('commit_count', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('first_commit_at', unixSeconds)
      .addColumn('last_commit_at', unixSeconds)
      .execute();
    await db.schema.createIndex('repos_name').on('repos').column('name').execute();
    await db.schema.createIndex('repos_source').on('repos').column('source').execute();

    await db.schema
      .createTable('repo_languages')
      .addColumn('repo_id', 'text', (c) => c.notNull().references('repos.id').onDelete('cascade'))
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('bytes', bigInteger, (c) => c.notNull())
      .addColumn('files', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('repo_languages_pk', ['repo_id', 'language'])
      .execute();
    await db.schema.createIndex('repo_languages_language').on('repo_languages').column('language').execute();

    await db.schema
      .createTable('repo_docs')
      .addColumn('repo_id', 'text', (c) => c.notNull().references('repos.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('inherited', 'integer', (c) => c.notNull().defaultTo(zero))
      .addPrimaryKeyConstraint('repo_docs_pk', ['repo_id', 'kind', 'path'])
      .execute();
    await db.schema.createIndex('repo_docs_kind').on('repo_docs').columns(['kind', 'repo_id']).execute();

    await db.schema
      .createTable('repo_owners')
      .addColumn('repo_id', 'text', (c) => c.notNull().references('repos.id').onDelete('cascade'))
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('pattern', 'text')
      .addColumn('catch_all', 'integer', (c) => c.notNull().defaultTo(zero))
      .execute();
    await db.schema.createIndex('repo_owners_repo').on('repo_owners').column('repo_id').execute();
    await db.schema
      .createIndex('repo_owners_owner')
      .on('repo_owners')
      .columns(['owner', 'repo_id'])
      .execute();

    await db.schema
      .createTable('repo_packages')
      .addColumn('repo_id', 'text', (c) => c.notNull().references('repos.id').onDelete('cascade'))
      .addColumn('ecosystem', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('version', 'text')
      .addColumn('manifest', 'text', (c) => c.notNull())
      .addColumn('scope', 'text')
      .execute();
    await db.schema.createIndex('repo_packages_repo').on('repo_packages').column('repo_id').execute();
    await db.schema
      .createIndex('repo_packages_name')
      .on('repo_packages')
      .columns(['ecosystem', 'name', 'role'])
      .execute();

    await db.schema
      .createTable('repo_files')
      .addColumn('repo_id', 'text', (c) => c.notNull().references('repos.id').onDelete('cascade'))
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('size', bigInteger, (c) => c.notNull())
      .addColumn('content', 'text')
      .addColumn('truncated', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('binary', 'integer', (c) => c.notNull().defaultTo(zero))
      .addPrimaryKeyConstraint('repo_files_pk', ['repo_id', 'path'])
      .execute();

    await db.schema
      .createTable('commits')
      .addColumn('repo_id', 'text', (c) => c.notNull().references('repos.id').onDelete('cascade'))
      .addColumn('sha', 'text', (c) => c.notNull())
      .addColumn('author_name', 'text', (c) => c.notNull())
      .addColumn('author_email', 'text', (c) => c.notNull())
      .addColumn('author_time', unixSeconds, (c) => c.notNull())
      .addColumn('committer_time', unixSeconds, (c) => c.notNull())
      .addColumn('parents', 'integer', (c) => c.notNull())
      .addColumn('files_changed', 'integer', (c) => c.notNull())
      .addColumn('additions', 'integer')
      .addColumn('deletions', 'integer')
      .addColumn('is_bot', 'integer', (c) => c.notNull().defaultTo(zero))
      .addPrimaryKeyConstraint('commits_pk', ['repo_id', 'sha'])
      .execute();
    await db.schema
      .createIndex('commits_repo_time')
      .on('commits')
      .columns(['repo_id', 'author_time'])
      .execute();

    await db.schema
      .createTable('crawls')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('stats', 'text')
      .addColumn('holder', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('findings')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('repo_id', 'text', (c) => c.notNull().references('repos.id').onDelete('cascade'))
      .addColumn('crawl_id', 'integer', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('path', 'text')
      .execute();
    await db.schema.createIndex('findings_repo').on('findings').columns(['repo_id', 'crawl_id']).execute();

    await db.schema
      .createTable('crawl_lock')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('crawl_id', 'integer')
      .addColumn('acquired_at', 'text', (c) => c.notNull())
      .addColumn('heartbeat_at', 'text', (c) => c.notNull())
      .addCheckConstraint('crawl_lock_single_row', sql`id = 1`)
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'crawl_lock',
      'findings',
      'crawls',
      'commits',
      'repo_files',
      'repo_packages',
      'repo_owners',
      'repo_docs',
      'repo_languages',
      'repos',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
