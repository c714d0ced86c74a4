// Forge webhook deliveries already handled, by delivery id, so a redelivery is ignored even after the server
// restarted; rows older than a day are pruned as new deliveries arrive.

import type { Kysely, Migration } from 'kysely';

export const webhookDeliveries: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_received')
      .on('webhook_deliveries')
      .column('received_at')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('webhook_deliveries').ifExists().execute();
  },
};
