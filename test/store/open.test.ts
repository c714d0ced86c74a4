// Opening the store: URL precedence, SQLite pragmas, idempotent migrations, errors without passwords.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDatabaseUrl, parseDatabaseUrl, redactDatabaseUrl } from '../../src/store/database-url.ts';
import { openStore } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { upsertRepoRef } from '../../src/store/queries/repos-write.ts';
import { describeEachStore, pgAvailable, TEST_PG_URL, withTempPgDatabase } from '../helpers/stores.ts';
import { makeRef } from './fixtures.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agora-open-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('database URL', () => {
  it('prefers the explicit url, then DATABASE_URL, then a file in the data directory', () => {
    expect(
      chooseDatabaseUrl({ url: 'sqlite:/x.db', dataDir: '/d' }, { DATABASE_URL: 'postgres://h/db' }),
    ).toBe('sqlite:/x.db');
    expect(chooseDatabaseUrl({ dataDir: '/d' }, { DATABASE_URL: 'postgres://h/db' })).toBe('postgres://h/db');
    expect(chooseDatabaseUrl({ dataDir: '/d' }, {})).toBe('sqlite:/d/agora.db');
  });

  it('parses sqlite paths and postgres schemas', () => {
    expect(parseDatabaseUrl('sqlite:data/a.db', '/base')).toEqual({
      dialect: 'sqlite',
      path: '/base/data/a.db',
    });
    expect(parseDatabaseUrl('sqlite:///abs/a.db')).toEqual({ dialect: 'sqlite', path: '/abs/a.db' });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('postgres://u:p@h:5433/db?schema=agora&sslmode=disable')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u:p@h:5433/db?sslmode=disable',
      schema: 'agora',
    });
    expect(() => parseDatabaseUrl('postgres://h/db?schema=a;drop')).toThrow(/plain identifier/);
    expect(() => parseDatabaseUrl('mysql://root:hunter2@h/db')).toThrow(
      /unsupported database URL mysql:\/\/\*\*\*@h\/db/,
    );
  });

  it('redacts passwords in userinfo and parameters', () => {
    expect(redactDatabaseUrl('postgres://agora:s3cret@db/x?password=also')).toBe(
      'postgres://***@db/x?password=***',
    );
  });
});

describe('openStore on SQLite', () => {
  it('creates the default file in the data directory with WAL, foreign keys and a busy timeout', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const store = await openStore({ dataDir });
      expect(store.dialect).toBe('sqlite');
      expect(store.url).toBe(`sqlite:${join(dataDir, 'agora.db')}`);
      const { sql } = await import('kysely');
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBeGreaterThanOrEqual(1000);
      expect(await pragma('synchronous')).toBe(1);
      await store.close();
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it('explains an unusable file without crashing', async () => {
    const dir = tempDir();
    await expect(openStore({ url: `sqlite:${dir}`, dataDir: dir })).rejects.toMatchObject({
      code: 'STORE_FAILED',
    });
  });
});

describe('openStore on PostgreSQL errors', async () => {
  const pgUp = await pgAvailable();
  it('never shows the password of an unreachable server', async () => {
    const err = await openStore({ url: 'postgres://agora:hunter2@127.0.0.1:1/db', dataDir: tempDir() }).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ code: 'STORE_FAILED' });
    expect(String(err.message)).toContain('postgres://***@127.0.0.1:1/db');
    expect(String(err.message)).not.toContain('hunter2');
    expect(String(err.stack)).not.toContain('hunter2');
  });

  it.runIf(pgUp)('opens a schema named in the URL, creating it', async () => {
    const temp = await withTempPgDatabase();
    try {
      const url = new URL(temp.url);
      url.searchParams.set('schema', `${temp.schema}_x`);
      const store = await openStore({ url: url.toString(), dataDir: tempDir() });
      await upsertRepoRef(store.db, makeRef('in-schema'), '2026-01-01T00:00:00.000Z');
      await store.close();
      const plain = await openStore({ url: TEST_PG_URL, dataDir: tempDir(), migrate: false });
      const { sql } = await import('kysely');
      const rows = await sql.raw(`select count(*) as n from "${temp.schema}_x".repos`).execute(plain.db);
      expect(Number((rows.rows[0] as { n: unknown }).n)).toBe(1);
      await sql.raw(`drop schema "${temp.schema}_x" cascade`).execute(plain.db);
      await plain.close();
    } finally {
      await temp.drop();
    }
  });
});

describeEachStore('migrations', (getStore) => {
  it('are idempotent: opening the same database again changes nothing', async () => {
    const store = getStore();
    await upsertRepoRef(store.db, makeRef('kept'), '2026-01-01T00:00:00.000Z');
    const { sql } = await import('kysely');
    const applied = async () =>
      (
        await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db)
      ).rows.map((r) => r.name);
    expect(await applied()).toEqual(Object.keys(migrations));
    const url = store.dialect === 'sqlite' ? store.url : (await import('../helpers/stores.ts')).TEST_PG_URL;
    // Re-open the very same database (for PostgreSQL, through the same search_path).
    const schema =
      store.dialect === 'postgres'
        ? ((await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0].s as string)
        : null;
    const again = await openStore({
      url: schema ? `${url}?schema=${schema}` : url,
      dataDir: tmpdir(),
    });
    expect(await applied()).toEqual(Object.keys(migrations));
    const names = await again.db.selectFrom('repos').select('name').execute();
    expect(names).toEqual([{ name: 'kept' }]);
    await again.close();
  });
});
