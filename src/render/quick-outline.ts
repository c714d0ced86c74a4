// The outline of a plain Markdown document (headings and word count, as `markdownOutline` gives them) read
// line by line without the Markdown parser, so `agora check DIR` on a repo with a plain README neither loads
// markdown-it (src/render/parser.ts) nor runs it cold. Returns null for
// any construct whose reading depends on more than its own line: HTML, entities, backslash escapes, images,
// reference links, setext headings, fences or headings inside containers, indented lines with link syntax,
// ordered-list numbers that may be paragraph text. The caller then parses with markdown-it. A test compares
// both on every Markdown file of the installed packages (src/render/quick-outline.test.ts).

export interface MarkdownOutline {
  headings: { depth: number; text: string; norm: string }[];
  /** Words outside the first top-level heading. */
  bodyWords: number;
}

/** Lower-case words only: emoji, punctuation and numbering stripped, so `## 🤝 2. Contributing!` is `contributing`. */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b\d+\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

export function countWords(text: string): number {
  const m = text.match(WORD);
  return m ? m.length : 0;
}

const FENCE = /^(`{3,}|~{3,})(.*)$/;
const CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*))?$/;
const THEMATIC = /^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$/;
const UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const QUOTE = /^ {0,3}> ?/;
/** A list marker after at most three spaces, and the spaces after it. */
const BULLET = /^ {0,3}(?:[-*+]|(\d{1,9})([.)]))( +|$)/;
/** What a line may start with only at the top level: headings, fences, underlines, list numbers. */
const BLOCK_START = /^[ \t]*(?:#|`{3}|~{3}|[=-]+[ \t]*$|\d{1,9}[.)](?: |$))/;
/** Characters whose reading differs between paragraph text and code. */
const INLINE_SYNTAX = /[[\]&<\\]/;

/** Containers nested deeper than this on one line are left to the parser (and its budget). */
const MAX_DEPTH = 8;

type OpenList = { key: string; indent: number } | null;

