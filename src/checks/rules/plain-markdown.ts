// Decides whether a Markdown document is plain enough to parse on the calling thread, where no time budget can
// stop the parser. The parser's slow cases (issue 15.2: 4–36 s, or a stack overflow) all need one of: a long
// text, thousands of markup characters (unclosed links, emphasis or strikethrough runs, tables, HTML), or
// containers nested deeper than any real document (`- - - …`, `>>>>…`). A document with none of them is parsed
// in milliseconds; anything else goes to the render worker and its budget. Only `agora check DIR` uses this
// (a team's own repo in its own CI, where a worker thread costs more than the parse); the crawl does not.

/** Longer documents always go to the worker. */
export const MAX_PLAIN_CHARS = 32_000;
/** At most this many characters that open or close inline markup. */
export const MAX_PLAIN_MARKUP = 2_000;
/** At most this many container markers (`>`, list bullets, `1.`) at the start of one line. */
export const MAX_PLAIN_NESTING = 8;

const MARKUP = new Set(['[', ']', '(', '*', '_', '~', '|', '<', '`', '@', '!']);

/** True when `text` is short, light on markup and shallowly nested: safe to parse without a time budget. */
export function isPlainMarkdown(text: string): boolean {
  if (text.length > MAX_PLAIN_CHARS) return false;
  let markup = 0;
  let lineStart = true;
  let depth = 0;
  // One pass, linear in the text (no regular expression that could backtrack on hostile input).
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      depth = 0;
      continue;
    }
    if (MARKUP.has(c) && ++markup > MAX_PLAIN_MARKUP) return false;
    if (!lineStart || c === ' ' || c === '\t') continue;
    const next = text[i + 1];
    const spaced = next === undefined || next === ' ' || next === '\t' || next === '\n';
    if (c === '>' || ((c === '-' || c === '*' || c === '+') && spaced)) {
      if (++depth > MAX_PLAIN_NESTING) return false;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < text.length && j - i < 10 && text[j] >= '0' && text[j] <= '9') j++;
      const after = text[j + 1];
      if ((text[j] === '.' || text[j] === ')') && (after === undefined || after === ' ' || after === '\t')) {
        if (++depth > MAX_PLAIN_NESTING) return false;
        i = j;
        continue;
      }
    }
    lineStart = false;
  }
  return true;
}
