// The one Markdown parser of Agora: markdown-it (14: the 15.0 package ships a transpiled build whose token
// objects are built through defineProperty helpers, ~25% slower to parse, measured on real READMEs) set up for GitHub-flavoured Markdown (tables, strikethrough,
// autolink literals, task lists, footnotes), raw HTML recognised (so it is neither shown nor counted) but never
// passed through. The renderer (markdown.ts) turns its tokens into HTML and the outline (outline.ts) reads the
// same tokens, so a document rendered whole is parsed once. markdown-it is linear on the hostile shapes that made
// the previous parser (micromark) take seconds to minutes; documents still run in the render worker under
// DOCUMENT_BUDGET, because a parser is never trusted with untrusted input on a caller's thread.

import MarkdownIt, {
  type Options,
  type MarkdownIt as Parser,
  type PluginSimple,
  type StateCore,
  type Token,
} from 'markdown-it';
import footnote from 'markdown-it-footnote';

export type MarkdownToken = Token;

/** Containers nested deeper than this are read as text (GitHub's own limit is of the same order). */
const MAX_NESTING = 64;

let parser: Parser | null = null;

/** The shared GFM parser (made on first use). */
export function markdownParser(): Parser {
  if (parser) return parser;
  const md = new MarkdownIt('default', { html: true, linkify: true, typographer: false });
  // A runtime option its type declarations leave out.
  md.set({ maxNesting: MAX_NESTING } as Options);
  // Every destination parses as a link (`[x](javascript:…)` is a link, not text, as on GitHub); the renderer
  // keeps only web, mail and repo-relative ones, and the sanitiser checks again.
  md.validateLink = () => true;
  // GFM autolinks `www.` and `http(s)://` literals and e-mail addresses, not bare domain names.
  md.linkify.set({ fuzzyLink: false, fuzzyIP: false });
  // Its declarations name markdown-it's CommonJS types; the plugin is the same function either way.
  md.use(footnote as unknown as PluginSimple);
  // `^[inline notes]` are not GFM, and the plugin reads them in quadratic time (`[]^` × 16,000: 13 s).
  md.inline.ruler.disable('footnote_inline');
  md.core.ruler.after('inline', 'gfm_www', wwwLinks);
  md.core.ruler.after('inline', 'task_lists', taskLists);
  parser = md;
  return md;
}

/** Parses Markdown into markdown-it's token stream (block tokens; inline ones as `children`). */
export function parseTokens(text: string, env: Record<string, unknown> = {}): MarkdownToken[] {
  return markdownParser().parse(text, env);
}

/** The text of an inline token's children, as a reader sees it (code spans included, images and HTML not). */
export function inlineText(inline: MarkdownToken | undefined): string {
  let out = '';
  for (const c of inline?.children ?? []) {
    if (c.type === 'text' || c.type === 'code_inline') out += c.content;
    else if (c.type === 'softbreak' || c.type === 'hardbreak') out += '\n';
  }
  return out;
}

/**
 * `www.example.com` becomes a link as on GitHub: linkify-it is told not to guess bare domains (so `agora.yaml`
 * stays text), which also stops `www.` literals; those are linked here, with `http://` as GFM does.
 */
function wwwLinks(state: StateCore): void {
  const Token = state.Token;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children || !block.content.includes('www.')) continue;
    const out: MarkdownToken[] = [];
    let inLink = 0;
    for (const t of block.children) {
      if (t.type === 'link_open') inLink++;
      if (t.type === 'link_close') inLink--;
      if (t.type !== 'text' || inLink > 0 || !t.content.includes('www.')) {
        out.push(t);
        continue;
      }
      const re = /(^|[\s*_~(])(www\.[\w-]+(?:\.[\w-]+)+(?:[/?#][^\s<]*)?)/g;
      let last = 0;
      for (let m = re.exec(t.content); m; m = re.exec(t.content)) {
        let url = m[2];
        // Trailing punctuation ends the sentence, not the link (GFM's rule).
        const trail = /[?!.,:*_~'")]+$/.exec(url);
        if (trail) url = url.slice(0, -trail[0].length);
        const at = m.index + m[1].length;
        if (at > last) out.push(textToken(Token, t.content.slice(last, at), t.level));
        const open = new Token('link_open', 'a', 1);
        open.attrs = [['href', `http://${url}`]];
        open.markup = 'linkify';
        open.info = 'auto';
        out.push(open, textToken(Token, url, t.level + 1));
        const close = new Token('link_close', 'a', -1);
        close.markup = 'linkify';
        close.info = 'auto';
        out.push(close);
        last = at + url.length;
      }
      if (last === 0) out.push(t);
      else if (last < t.content.length) out.push(textToken(Token, t.content.slice(last), t.level));
    }
    block.children = out;
  }
}

function textToken(Token: StateCore['Token'], content: string, level: number): MarkdownToken {
  const t = new Token('text', '', 0);
  t.content = content;
  t.level = level;
  return t;
}

/** `- [ ] todo` / `- [x] done`: the marker becomes a disabled checkbox (token `task_checkbox`), as on GitHub. */
function taskLists(state: StateCore): void {
  const tokens = state.tokens;
  for (let i = 2; i < tokens.length; i++) {
    const inline = tokens[i];
    if (inline.type !== 'inline' || tokens[i - 1].type !== 'paragraph_open') continue;
    if (tokens[i - 2].type !== 'list_item_open') continue;
    const first = inline.children?.[0];
    const m = first?.type === 'text' ? /^\[([ xX])\](?=\s|$)\s*/.exec(first.content) : null;
    if (!first || !m) continue;
    first.content = first.content.slice(m[0].length);
    const box = new state.Token('task_checkbox', 'input', 0);
    box.meta = { checked: m[1] !== ' ' };
    inline.children!.unshift(box);
    tokens[i - 2].attrJoin('class', 'task-list-item');
    // The list holding it.
    for (let j = i - 3; j >= 0; j--) {
      if (
        (tokens[j].type === 'bullet_list_open' || tokens[j].type === 'ordered_list_open') &&
        tokens[j].level === tokens[i - 2].level - 1
      ) {
        if (!tokens[j].attrGet('class')) tokens[j].attrSet('class', 'contains-task-list');
        break;
      }
    }
  }
}
