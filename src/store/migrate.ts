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
  // Unordered: a migration missing from a store runs even when later ones already ran (each migration is a
  // self-contained step; a store repaired by hand, or one that ran a later step first, still converges).
  const migrator = new Migrator({
    db,
    provider: inCodeMigrations(),
    migrationTableSchema: schema,
    allowUnorderedMigrations: true,
  });
  // Two processes opening a fresh SQLite file race on the first migration (there is no lock across
  // processes); the loser sees "busy" or "already exists" and simply retries after the winner commits.
  // On PostgreSQL, Kysely's check for its bookkeeping table reads the whole catalogue; a schema another store
  // drops at that moment (tests, or a neighbour store on the same database) fails that read with 3F000 about
  // the *other* schema. Nothing was written: retry.
  const attempts = dialect === 'sqlite' ? 5 : 3;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    lastError = error;
    if (!isRetryable(error, schema) || attempt === attempts) break;
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

/** Whether a failed migration may be retried (nothing was written, and the cause was another process). */
export function isRetryable(error: unknown, schema: string | undefined): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = error instanceof Error ? error.message : '';
  if (code === '3F000') return schema !== undefined && !message.includes(`"${schema}"`);
  return /SQLITE_BUSY|database is locked|already exists/i.test(`${code} ${message}`);
}
