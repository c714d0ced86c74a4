// Opens the store: Kysely over better-sqlite3 (a file in the data directory) or PostgreSQL, migrated on open.

import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CompiledQuery, type Driver, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { AgoraError } from '../errors.ts';
import { makeDirs } from '../make-dirs.ts';
import { chooseDatabaseUrl, parseDatabaseUrl, redactDatabaseUrl } from './database-url.ts';
import { migrateToLatest } from './migrate.ts';
import type { Database } from './schema.ts';

export type StoreDialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: StoreDialect;
  /** The URL it was opened with, passwords redacted (for logs and `agora status`). */
  url: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** `sqlite:PATH` or `postgres://…`; falls back to DATABASE_URL, then `sqlite:<dataDir>/agora.db`. */
  url?: string;
  dataDir: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** Skip migrations (only for tools that inspect a database they must not change). */
  migrate?: boolean;
}

/** Opens (and migrates) the store named by `url`, `DATABASE_URL`, or the default SQLite file in `dataDir`. */
export async function openStore(opts: OpenStoreOptions): Promise<Store> {
  const url = chooseDatabaseUrl(opts);
  const target = parseDatabaseUrl(url);
  const redacted = redactDatabaseUrl(url);
  if (target.dialect === 'sqlite') {
    // Opened now, not on the first query, so a path that cannot be used fails here with its own message.
    const sqlite = openSqlite(target.path);
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect({ database: async () => sqlite }),
    });
    return finishOpen(db, 'sqlite', redacted, opts.migrate ?? true);
  }
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    // A per-pool parser (not pg's global one): int8 and numeric come back as numbers, not strings.
    types: { getTypeParser: numericTypeParser },
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  // A client that loses its server must not crash the process with an unhandled 'error' event, whether it
  // is idle in the pool or checked out (a transaction between two statements): the next query reports it.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  if (target.schema) {
    try {
      await pool.query(`create schema if not exists "${target.schema}"`);
    } catch (err) {
      await pool.end().catch(() => {});
      throw connectError(redacted, err);
    }
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return finishOpen(db, 'postgres', redacted, opts.migrate ?? true);
}

async function finishOpen(
  db: Kysely<Database>,
  dialect: StoreDialect,
  url: string,
  migrate: boolean,
): Promise<Store> {
  try {
    if (migrate) await migrateToLatest(db as Kysely<unknown>, dialect);
  } catch (err) {
    await db.destroy().catch(() => {});
    if (err instanceof AgoraError) {
      throw new AgoraError('STORE_FAILED', `cannot use database ${url}: ${redactDatabaseUrl(err.message)}`, {
        cause: err.cause,
      });
    }
    throw connectError(url, err);
  }
  let closed = false;
  return {
    db,
    dialect,
    url,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/**
 * SQLite transactions start with BEGIN IMMEDIATE: a deferred transaction that reads and then writes fails at
 * once with SQLITE_BUSY when another process (a second crawl refused by the lock, `agora check --all`, the
 * portal) wrote in between, without waiting for busy_timeout. IMMEDIATE takes the write lock up front, so
 * writers from several processes queue instead of failing.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

function openSqlite(path: string): SqliteDatabase.Database {
  try {
    if (path !== ':memory:') makeDirs(dirname(path));
    const sqlite = new SqliteDatabase(path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 10000');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    return sqlite;
  } catch (err) {
    throw new AgoraError('STORE_FAILED', `cannot open SQLite database ${path}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

function connectError(url: string, err: unknown): AgoraError {
  const message = err instanceof Error ? err.message : String(err);
  return new AgoraError('STORE_FAILED', `cannot use database ${url}: ${redactDatabaseUrl(message)}`);
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function numericTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}
