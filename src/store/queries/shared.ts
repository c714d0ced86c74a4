// Helpers shared by the query modules: dialect detection, transactions, chunking, text cleaning.

import { type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';

export type Db = Kysely<Database>;

/** Which dialect a Kysely instance (or transaction) talks to. */
export function dialectOf(db: Db): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Runs `fn` in a transaction, or directly when `db` already is one (so writers compose). */
export async function inTransaction<T>(
  db: Db,
  fn: (trx: Transaction<Database> | Db) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

/** Splits rows into chunks of at most `size`. */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** SQLite allows 32766 bound parameters per statement; stay well below it. */
export const SQLITE_MAX_PARAMS = 32_000;

/** Rows per multi-row INSERT for a table of `columns` columns (both dialects; PostgreSQL allows 65535 params). */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.floor(SQLITE_MAX_PARAMS / columns));
}

/**
 * Repository text is untrusted: PostgreSQL text cannot hold NUL, so NUL becomes U+FFFD on both dialects
 * (the same bytes stored everywhere).
 */
export function cleanText(value: string): string;
export function cleanText(value: string | null | undefined): string | null;
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
}

/** Booleans are stored as 0/1 integers on both dialects. */
export function flag(value: boolean | undefined | null): number {
  return value ? 1 : 0;
}

/** Parses a JSON column, returning `fallback` for null or damaged text. */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
