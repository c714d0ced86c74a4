import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { createRng } from '../demo/prng.ts';
import { kthLargest } from './search.ts';
import { buildTextIndex } from './text-index.ts';

const FIELDS = [
  { name: 'name', boost: 4 },
  { name: 'tags', boost: 2 },
  { name: 'text', boost: 1 },
];
const tokenize = (text: string) => text.split(/[\s\-_/.,;:!?()]+/u).filter((t) => t.length > 0);

/** A corpus with repeated words, case variants, near-miss spellings and empty fields. */
function corpus(n: number): string[][] {
  const rand = createRng(3).next;
  const vocab = [
    'payments',
    'payment',
    'Payments',
    'pay',
    'ledger',
    'ledgers',
    'leger',
    'kafka',
    'stream',
    'streams',
    'streaming',
    'auth',
    'oauth',
    'path',
    'search',
    'searching',
    'warehouse',
  ];
  const words = (k: number) => Array.from({ length: k }, () => vocab[Math.floor(rand() * vocab.length)]);
  return Array.from({ length: n }, (_, i) => [
    `${words(2).join('-')}-${i}`,
    i % 5 === 0 ? '' : words(3).join(' '),
    `${words(Math.floor(rand() * 40)).join(' ')}.`,
  ]);
}

describe('text index', () => {
  const docs = corpus(300);
  const index = buildTextIndex(docs, { fields: FIELDS, tokenize });
  const mini = new MiniSearch<{ id: number; name: string; tags: string; text: string }>({
    fields: ['name', 'tags', 'text'],
    tokenize,
  });
  mini.addAll(docs.map(([name, tags, text], id) => ({ id, name, tags, text })));

  const cases: [word: string, prefix: boolean, maxDistance: number][] = [
    ['payments', false, 0],
    ['payments', true, 1],
    ['pay', true, 0],
    ['paymnts', false, 1],
    ['ledger', true, 1],
    ['strea', true, 1],
    ['auth', false, 0],
    ['searh', true, 1],
    ['nothing', true, 1],
  ];
  it.each(cases)(
    'scores %s (prefix %s, distance %s) exactly as MiniSearch does',
    (word, prefix, distance) => {
      const ours = index.match(word, { prefix, maxDistance: distance });
      const theirs = mini.search(word, {
        prefix,
        fuzzy: distance > 0 ? distance : false,
        boost: { name: 4, tags: 2 },
        combineWith: 'AND',
      });
      const expected = new Map(theirs.map((r) => [r.id as number, r.score]));
      expect([...ours.ids]).toEqual([...expected.keys()].sort((a, b) => a - b));
      ours.ids.forEach((id, k) => {
        expect(ours.scores[k]).toBeCloseTo(expected.get(id) as number, 9);
      });
      if (word !== 'nothing') expect(ours.ids.length).toBeGreaterThan(0);
    },
  );

  it('matches words case-insensitively and counts documents', () => {
    expect(index.documents).toBe(300);
    expect(index.match('payments', { prefix: false, maxDistance: 0 }).ids.length).toBeGreaterThan(0);
    // "Payments" in the text is indexed lower-cased, so there is no separate upper-case term.
    expect(index.match('Payments', { prefix: false, maxDistance: 0 }).ids.length).toBe(0);
  });

  it('finds the k-th largest score of a set of ids', () => {
    const rand = createRng(9).next;
    const scores = Float64Array.from({ length: 1000 }, () => Math.floor(rand() * 50));
    const ids = Array.from({ length: 700 }, (_, i) => i * 1 + (i % 3));
    for (const k of [1, 2, 24, 699, 700]) {
      const sorted = ids.map((i) => scores[i]).sort((a, b) => b - a);
      expect(kthLargest(ids, scores, k)).toBe(sorted[k - 1]);
    }
  });
});
