// Who the forge says has access to a private repo (GitHub and Gitea collaborators, GitLab members with at least
// Reporter access), read at each crawl: the portal shows the repo to signed-in people with one of these logins.

import type { Kysely, Migration } from 'kysely';

export const repoCollaborators: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('repo_collaborators')
      .addColumn('repo_id', 'text', (c) => c.notNull())
      .addColumn('login', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('repo_collaborators_pk', ['repo_id', 'login'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('repo_collaborators').ifExists().execute();
  },
};
