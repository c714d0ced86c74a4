// Turns stored times into Dates and ISO strings without ever throwing. A store can hold any number in a time
// column (an older version stored a commit dated `@99999999999999` as it was, and PostgreSQL hands bigints
// back as strings), and `new Date(x).toISOString()` throws "Invalid time value" on one such row, which took
// down every command that listed repos. Every reader converts stored seconds through here: an absurd time is
// clamped to [1970-01-01, 9999-12-31] (still visibly absurd, and still a valid ISO string), junk is null.

/** Earliest time a reader shows (unix seconds): the crawl clamps earlier commit times to this. */
export const MIN_SHOWN_SECONDS = 0;
/** Latest time a reader shows (unix seconds): 9999-12-31T23:59:59Z, the last four-digit-year ISO string. */
export const MAX_SHOWN_SECONDS = 253_402_300_799;

/** Unix seconds from a stored value (number, numeric string, bigint), clamped to the shown range; else null. */
export function storedSeconds(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'bigint' || typeof value === 'string') n = Number(value);
  else return null;
  if (Number.isNaN(n)) return null;
  return Math.min(MAX_SHOWN_SECONDS, Math.max(MIN_SHOWN_SECONDS, n));
}

/** The Date of stored unix seconds, clamped; null when the value is not a time. */
export function dateFromSeconds(value: unknown): Date | null {
  const s = storedSeconds(value);
  return s === null ? null : new Date(s * 1000);
}

/** ISO 8601 (`2024-05-01T12:00:00.000Z`) of stored unix seconds, clamped; null when the value is not a time. */
export function isoFromSeconds(value: unknown): string | null {
  return dateFromSeconds(value)?.toISOString() ?? null;
}

/** `YYYY-MM-DD` (UTC) of stored unix seconds, clamped; null when the value is not a time. */
export function dayFromSeconds(value: unknown): string | null {
  return isoFromSeconds(value)?.slice(0, 10) ?? null;
}
