// Pilots declared by admins in the portal (issue 14): one row per pilot, its settings as the JSON of a
// `pilots:` entry of agora.yaml (validated by the same schema), merged with the pilots of agora.yaml.

import type { Kysely, Migration } from 'kysely';

export const portalPilots: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('portal_pilots')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('portal_pilots').ifExists().execute();
  },
};
