import { expect, it } from 'vitest';
import { parseConfig } from './load.ts';
import { STARTER_CONFIG } from './starter.ts';

it('the starter config is valid', () => {
  expect(parseConfig(STARTER_CONFIG, 'agora.yaml').problems).toEqual([]);
});
