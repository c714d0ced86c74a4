import { describe, expect, it } from 'vitest';
import { COMMIT_BATCH, commitBatch } from './commit-batch.ts';

describe('commit batch', () => {
  it('is 20 000 unless AGORA_COMMIT_BATCH names a whole number from 100 to 20 000', () => {
    expect(COMMIT_BATCH).toBe(20_000);
    expect(commitBatch({})).toBe(20_000);
    expect(commitBatch({ AGORA_COMMIT_BATCH: '2000' })).toBe(2000);
    expect(commitBatch({ AGORA_COMMIT_BATCH: ' 100 ' })).toBe(100);
    for (const bad of ['', ' ', 'many', '99', '0', '-5', '1.5', '20001', '1e9'])
      expect(commitBatch({ AGORA_COMMIT_BATCH: bad }), bad).toBe(20_000);
  });
});
