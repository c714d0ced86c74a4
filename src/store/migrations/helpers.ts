// Dialect-aware column helpers for migrations, so one migration file serves SQLite and PostgreSQL.

import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, sql } from 'kysely';

/** True when the migration runs against PostgreSQL. */
export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Column type of an auto-incrementing integer id: `serial` on PostgreSQL, `integer` on SQLite. */
export function idType(db: Kysely<unknown>): 'serial' | 'integer' {
  return isPostgres(db) ? 'serial' : 'integer';
}

/** Makes an id column the auto-incrementing primary key (`autoincrement` only exists on SQLite). */
export function idColumn(db: Kysely<unknown>) {
  const pg = isPostgres(db);
  return (col: ColumnDefinitionBuilder) => (pg ? col.primaryKey() : col.primaryKey().autoIncrement());
}

/** Unix seconds: `bigint` so dates after 2038 (git allows them) fit; the store parses int8 back to numbers. */
export const unixSeconds = 'bigint' as const;

/** Byte counts that may pass 2 GiB (language totals, blob sizes). */
export const bigInteger = 'bigint' as const;

/** A literal default of 0 for 0/1 flag columns. */
export const zero = sql`0`;
