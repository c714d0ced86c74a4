// The quick outline must give exactly what the Markdown parser gives whenever it answers at all: compared on
// real documents (the installed packages' Markdown files), on generated line soups, and on the constructs it
// has to decline.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownOutline } from './outline.ts';
import { quickOutline } from './quick-outline.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Markdown files under `dir`, in path order (deterministic for a given lockfile). */
function markdownFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = join(dir, e.name);
    if (e.isDirectory()) markdownFiles(path, out);
    else if (/\.md$/i.test(e.name) && statSync(path).size < 40_000) out.push(path);
  }
  return out;
}

const parsed = (text: string) => markdownOutline(text, Number.MAX_SAFE_INTEGER);

describe('quickOutline', () => {
  it('reads a plain README as the parser does', () => {
    const text = [
      '# Payments API',
      '',
      'Takes **payments** for the `shop` and [refunds](docs/refunds.md) them; see https://example.com/x.',
      '',
      '[![build](https://ci.example/badge.svg)](https://ci.example)',
      '',
      '## 🤝 2. Contributing!',
      '',
      '1. Fork it',
      '   (then branch)',
      '2. Open a pull request',
      '',
      '```sh',
      '# not a heading',
      'npm test',
      '```',
      '',
      'Maintainers',
      '-----------',
      '',
      '| who | where |',
      '|-----|-------|',
      '| Ana | [chat](https://chat.example) |',
    ].join('\n');
    const quick = quickOutline(text);
    expect(quick).not.toBeNull();
    expect(quick).toEqual(parsed(text));
    expect(quick?.headings.map((h) => h.norm)).toEqual(['payments api', 'contributing', 'maintainers']);
  });

  it.each([
    ['HTML', '<p align="center">A</p>\n'],
    ['an entity', 'Fish &amp; chips\n'],
    ['a reference link', 'See [the docs][docs].\n\n[docs]: https://x.example\n'],
    ['a task list', '- [ ] write tests\n'],
    ['a setext heading under two lines', 'A\nB\n===\n'],
    ['a fence in a list item', '- run:\n  ```\n  # x\n  ```\n'],
    ['a heading in a list item', '- # Title\n'],
    ['a number that may be paragraph text', 'We shipped in\n2024. Then more.\n'],
    ['a link in an indented line after a heading', '# A\n\n    [x](y)\n'],
    ['a bare URL glued to a word', 'see-https://x.example\n'],
    ['emphasis in a heading', '## The *real* guide\n'],
  ])('declines %s', (_, text) => {
    expect(quickOutline(text)).toBeNull();
  });

  it('agrees with the parser on every Markdown file of the installed packages it reads', () => {
    const files = markdownFiles(join(ROOT, 'node_modules')).slice(0, 100);
    expect(files.length).toBe(100);
    let read = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const quick = quickOutline(text);
      if (quick === null) continue;
      read++;
      expect({ file, outline: quick }).toEqual({ file, outline: parsed(text) });
    }
    // It must answer for a good share of real documents, or it saves nothing.
    expect(read).toBeGreaterThan(files.length / 5);
  });

  it('agrees with the parser on generated line soups', () => {
    const pieces = [
      'foo',
      'bar baz',
      '# ',
      '## ',
      '#',
      '- ',
      '* ',
      '1. ',
      '2. ',
      '1) ',
      '10. ',
      '> ',
      '    ',
      '   ',
      '`',
      '``',
      '```',
      '~~~',
      '[',
      ']',
      '](u)',
      '[a](b)',
      '![i](s)',
      '[x]',
      '\\',
      '\\-',
      '&amp;',
      '<',
      '< 3',
      '|',
      '---',
      '===',
      '***',
      '*em*',
      "don't",
      'x-y',
      '1.5',
      'http://a.b/(c)',
      'www.x.com',
      'a@b.co',
      '-https://q.r',
      'é',
      '😀',
      '`code`',
      '[`c`](d)',
      '- 1. ',
      '     x',
      '\t',
    ];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let read = 0;
    for (let doc = 0; doc < 500; doc++) {
      const lines = Array.from({ length: 1 + next(8) }, () =>
        Array.from({ length: next(5) }, () => pieces[next(pieces.length)] + (next(3) ? '' : ' ')).join(''),
      );
      const text = lines.join('\n');
      const quick = quickOutline(text);
      if (quick === null) continue;
      read++;
      expect({ text, outline: quick }).toEqual({ text, outline: parsed(text) });
    }
    expect(read).toBeGreaterThan(100);
  });
});