/** Outline of `text`, or null when a line needs the real parser (see the module comment). */
export function quickOutline(text: string): MarkdownOutline | null {
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r\n|\r|\n/);
  const headings: MarkdownOutline['headings'] = [];
  let bodyWords = 0;
  let skippedTitle = false;
  let fence: { char: string; length: number } | null = null;
  let prevBlank = true;
  /** The previous line was paragraph text (so an indented line continues it rather than being code). */
  let prevParagraph = false;
  /** The open top-level numbered list: its items' indent and delimiter, and their content's indent. */
  let ordered: OpenList = null;
  /** The previous line began a top-level paragraph: its words, and its text as a heading's (null: not plain). */
  let prevFirst: { words: number; text: string | null } | null = null;
  /** Backticks left open at the end of the previous line of paragraph text (a code span may close later). */
  let ticks = 0;
  for (const line of lines) {
    if (fence) {
      const close = CLOSE.exec(line);
      if (close && close[1][0] === fence.char && close[1].length >= fence.length) fence = null;
      else bodyWords += countWords(line);
      continue;
    }
    const wasBlank = prevBlank;
    const wasParagraph = prevParagraph;
    const wasFirst = prevFirst;
    const wasTicks = ticks;
    ticks = 0;
    prevBlank = false;
    prevParagraph = false;
    prevFirst = null;
    if (/^[ \t]*$/.test(line)) {
      prevBlank = true;
      continue;
    }
    if (/^ *\t/.test(line)) return null;
    // A line indented less than the numbered list's items' content ends the list, unless it is one of them.
    const list = ordered as OpenList;
    if (ordered && line.search(/\S/) < ordered.indent) ordered = null;
    if (/^ {1,3}(?:`{3}|~{3})/.test(line)) return null; // a fence inside a list item, or not
    const open = FENCE.exec(line);
    if (open) {
      if (open[1][0] === '`' && open[2].includes('`')) return null;
      fence = { char: open[1][0], length: open[1].length };
      continue;
    }
    if (UNDERLINE.test(line) && !wasBlank) {
      // Under a one-line paragraph: a setext heading (under more lines, or in a container: left to the parser).
      if (!wasParagraph || wasFirst?.text == null) return null;
      const depth = line.trim()[0] === '=' ? 1 : 2;
      const heading = wasFirst.text;
      headings.push({ depth, text: heading, norm: normaliseHeading(heading) });
      bodyWords -= wasFirst.words;
      if (!skippedTitle && depth === 1) skippedTitle = true;
      else bodyWords += countWords(heading);
      continue;
    }
    if (THEMATIC.test(line)) continue;
    const atx = ATX.exec(line);
    if (atx) {
      const heading = headingText(atx[2] ?? '');
      if (heading === null) return null;
      const depth = atx[1].length;
      headings.push({ depth, text: heading, norm: normaliseHeading(heading) });
      if (!skippedTitle && depth === 1) skippedTitle = true;
      else bodyWords += countWords(heading);
      continue;
    }
    if (/^ {4}/.test(line)) {
      if (BLOCK_START.test(line)) return null; // a block inside a list item, or code: ambiguous
      if (wasParagraph) {
        const read = paragraphWords(line, wasTicks, true);
        if (read === null) return null;
        bodyWords += read.words;
        ticks = read.ticks;
        prevParagraph = !line.includes('|');
      } else {
        if (INLINE_SYNTAX.test(line)) return null; // indented code, or not: read differently
        bodyWords += countWords(line);
      }
      continue;
    }
    // Read past container markers; a number that may be paragraph text, or one in a quote, needs the parser.
    let rest = line;
    let depth = 0;
    let quoted = false;
    let code = false;
    for (;;) {
      const quote = QUOTE.exec(rest);
      if (depth >= MAX_DEPTH) return null;
      if (quote) {
        quoted = true;
        depth++;
        rest = rest.slice(quote[0].length);
        if (/^ {4}/.test(rest)) code = true;
        if (code) break;
        continue;
      }
      const m = BULLET.exec(rest);
      if (!m) break;
      if (m[1] !== undefined) {
        if (quoted) return null;
        if (depth === 0) {
          const key = `${m[0].search(/\d/)}${m[2]}`;
          const starts = m[1] === '1' && /\S/.test(rest.slice(m[0].length));
          if (!(wasBlank || list?.key === key || starts)) return null;
          ordered = {
            key,
            indent: m[3].length >= 1 && m[3].length <= 4 ? m[0].length : m[0].length - m[3].length + 1,
          };
        }
      }
      depth++;
      // Five or more spaces after a list marker: the item starts with indented code.
      if (m[3].length >= 5) {
        rest = rest.slice(m[0].length - m[3].length + 1);
        code = true;
        break;
      }
      rest = rest.slice(m[0].length);
    }
    if (code) {
      if (BLOCK_START.test(rest) || INLINE_SYNTAX.test(rest)) return null;
      bodyWords += countWords(rest);
      continue;
    }
    if (depth > 0 && (BLOCK_START.test(rest) || THEMATIC.test(rest))) return null;
    const read = paragraphWords(rest, wasTicks, depth === 0 && wasParagraph);
    if (read === null) return null;
    const words = read.words;
    bodyWords += words;
    ticks = read.ticks;
    prevParagraph = rest.length > 0 && !line.includes('|');
    if (prevParagraph && depth === 0 && !wasParagraph) {
      const values = /[*_~]/.test(rest) ? null : inlineValues(rest, false);
      prevFirst = { words, text: values === null ? null : values.values.join('').trim() };
    }
  }
  return { headings, bodyWords };
}

/** A heading's text as the parser gives it (its nodes' values joined), or null for emphasis or other markup. */
function headingText(content: string): string | null {
  // The closing sequence: trailing #s after a space (by hand: `/[ \t]+#+$/` is quadratic on long space runs).
  let end = trimEnd(content, content.length);
  let hashes = end;
  while (hashes > 0 && content[hashes - 1] === '#') hashes--;
  if (hashes === 0) end = 0;
  else if (hashes < end && (content[hashes - 1] === ' ' || content[hashes - 1] === '\t'))
    end = trimEnd(content, hashes);
  const c = content.slice(0, end);
  if (/[*_~]/.test(c) || !plainAutolinks(c)) return null;
  const values = inlineValues(c, false);
  return values === null ? null : values.values.join('').trim();
}

function trimEnd(s: string, end: number): number {
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return end;
}

/**
 * Words of one line of paragraph text, summed over its nodes as the parser splits them, and the length of a
 * backtick run it leaves open; null if not plain. After a line that left `open` backticks, a line that
 * `continues` the paragraph closes the code span at its first run; any other line is read only if it has no
 * inline syntax, where literal text and code read the same.
 */
function paragraphWords(
  line: string,
  open: number,
  continues: boolean,
): { words: number; ticks: number } | null {
  if (!plainAutolinks(line)) return null;
  if (open) {
    if (line.includes('|')) return null;
    const at = line.indexOf('`');
    if (!continues || at < 0) {
      if (INLINE_SYNTAX.test(line) || (line.match(/`+/g) ?? []).some((r) => r.length !== open)) return null;
      return { words: countWords(line), ticks: open };
    }
    const before = line.slice(0, at);
    const run = backtickRun(line, at);
    if (run !== open || INLINE_SYNTAX.test(before)) return null;
    const after = inlineValues(line.slice(at + run), true);
    if (after === null) return null;
    let words = countWords(before);
    for (const v of after.values) words += countWords(v);
    return { words, ticks: after.ticks };
  }
  // A table row's cells are read one by one, a paragraph's line whole: both readings must agree.
  const table = line.includes('|');
  let words = 0;
  let ticks = 0;
  for (const cell of table ? line.split('|') : [line]) {
    const read = inlineValues(cell, !table);
    if (read === null) return null;
    for (const v of read.values) words += countWords(v);
    ticks = read.ticks;
  }
  return { words, ticks };
}

/**
 * False when a bare URL or e-mail address (which GFM makes a link) could end or start inside a word, or swallow
 * link syntax: the parser's text nodes would then split words differently from this reader.
 */
function plainAutolinks(line: string): boolean {
  if (!/:\/\/|www\.|@/i.test(line)) return true;
  for (const token of withoutCode(line)
    .replace(/\]\([^\s()<>`\\]*\)/g, ']')
    .split(/\s+/)) {
    if (!/https?:\/\/|www\.|@/i.test(token)) continue;
    if (/[[\]`\\<&'’]/.test(token) || /[\p{L}\p{N}-](?:https?:\/\/|www\.)/iu.test(token)) return false;
    if (token.includes('@') && /[^\x00-\x7f]/.test(token)) return false;
  }
  return true;
}

/** `line` with its code spans (closed on the line) blanked out. */
function withoutCode(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; ) {
    if (line[i] !== '`') {
      out += line[i++];
      continue;
    }
    const run = backtickRun(line, i);
    const close = closingRun(line, i + run, run);
    if (close < 0) {
      out += line.slice(i, i + run);
      i += run;
      continue;
    }
    out += ' ';
    i = close + run;
  }
  return out;
}

const SPECIAL = /[`\\<&![\]]/g;
const PUNCTUATION = /[!-/:-@[-`{-~]/;
/** An inline link or image destination: no spaces, parentheses, title or escapes. */
const DESTINATION = /^\(([^\s()<>`\\]*)\)/;

/**
 * The values of a line's inline nodes (text, code, link text) as the parser gives them: markup characters
 * removed, link and image destinations dropped, images dropped (their alt text is not counted), escapes
 * resolved. Emphasis markers are left in (they break words either way). Null for a construct whose reading
 * needs more than this line: HTML, entities, reference links, unclosed brackets. `mayOpen`: a backtick run
 * that does not close on this line is left open (`ticks`) when the rest of the line is plain text.
 */
function inlineValues(line: string, mayOpen: boolean): { values: string[]; ticks: number } | null {
  const values: string[] = [];
  let ticks = 0;
  let text = '';
  let open = false;
  const flush = () => {
    if (text) values.push(text);
    text = '';
  };
  for (let i = 0; i < line.length; ) {
    const c = line[i];
    if (c === '`') {
      const run = backtickRun(line, i);
      const close = closingRun(line, i + run, run);
      if (close < 0) {
        // Might close on a later line: read on only if the rest of this line means the same either way.
        if (!mayOpen || /[[\]&<\\`]/.test(line.slice(i + run))) return null;
        text += line.slice(i);
        ticks = run;
        break;
      }
      let code = line.slice(i + run, close);
      if (code.length > 2 && code[0] === ' ' && code.at(-1) === ' ' && /[^ ]/.test(code))
        code = code.slice(1, -1);
      flush();
      values.push(code);
      i = close + run;
      continue;
    }
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) return null; // a hard line break
      text += PUNCTUATION.test(next) ? next : `\\${next}`;
      i += 2;
      continue;
    }
    if (c === '<' || c === '&') {
      if (/^[<&][\s\d=]/.test(line.slice(i, i + 2))) {
        text += c;
        i++;
        continue;
      }
      return null; // HTML, an autolink or an entity
    }
    if (c === '!' && line[i + 1] === '[') {
      const end = line.indexOf(']', i + 2);
      if (end < 0) return null;
      if (/[[`\\<&]/.test(line.slice(i + 2, end))) return null;
      const dest = DESTINATION.exec(line.slice(end + 1));
      if (!dest) return null;
      flush();
      i = end + 1 + dest[0].length;
      continue;
    }
    if (c === '[') {
      if (open) return null;
      open = true;
      flush();
      i++;
      continue;
    }
    if (c === ']') {
      if (!open) return null;
      open = false;
      const dest = DESTINATION.exec(line.slice(i + 1));
      if (!dest) return null; // a reference, footnote or task marker
      flush();
      i += 1 + dest[0].length;
      continue;
    }
    // Plain text up to the next character that may start markup.
    SPECIAL.lastIndex = i + 1;
    const next = SPECIAL.exec(line);
    const to = next ? next.index : line.length;
    text += line.slice(i, to);
    i = to;
  }
  if (open) return null;
  flush();
  return { values, ticks };
}

function backtickRun(s: string, i: number): number {
  let j = i;
  while (s[j] === '`') j++;
  return j - i;
}

/** Index of the next run of exactly `length` backticks from `from`, or -1. */
function closingRun(s: string, from: number, length: number): number {
  for (let i = from; i < s.length; ) {
    if (s[i] !== '`') {
      i++;
      continue;
    }
    const run = backtickRun(s, i);
    if (run === length) return i;
    i += run;
  }
  return -1;
}
