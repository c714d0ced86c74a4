// The descriptor readers' field checks: strings within bounds and lists of them, each failure a message that
// says what was expected.

import { describe, expect, it } from 'vitest';
import { checkText, checkTextList } from './field-check.ts';

describe('field checks', () => {
  it('accepts a string within bounds and names what is wrong otherwise', () => {
    expect(checkText('payments', 10, 1)).toEqual({ ok: true, value: 'payments' });
    expect(checkText('', 10, 1)).toEqual({ ok: false, message: 'expected at least 1 character(s)' });
    expect(checkText('x'.repeat(11), 10)).toEqual({ ok: false, message: 'expected at most 10 characters' });
    expect(checkText(5, 10)).toEqual({ ok: false, message: 'expected a string, got number' });
    expect(checkText(null, 10)).toEqual({ ok: false, message: 'expected a string, got null' });
  });

  it('accepts a list of strings and names the first bad item', () => {
    expect(checkTextList(['a', 'b'], 2, 5)).toEqual({ ok: true, value: ['a', 'b'] });
    expect(checkTextList(['a', 'b', 'c'], 2, 5)).toEqual({ ok: false, message: 'expected at most 2 items' });
    expect(checkTextList(['a', 7], 5, 5)).toEqual({
      ok: false,
      message: 'item 1: expected a string, got number',
    });
    expect(checkTextList('a,b', 5, 5)).toEqual({
      ok: false,
      message: 'expected an array of strings, got string',
    });
  });
});
