import { expect, it } from 'vitest';
import { runPool } from './pool.ts';

it('never runs more than `size` tasks at once and runs them all', async () => {
  let inFlight = 0;
  let peak = 0;
  const done: number[] = [];
  await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 5 * (n % 3)));
    done.push(n);
    inFlight--;
  });
  expect(peak).toBe(3);
  expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
});

it('rethrows the first failure after the running tasks settle', async () => {
  await expect(
    runPool([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
});
