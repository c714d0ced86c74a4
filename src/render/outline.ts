// The outline of a Markdown document that standards rules read: headings and word counts, from the token stream
// of the one Markdown parser (parser.ts), parsed here or taken from the render's parse of the same text
// (`outlineOfTokens`). Run it in the render worker for untrusted text of any size (the budget bounds it there);
// a plain README's outline is read without the parser by quick-outline.ts.

import { inlineText, type MarkdownToken, parseTokens } from './parser.ts';
import { countWords, type MarkdownOutline, normaliseHeading } from './quick-outline.ts';

export type { MarkdownOutline };
export { normaliseHeading };

/** Parses Markdown (GFM) into its outline; `maxChars` of it are parsed, the rest only has its words counted. */
export function markdownOutline(text: string, maxChars: number): MarkdownOutline {
  let source = text;
  if (source.length > maxChars) {
    const cut = source.lastIndexOf('\n', maxChars);
    source = source.slice(0, cut > 0 ? cut : maxChars);
  }
  return outlineOfTokens(parseTokens(source), source, text);
}

/**
 * The outline of `text` from the tokens of `source`, its parsed part (all of it, or a prefix). The renderer
 * parses with the same parser, so a document rendered whole has its outline from the render's tokens.
 * Words are those a reader sees: text, code spans and code blocks, link text; not raw HTML, image alt text
 * or link destinations. The first top-level heading (the title) is not body text.
 */
export function outlineOfTokens(tokens: MarkdownToken[], source: string, text: string): MarkdownOutline {
  const result: MarkdownOutline = { headings: [], bodyWords: 0 };
  let skippedTitle = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open') {
      const inline = tokens[i + 1];
      const heading = inlineText(inline);
      const depth = Number(t.tag[1]);
      result.headings.push({ depth, text: heading.trim(), norm: normaliseHeading(heading) });
      if (!skippedTitle && depth === 1) skippedTitle = true;
      else result.bodyWords += countWords(heading);
      i++;
    } else if (t.type === 'inline') {
      // Word by word of each text and code span (`[a](x)b` is two words, as the reader sees two runs).
      for (const c of t.children ?? []) {
        if (c.type === 'text' || c.type === 'code_inline') result.bodyWords += countWords(c.content);
      }
    } else if (t.type === 'fence' || t.type === 'code_block') {
      result.bodyWords += countWords(t.content);
    }
  }
  // Beyond the parsed part, words still count (a cheap scan).
  if (source.length < text.length) result.bodyWords += countWords(text.slice(source.length));
  return result;
}
