// Runs store tests on both databases: SQLite in a temp file and PostgreSQL in a throw-away schema.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.ts';

/** The PostgreSQL server tests use; override with AGORA_TEST_PG_URL. */
export const TEST_PG_URL = process.env.AGORA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let available: Promise<boolean> | null = null;

/** Whether the test PostgreSQL server answers (checked once per process). */
export function pgAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return available;
}

/** A fresh, empty PostgreSQL schema and a DATABASE_URL (`?schema=NAME`) that `openStore` and the CLI accept. */
export async function withTempPgDatabase(): Promise<{ url: string; schema: string; drop(): Promise<void> }> {
  const schema = `agora_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`create schema "${schema}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A temp folder with a `sqlite:` URL inside it, removed by `drop`. */
export function withTempSqliteDatabase(): { url: string; dataDir: string; drop(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'agora-store-'));
  return {
    url: `sqlite:${join(dataDir, 'agora.db')}`,
    dataDir,
    drop() {
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Deletes every row of every table (schema kept), for tests that want an empty store per case. Tables other
 * migrations add are found in the catalogue; children go before `repos` and `crawls`.
 */
export async function emptyStore(store: Store): Promise<void> {
  // Kysely's introspector reads every schema's columns, and other test files alter and drop their own
  // schemas at the same time (CI saw `column "forge_type" of relation "repos" does not exist` from it):
  // ask the catalogue for this schema's table names only.
  const names =
    store.dialect === 'postgres'
      ? await sql<{
          name: string;
        }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(store.db)
      : await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(
          store.db,
        );
  const tables = names.rows.map((r) => r.name).filter((t) => !t.startsWith('kysely_'));
  const last = ['repos', 'crawls'];
  const ordered = [...tables.filter((t) => !last.includes(t)), ...last.filter((t) => tables.includes(t))];
  await store.db.transaction().execute(async (trx) => {
    for (const table of ordered) await sql`delete from ${sql.table(table)}`.execute(trx);
  });
}

/**
 * Declares `fn`'s tests twice: on SQLite (a temp file) and on PostgreSQL (a schema of its own, dropped
 * afterwards). Without a reachable server the PostgreSQL half is skipped, with the reason in its title;
 * under CI=true that is a failure instead.
 */
export function describeEachStore(title: string, fn: (getStore: () => Store) => void): void {
  describe(`${title} [sqlite]`, () => {
    let store: Store | null = null;
    let temp: ReturnType<typeof withTempSqliteDatabase> | null = null;
    beforeAll(async () => {
      temp = withTempSqliteDatabase();
      store = await openStore({ url: temp.url, dataDir: temp.dataDir });
    });
    afterAll(async () => {
      await store?.close();
      temp?.drop();
    });
    fn(() => {
      if (!store) throw new Error('store not open yet: call getStore() inside a test or hook');
      return store;
    });
  });

  describe(`${title} [postgres]`, async () => {
    if (!(await pgAvailable())) {
      const reason = `PostgreSQL not reachable at ${TEST_PG_URL.replace(/\/\/[^@/]*@/, '//')}`;
      if (process.env.CI === 'true') {
        it('needs PostgreSQL under CI=true', () => {
          throw new Error(reason);
        });
      } else {
        describe.skip(`skipped: ${reason}`, () => {
          it('(not run)', () => {});
        });
      }
      return;
    }
    let store: Store | null = null;
    let temp: Awaited<ReturnType<typeof withTempPgDatabase>> | null = null;
    beforeAll(async () => {
      temp = await withTempPgDatabase();
      store = await openStore({ url: temp.url, dataDir: tmpdir() });
    });
    afterAll(async () => {
      await store?.close();
      await temp?.drop();
    });
    fn(() => {
      if (!store) throw new Error('store not open yet: call getStore() inside a test or hook');
      return store;
    });
  });
}
