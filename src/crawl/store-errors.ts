// Telling "the database is unavailable" from "this repository broke something": a lost connection or a
// failing disk is not a repo's fault, so it must not become that repo's finding; the crawl stops with
// STORE_FAILED instead (after a retry of the idempotent write that failed).

import { AgoraError, redactSecrets } from '../errors.ts';

/** PostgreSQL SQLSTATE classes and codes that mean the server or connection went away. */
const PG_UNAVAILABLE = /^(08|57P0[1-3]|53)/;
/** Node socket errors of a lost database connection. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
]);
/** SQLite result codes of a store that cannot be written (disk, permissions, corruption, a stuck lock). */
const SQLITE_UNAVAILABLE = /^SQLITE_(IOERR|FULL|CORRUPT|NOTADB|READONLY|CANTOPEN|BUSY|LOCKED|PROTOCOL)/;
const PG_LOST =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|the database system is (shutting down|starting up|in recovery mode)|terminating connection/i;

/** True when `err` says the store itself is unavailable (as opposed to a bad statement or bad data). */
export function isStoreUnavailable(err: unknown): boolean {
  if (err instanceof AgoraError) return err.code === 'STORE_FAILED';
  if (!(err instanceof Error)) return false;
  const code = String((err as { code?: unknown }).code ?? '');
  if (SOCKET_ERRORS.has(code) || PG_UNAVAILABLE.test(code) || SQLITE_UNAVAILABLE.test(code)) return true;
  return PG_LOST.test(err.message);
}

/** The error a crawl stops with when the store is unavailable. */
export function storeFailed(err: unknown): AgoraError {
  if (err instanceof AgoraError && err.code === 'STORE_FAILED') return err;
  const message = redactSecrets(err instanceof Error ? err.message : String(err));
  return new AgoraError('STORE_FAILED', `the database became unavailable during the crawl: ${message}`, {
    cause: err,
  });
}

/**
 * Runs an idempotent store write, retrying it when the store is unavailable (a restarting server, a dropped
 * connection: the pool opens a new one); after the last attempt it throws STORE_FAILED. Other errors pass.
 */
export async function retryStoreWrite<T>(write: () => Promise<T>, delaysMs = [500, 2000]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      if (attempt >= delaysMs.length) throw storeFailed(err);
      await new Promise((r) => setTimeout(r, delaysMs[attempt]));
    }
  }
}
