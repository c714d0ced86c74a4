import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AMPLIFIED_REFERENCES, PATHOLOGICAL_DOCUMENTS } from '../../../test/fixtures/hostile-documents.ts';
import { markdownOutline } from '../../render/outline.ts';
import { MAX_MARKDOWN_CHARS } from './helpers.ts';
import { isPlainMarkdown, MAX_PLAIN_CHARS } from './plain-markdown.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('isPlainMarkdown (what `agora check DIR` may parse without a budget)', () => {
  it('accepts real documents: Agora’s own README and docs', () => {
    for (const file of ['README.md', 'docs/rules.md', 'CONTRIBUTING.md']) {
      let text: string;
      try {
        text = readFileSync(join(ROOT, file), 'utf8');
      } catch {
        continue;
      }
      if (text.length <= MAX_PLAIN_CHARS)
        expect({ file, plain: isPlainMarkdown(text) }).toEqual({ file, plain: true });
    }
    expect(
      isPlainMarkdown('# Title\n\n- a\n  - b\n    1. c\n\n> quote\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'),
    ).toBe(true);
  });

  it('sends every pathological document to the worker, also cut down below the length limit', () => {
    for (const [name, text] of Object.entries(PATHOLOGICAL_DOCUMENTS)) {
      // Its danger is the size of its HTML, which an outline never builds (next test).
      if (text === AMPLIFIED_REFERENCES) continue;
      expect({ name, plain: isPlainMarkdown(text) }).toEqual({ name, plain: false });
      const short = text.slice(0, 16_000);
      expect({ name, plain: isPlainMarkdown(short) }).toEqual({ name, plain: false });
    }
  });

  it('lets a reference-amplification document be outlined in this thread: linear to parse, no HTML built', () => {
    expect(isPlainMarkdown(AMPLIFIED_REFERENCES)).toBe(true);
    // 400 uses of a 20 KB URL: the HTML would be ~8 MB, the outline is a word count.
    expect(markdownOutline(AMPLIFIED_REFERENCES, MAX_MARKDOWN_CHARS)).toEqual({
      headings: [],
      bodyWords: 400,
    });
  });

  it('counts nesting at the start of a line, whatever the spacing', () => {
    expect(isPlainMarkdown(`${'- '.repeat(8)}x`)).toBe(true);
    expect(isPlainMarkdown(`${'- '.repeat(9)}x`)).toBe(false);
    expect(isPlainMarkdown(`${'>  '.repeat(9)}x`)).toBe(false);
    expect(isPlainMarkdown(`${'1. '.repeat(9)}x`)).toBe(false);
    expect(isPlainMarkdown(`${'* '.repeat(9)}x\n`.repeat(1))).toBe(false);
    // Markers after text on the line are not nesting.
    expect(isPlainMarkdown(`x ${'- '.repeat(50)}`)).toBe(true);
  });

  it('refuses long texts and heavy markup', () => {
    expect(isPlainMarkdown('a'.repeat(MAX_PLAIN_CHARS + 1))).toBe(false);
    expect(isPlainMarkdown('*a '.repeat(2_001))).toBe(false);
    expect(isPlainMarkdown('[a]('.repeat(700))).toBe(false);
  });
});
