import { describe, expect, it } from 'vitest';
import { HOOK_DEBOUNCE_MS, hookDebounceMs } from './state.ts';

describe('webhook debounce', () => {
  it('is 1 s unless AGORA_HOOK_DEBOUNCE_MS names a whole number of ms up to a minute', () => {
    expect(HOOK_DEBOUNCE_MS).toBe(1000);
    expect(hookDebounceMs({})).toBe(1000);
    expect(hookDebounceMs({ AGORA_HOOK_DEBOUNCE_MS: '100' })).toBe(100);
    expect(hookDebounceMs({ AGORA_HOOK_DEBOUNCE_MS: '0' })).toBe(0);
    for (const bad of ['', ' ', 'soon', '-1', '1.5', '60001', '1e9'])
      expect(hookDebounceMs({ AGORA_HOOK_DEBOUNCE_MS: bad }), bad).toBe(1000);
  });
});
