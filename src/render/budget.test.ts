import { describe, expect, it } from 'vitest';
import { DOCUMENT_BUDGET, renderTimeMs } from './budget.ts';

describe('render time budget', () => {
  it('is 4 s unless AGORA_RENDER_TIME_MS names a whole number of ms from 10 to a minute', () => {
    expect(DOCUMENT_BUDGET.timeMs).toBe(4000);
    expect(renderTimeMs({})).toBe(4000);
    expect(renderTimeMs({ AGORA_RENDER_TIME_MS: '1500' })).toBe(1500);
    expect(renderTimeMs({ AGORA_RENDER_TIME_MS: ' 250 ' })).toBe(250);
    expect(renderTimeMs({ AGORA_RENDER_TIME_MS: '10' })).toBe(10);
    for (const bad of ['', ' ', 'slow', '9', '0', '-1', '1.5', '60001', '1e9'])
      expect(renderTimeMs({ AGORA_RENDER_TIME_MS: bad }), bad).toBe(4000);
  });
});
