// Rendered repository documents (README, CONTRIBUTING, …): sanitised HTML made at crawl time under a render
// budget, so the portal serves stored HTML and never renders Markdown on its request path.

import type { Kysely, Migration } from 'kysely';
import { zero } from './helpers.ts';

export const repoDocuments: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('repo_documents')
      .addColumn('repo_id', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('html', 'text', (c) => c.notNull())
      .addColumn('truncated', 'integer', (c) => c.notNull().defaultTo(zero))
      // 'rendered', or 'fallback' when the document was over budget and is stored as escaped plain text.
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source_size', 'integer', (c) => c.notNull().defaultTo(zero))
      // The HEAD the document was rendered from (a render cached by the server is tied to it).
      .addColumn('head_sha', 'text')
      .addColumn('rendered_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('repo_documents_pk', ['repo_id', 'path'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('repo_documents').ifExists().execute();
  },
};
