// The request budget each forge host shares across every `agora worker` (PostgreSQL stores; the table stays
// empty on SQLite, whose crawls keep their budget in memory): a token bucket per host, taken by one atomic
// upsert (queue/host-budget.ts). Seconds are epoch seconds of the database's clock, so workers' clocks never
// matter.

import type { Kysely, Migration } from 'kysely';

export const hostBudgets: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('queue_host_budgets')
      .addColumn('host', 'text', (c) => c.primaryKey())
      .addColumn('tokens', 'double precision', (c) => c.notNull())
      .addColumn('updated_at', 'double precision', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('queue_host_budgets').ifExists().execute();
  },
};
