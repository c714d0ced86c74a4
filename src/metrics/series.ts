// Calendar helpers for series: UTC month starts, and the instants grouped queries bucket commits by.

import { DAY } from './contribution.ts';

/** Unix seconds of the first instant of each of the last `count` UTC months, oldest first (current included). */
export function monthStarts(now: number, count = 12): number[] {
  const d = new Date(now * 1000);
  const out: number[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1) / 1000);
  return out;
}

/**
 * True when the period [start, end) is not over at `now` (unix s): its figures are partial, so a trend must not
 * draw it as a full period nor compare it with full ones.
 */
export function isPartialPeriod(end: number, now: number): boolean {
  return end > now;
}

/** `YYYY-MM` of a unix time (UTC). */
export function monthLabel(t: number): string {
  return new Date(t * 1000).toISOString().slice(0, 7);
}

/** Week boundaries for `weeks` weeks ending at `now` (the same ones `weeklyCommits` uses). */
export function weekStarts(now: number, weeks = 52): number[] {
  const start = now - weeks * 7 * DAY;
  return Array.from({ length: weeks }, (_, i) => start + i * 7 * DAY);
}

/** Sorted, distinct instants. */
export function edgesOf(...lists: number[][]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}
