import { describe, expect, it } from 'vitest';
import { stripMarkdown } from './search.ts';

describe('stripMarkdown (the search index of READMEs)', () => {
  it('keeps link text, drops targets, and leaves an unclosed `[a](` as text', () => {
    expect(stripMarkdown('See [the docs](https://x.example/d "Docs") and ![logo](l.png).')).toBe(
      'See the docs and logo.',
    );
    // As in CommonMark: `[a](` opens no link, `[b](…)` is one.
    expect(stripMarkdown('[a]([b](https://x.example) here')).toBe('[a](b here');
  });
});
