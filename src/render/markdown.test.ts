// The README renderer against a hostile corpus: nothing executable may survive, and ordinary GFM must.

import { describe, expect, it } from 'vitest';
import { AMPLIFIED_REFERENCES } from '../../test/fixtures/hostile-documents.ts';
import { renderMarkdown, slugify } from './markdown.ts';

const resolve = (path: string, kind: 'link' | 'image') =>
  kind === 'image' ? `/api/v1/projects/local%3Ax/files/${path}` : `https://git.example/x/blob/main/${path}`;

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(1)">',
  '[click](javascript:alert(1))',
  '[click2](JaVaScRiPt:alert(1))',
  '[click3](  javascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[vb](vbscript:msgbox(1))',
  '![img](javascript:alert(1))',
  '<svg onload="alert(1)"><script>alert(1)</script></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
  '<div style="background:url(javascript:alert(1))" onmouseover="alert(1)">hover</div>',
  '<object data="evil.swf"></object><embed src="evil.swf">',
  '<form action="https://evil.example"><input name=a><button>go</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<base href="https://evil.example/">',
  '<details open ontoggle="alert(1)">t</details>',
  '[ref]: javascript:alert(1)\n\n[ref link][ref]',
  '<https://ok.example>',
];

describe('renderMarkdown', () => {
  it('leaves nothing executable in a hostile corpus', async () => {
    for (const input of HOSTILE) {
      const html = await renderMarkdown(input, { path: 'README.md', resolve });
      const lower = html.toLowerCase();
      expect(lower, input).not.toContain('<script');
      expect(lower, input).not.toContain('javascript:');
      expect(lower, input).not.toContain('vbscript:');
      expect(lower, input).not.toContain('data:text');
      expect(lower, input).not.toMatch(/\son[a-z]+\s*=/);
      for (const tag of [
        '<svg',
        '<iframe',
        '<object',
        '<embed',
        '<form',
        '<input',
        '<meta',
        '<link',
        '<base',
        '<style',
        '<math',
      ]) {
        expect(lower, input).not.toContain(tag);
      }
      expect(lower, input).not.toContain('style=');
    }
  });

  it('renders GitHub-flavoured Markdown: tables, task lists, strikethrough, autolinks', async () => {
    const html = await renderMarkdown(
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~gone~~ and www.example.com',
    );
    expect(html).toContain('<table>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('<del>gone</del>');
    expect(html).toContain('href="http://www.example.com"');
  });

  it('gives headings ids and points in-page links at them', async () => {
    const html = await renderMarkdown('# Getting started!\n\n## Getting started!\n\n[go](#getting-started)');
    expect(html).toContain('id="user-content-getting-started"');
    expect(html).toContain('id="user-content-getting-started-1"');
    expect(html).toContain('href="#user-content-getting-started"');
    expect(slugify('Hello, World & Co')).toBe('hello-world--co');
  });

  it('resolves relative links and images against the file folder and refuses to climb out', async () => {
    const html = await renderMarkdown(
      '[guide](../CONTRIBUTING.md#how) ![logo](img/logo.png) [up](../../../etc/passwd) [abs](https://ok.example/a)',
      { path: 'docs/README.md', resolve },
    );
    expect(html).toContain('href="https://git.example/x/blob/main/CONTRIBUTING.md#how"');
    expect(html).toContain('src="/api/v1/projects/local%3Ax/files/docs/img/logo.png"');
    expect(html).not.toContain('etc/passwd');
    expect(html).toContain('href="https://ok.example/a" rel="nofollow noopener noreferrer"');
  });

  it('links www. and scheme literals as GitHub does, never a bare file name; footnotes get prefixed ids', async () => {
    const html = await renderMarkdown(
      'Edit README.md or agora.yaml, see www.example.com/a. or https://x.example.\n\nNote[^1].\n\n[^1]: The note.',
    );
    expect(html).toContain('README.md or agora.yaml');
    expect(html).not.toContain('href="http://README.md"');
    expect(html).toContain(
      '<a href="http://www.example.com/a" rel="nofollow noopener noreferrer">www.example.com/a</a>.',
    );
    expect(html).toContain(
      '<a href="https://x.example" rel="nofollow noopener noreferrer">https://x.example</a>.',
    );
    expect(html).toContain('href="#user-content-fn1"');
    expect(html).toContain('id="user-content-fn1"');
    // `^[inline]` notes are not GFM (and the plugin reads them in quadratic time): plain text.
    expect(await renderMarkdown('a ^[b] c')).toBe('<p>a ^[b] c</p>\n');
  });

  it('refuses a document whose HTML would carry more than 4 MB of text (a 20 KB link used 400 times)', async () => {
    await expect(renderMarkdown(AMPLIFIED_REFERENCES)).rejects.toThrow(
      /^its HTML would carry 8 MB of text, over the 4 MB budget$/,
    );
    // The same reference used ten times is an ordinary document.
    const url = `https://x.example/${'a'.repeat(20_000)}`;
    await expect(renderMarkdown(`[a]: ${url}\n\n${'[a][] '.repeat(10)}`)).resolves.toContain(url);
  });

  it('survives odd input', async () => {
    await expect(renderMarkdown('\u0000\uFFFF'.repeat(1000))).resolves.toBeTypeOf('string');
    await expect(renderMarkdown(`${'['.repeat(5000)}x${']'.repeat(5000)}`)).resolves.toBeTypeOf('string');
    await expect(renderMarkdown('[x](%E0%A4%A)', { resolve })).resolves.toBeTypeOf('string');
  });
});
