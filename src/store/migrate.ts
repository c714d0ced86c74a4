// Runs the in-code migrations (src/store/migrations/index.ts) with Kysely's Migrator.

import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { AgoraError } from '../errors.ts';
import { migrations } from './migrations/index.ts';

/** A provider over the in-code record, so migrations ship inside the bundle rather than as loose files. */
export function inCodeMigrations(record: Record<string, Migration> = migrations): MigrationProvider {
  return {
    async getMigrations() {
      return record;
    },
  };
}

/** Brings the database to the latest schema; safe to call on every open. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: 'sqlite' | 'postgres',
): Promise<string[]> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one; with several stores on
  // one PostgreSQL database (one schema each) it would find another store's tables and skip creating its own.
  const schema = dialect === 'postgres' ? await currentSchema(db) : undefined;
  // Migrations are numbered in ranges, one per line of work (0700–0749: forges, …): a store that ran a later
  // range's migration must still run an earlier range's new one, so order is by name but not enforced.
  const migrator = new Migrator({
    db,
    provider: inCodeMigrations(),
    migrationTableSchema: schema,
    allowUnorderedMigrations: true,
  });
  // Two processes opening a fresh SQLite file race on the first migration (there is no lock across
  // processes); the loser sees "busy" or "already exists" and simply retries after the winner commits.
  const attempts = dialect === 'sqlite' ? 5 : 1;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    lastError = error;
    if (!isRetryable(error) || attempt === attempts) break;
    await new Promise((done) => setTimeout(done, 50 * attempt));
  }
  const failed = lastError instanceof Error ? lastError.message : String(lastError);
  throw new AgoraError('STORE_FAILED', `database migration failed: ${failed}`, { cause: lastError });
}

async function currentSchema(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new AgoraError('STORE_FAILED', 'PostgreSQL has no current schema: check search_path');
  return schema;
}

function isRetryable(error: unknown): boolean {
  const text = error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${error.message}` : '';
  return /SQLITE_BUSY|database is locked|already exists/i.test(text);
}
