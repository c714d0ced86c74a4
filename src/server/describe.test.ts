import { describe, expect, it } from 'vitest';
import { describeProject, firstParagraph } from './describe.ts';

describe('describeProject', () => {
  it('prefers the forge, then innersource motivation, then catalog-info, then the README', () => {
    const readme = { path: 'README.md', text: '# Title\n\nFrom the readme.', truncated: false };
    expect(describeProject('Forge text', { readme })).toBe('Forge text');
    expect(
      describeProject(null, {
        innersource: { title: 'Nice name', motivation: 'Why it exists.' },
        catalog: { description: 'Catalog text' },
        readme,
      }),
    ).toBe('Why it exists.');
    expect(describeProject('  ', { catalog: { description: 'Catalog text' }, readme })).toBe('Catalog text');
    expect(describeProject(null, { readme })).toBe('From the readme.');
    expect(describeProject(null, {})).toBeNull();
  });

  it('trims long text at a word boundary to about 200 characters', () => {
    const long = 'word '.repeat(100);
    const d = describeProject(null, { catalog: { description: long } }) as string;
    expect(d.length).toBeLessThanOrEqual(201);
    expect(d.endsWith('word…')).toBe(true);
  });
});

describe('firstParagraph', () => {
  it('skips headings, badges, HTML, code and front matter, and strips inline Markdown', () => {
    const md = [
      '---',
      'title: x',
      '---',
      '<p align="center"><img src="logo.png"></p>',
      '',
      '# payments-api',
      '[![CI](https://x/badge.svg)](https://x) ![cov](https://y/c.svg)',
      '',
      '```sh',
      'npm i',
      '```',
      'Settles **card payments** for the [shop](https://shop) and',
      'the `ledger`.',
      '',
      'Second paragraph.',
    ].join('\n');
    expect(firstParagraph(md)).toBe('Settles card payments for the shop and the ledger.');
  });

  it('treats a setext heading as a heading and returns null without prose', () => {
    expect(firstParagraph('Title\n=====\n\nBody text here.')).toBe('Body text here.');
    expect(firstParagraph('# Only a heading\n\n- a list\n')).toBeNull();
  });
});
