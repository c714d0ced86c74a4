import { describe, expect, it } from 'vitest';
import { absenceFactor } from './bus-factor.ts';

describe('absenceFactor', () => {
  it('is the fewest people making more than half of the commits', () => {
    expect(absenceFactor([])).toBe(0);
    expect(absenceFactor([5])).toBe(1);
    expect(absenceFactor([5, 5])).toBe(2); // exactly half is not more than half
    expect(absenceFactor([6, 5])).toBe(1);
    expect(absenceFactor([1, 4, 2, 1])).toBe(2); // 4 + 2 = 6 > 4
    expect(absenceFactor([1, 1, 1, 1, 1])).toBe(3);
  });
});
