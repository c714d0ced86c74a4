// Where a secret could leak, read as text: every process's command line (what `ps` shows any local user) and
// every row of every table of a store (what a dump of the database would show).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseUnderTest } from '../databases.ts';

/** Command lines of every process on the machine, read from /proc. */
export function allCmdlines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`).toString('latin1').replaceAll('\0', ' '));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** The store's bytes (SQLite: the files of `root/data`) or every row of every table (PostgreSQL). */
export async function storeDump(root: string, db: DatabaseUnderTest): Promise<string> {
  if (db.kind === 'sqlite') {
    const dir = join(root, 'data');
    return readdirSync(dir)
      .filter((f) => f.startsWith('agora.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('\n');
  }
  const client = new pg.Client({ connectionString: db.url() });
  await client.connect();
  try {
    const tables = await client.query<{ t: string }>(
      'select table_name as t from information_schema.tables where table_schema = current_schema()',
    );
    const parts: string[] = [];
    for (const { t } of tables.rows) {
      parts.push(JSON.stringify((await client.query(`select * from "${t}"`)).rows));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}
