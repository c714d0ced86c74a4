// Parses the store's database URL (`sqlite:PATH` or `postgres://…`) and redacts it for messages.

import { isAbsolute, join, resolve } from 'node:path';
import { AgoraError, redactSecrets } from '../errors.ts';

export type StoreTarget =
  | { dialect: 'sqlite'; path: string }
  | { dialect: 'postgres'; connectionString: string; schema: string | null };

/** Picks the URL: explicit `url` → `DATABASE_URL` → `sqlite:<dataDir>/agora.db`. */
export function chooseDatabaseUrl(opts: { url?: string; dataDir: string }, env = process.env): string {
  if (opts.url) return opts.url;
  if (env.DATABASE_URL) return env.DATABASE_URL;
  return `sqlite:${join(opts.dataDir, 'agora.db')}`;
}

/** Turns a database URL into what a driver needs; a relative SQLite path resolves against `baseDir`. */
export function parseDatabaseUrl(url: string, baseDir = process.cwd()): StoreTarget {
  if (/^sqlite:/i.test(url)) {
    // `sqlite:///abs`, `sqlite://rel` and `sqlite:path` all mean a file path.
    let path = url.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    if (path === '') throw new AgoraError('CONFIG_INVALID', 'database URL `sqlite:` needs a file path');
    if (path === ':memory:') return { dialect: 'sqlite', path };
    return { dialect: 'sqlite', path: isAbsolute(path) ? path : resolve(baseDir, path) };
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AgoraError('CONFIG_INVALID', `database URL is not a valid URL: ${redactDatabaseUrl(url)}`);
    }
    // `?schema=NAME` isolates a store in one schema (tests, several portals on one server).
    const schema = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
      throw new AgoraError(
        'CONFIG_INVALID',
        `database URL schema must be a plain identifier, got "${schema}"`,
      );
    }
    return { dialect: 'postgres', connectionString: parsed.toString(), schema };
  }
  throw new AgoraError(
    'CONFIG_INVALID',
    `unsupported database URL ${redactDatabaseUrl(url)}: use sqlite:PATH or postgres://user@host/db`,
  );
}

/** Removes passwords from a database URL or any message that quotes one (userinfo and `password=`). */
export function redactDatabaseUrl(text: string): string {
  return redactSecrets(text).replace(/([?&;\s]password=)[^&\s;]*/gi, '$1***');
}
