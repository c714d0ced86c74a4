// Runs a test suite once on SQLite and once on PostgreSQL (a fresh database per suite), for tests that drive
// the CLI or the server through DATABASE_URL. PostgreSQL missing: skipped with the reason, unless CI=true.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';

export const PG_ADMIN_URL = process.env.AGORA_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

let available: Promise<string | null> | null = null;

/** Null when PostgreSQL answers, else why it does not. */
export function pgUnavailableReason(): Promise<string | null> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return null;
    } catch (err) {
      return `PostgreSQL at ${PG_ADMIN_URL.replace(/\/\/[^@]*@/, '//')} is unreachable (${(err as Error).message})`;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return available;
}

/** Creates an empty database and returns its URL and a function that drops it. */
export async function createTempPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `agora_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface DatabaseUnderTest {
  kind: 'sqlite' | 'postgres';
  /** Environment for the CLI: DATABASE_URL for PostgreSQL, nothing for SQLite (the data dir's file). */
  env(): Record<string, string | undefined>;
  url(): string | undefined;
}

const pgReason = await pgUnavailableReason();

/** Declares `describe(title [sqlite])` and `describe(title [postgres])` with the database handed to `fn`. */
export function describeEachDatabase(title: string, fn: (db: DatabaseUnderTest) => void): void {
  describe(`${title} [sqlite]`, () => {
    fn({ kind: 'sqlite', env: () => ({ DATABASE_URL: undefined }), url: () => undefined });
  });
  if (pgReason && process.env.CI !== 'true') {
    describe.skip(`${title} [postgres] — skipped, because ${pgReason}`, () => {});
    return;
  }
  describe(`${title} [postgres]`, () => {
    let temp: { url: string; drop: () => Promise<void> } | null = null;
    beforeAll(async () => {
      if (pgReason) throw new Error(`CI=true but ${pgReason}`);
      temp = await createTempPgDatabase();
    });
    afterAll(async () => {
      await temp?.drop();
    });
    fn({ kind: 'postgres', env: () => ({ DATABASE_URL: temp!.url }), url: () => temp!.url });
  });
}
