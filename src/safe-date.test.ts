import { describe, expect, it } from 'vitest';
import {
  dateFromSeconds,
  dayFromSeconds,
  isoFromSeconds,
  MAX_SHOWN_SECONDS,
  storedSeconds,
} from './safe-date.ts';

describe('safe dates from stored seconds', () => {
  it('converts a sane time as it is, from a number, a numeric string (pg bigint) or a bigint', () => {
    expect(isoFromSeconds(1_700_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(isoFromSeconds('1700000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(isoFromSeconds(1_700_000_000n)).toBe('2023-11-14T22:13:20.000Z');
    expect(dayFromSeconds(1_700_000_000)).toBe('2023-11-14');
    expect(dateFromSeconds(0)?.getTime()).toBe(0);
  });

  it('clamps absurd times instead of throwing "Invalid time value"', () => {
    // new Date(99999999999999 * 1000).toISOString() throws: the value an older crawl stored.
    expect(() => new Date(99999999999999 * 1000).toISOString()).toThrow(RangeError);
    expect(isoFromSeconds(99999999999999)).toBe('9999-12-31T23:59:59.000Z');
    expect(isoFromSeconds('99999999999999')).toBe('9999-12-31T23:59:59.000Z');
    expect(isoFromSeconds(Number.MAX_VALUE)).toBe('9999-12-31T23:59:59.000Z');
    expect(isoFromSeconds(Number.POSITIVE_INFINITY)).toBe('9999-12-31T23:59:59.000Z');
    expect(isoFromSeconds(-1e15)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoFromSeconds(Number.NEGATIVE_INFINITY)).toBe('1970-01-01T00:00:00.000Z');
    expect(dayFromSeconds(32_503_680_000)).toBe('3000-01-01');
    expect(storedSeconds(1e20)).toBe(MAX_SHOWN_SECONDS);
  });

  it('gives null for what is not a time', () => {
    for (const v of [null, undefined, '', 'soon', Number.NaN, {}, [], true]) {
      expect(isoFromSeconds(v)).toBeNull();
      expect(dayFromSeconds(v)).toBeNull();
      expect(dateFromSeconds(v)).toBeNull();
    }
  });
});
