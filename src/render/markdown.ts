// Renders repository Markdown (READMEs, guides) to safe HTML: GitHub-flavoured (parser.ts), raw HTML dropped,
// relative links and images resolved, headings given ids, and the result sanitised (sanitize-html, with an
// allowlist modelled on GitHub's), because every document is untrusted input. Call it in the render worker
// (src/render/pool.ts), never on a server's or crawl's main thread: its time is bounded there.

import sanitizeHtml from 'sanitize-html';
import { inlineText, type MarkdownToken, markdownParser } from './parser.ts';

/** Longest Markdown rendered; the rest is cut (callers cap documents sooner, with a note: DOCUMENT_BUDGET). */
const MAX_MARKDOWN_CHARS = 512 * 1024;
/**
 * Most text a document's HTML may carry (text and attribute values; tags come on top). Ordinary Markdown
 * renders to a few times its size; a link reference defined once with a long URL and used 50,000 times turns
 * 256 KB into 100 MB of HTML. Over it, the document is refused before any HTML is written.
 */
export const MAX_HTML_TEXT_CHARS = 4 * 1024 * 1024;

export interface RenderOptions {
  /** Path of the Markdown file in the repo, e.g. `docs/README.md`; relative links resolve against its folder. */
  path?: string;
  /** Resolves a repo path (already normalised, no leading slash) to a URL; `image` for <img src>. */
  resolve?: (repoPath: string, kind: 'link' | 'image') => string;
  /** Told each heading's level and text, in document order (the first one titles a document). */
  onHeading?: (depth: number, text: string) => void;
  /** Given the token stream as parsed (GFM), before it becomes HTML: read it, never change it. */
  onTokens?: (tokens: MarkdownToken[]) => void;
}

/** Renders Markdown to sanitised HTML. Never throws on odd input. */
export async function renderMarkdown(markdown: string, opts: RenderOptions = {}): Promise<string> {
  const text = markdown.length > MAX_MARKDOWN_CHARS ? markdown.slice(0, MAX_MARKDOWN_CHARS) : markdown;
  const md = renderer();
  const env = {};
  const tokens = md.parse(text, env);
  opts.onTokens?.(tokens);
  rewrite(tokens, opts);
  const size = textSize(tokens);
  if (size > MAX_HTML_TEXT_CHARS) {
    throw new Error(
      `its HTML would carry ${Math.round(size / 1024 / 1024)} MB of text, over the ${MAX_HTML_TEXT_CHARS / 1024 / 1024} MB budget`,
    );
  }
  return sanitizeHtml(md.renderer.render(tokens, md.options, env), SANITIZE);
}

let rulesInstalled = false;

/** The shared parser with this renderer's rules installed (once): raw HTML dropped, checkboxes drawn. */
function renderer(): ReturnType<typeof markdownParser> {
  const md = markdownParser();
  if (rulesInstalled) return md;
  // No raw HTML passes: blocks and inline tags in the Markdown are dropped, not escaped (as GitHub shows them).
  md.renderer.rules.html_block = () => '';
  md.renderer.rules.html_inline = () => '';
  // GFM's strikethrough element.
  md.renderer.rules.s_open = () => '<del>';
  md.renderer.rules.s_close = () => '</del>';
  md.renderer.rules.task_checkbox = (tokens: MarkdownToken[], idx: number) =>
    `<input type="checkbox" disabled${tokens[idx].meta?.checked ? ' checked' : ''}> `;
  rulesInstalled = true;
  return md;
}

/** Every id in a document is prefixed (as GitHub does), so a heading cannot clobber a portal element's id. */
const ID_PREFIX = 'user-content-';

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'kbd', 'samp'],
    ...['a', 'img', 'ul', 'ol', 'li', 'em', 'strong', 'del', 's', 'sup', 'sub', 'section', 'span', 'div'],
    ...['table', 'thead', 'tbody', 'tr', 'th', 'td', 'input', 'dl', 'dt', 'dd'],
  ],
  allowedAttributes: {
    '*': ['id'],
    a: ['href', 'rel', 'aria-describedby', 'aria-label'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['align'],
    td: ['align'],
    input: ['type', 'checked', 'disabled'],
  },
  allowedClasses: {
    code: ['language-*'],
    ul: ['contains-task-list'],
    ol: ['contains-task-list', 'footnotes-list'],
    li: ['task-list-item', 'footnote-item'],
    hr: ['footnotes-sep'],
    section: ['footnotes'],
    sup: ['footnote-ref'],
    a: ['footnote-backref'],
  },
  // Only web and mail links; `javascript:`, `data:`, `vbscript:` and friends are removed.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    '*': (tagName, attribs) => {
      if (attribs.id && !attribs.id.startsWith(ID_PREFIX)) attribs.id = ID_PREFIX + attribs.id;
      const href = attribs.href;
      if (href?.startsWith('#') && !href.startsWith(`#${ID_PREFIX}`)) {
        attribs.href = `#${ID_PREFIX}${decodeSafe(href.slice(1))}`;
      }
      // The only inputs are the task-list checkboxes drawn above; anything else is not an input.
      if (tagName === 'input') return { tagName, attribs: { ...attribs, type: 'checkbox', disabled: '' } };
      return { tagName, attribs };
    },
  },
};

/** Heading ids (GitHub-style slugs), resolved relative links and images, `align` for table cells. */
function rewrite(tokens: MarkdownToken[], opts: RenderOptions): void {
  const baseDir = opts.path?.includes('/') ? opts.path.slice(0, opts.path.lastIndexOf('/')) : '';
  const slugs = new Map<string, number>();
  const visit = (list: MarkdownToken[]) => {
    for (let i = 0; i < list.length; i++) {
      const t = list[i];
      if (t.type === 'heading_open') {
        const text = inlineText(list[i + 1]);
        opts.onHeading?.(Number(t.tag[1]), text);
        const base = slugify(text);
        const n = slugs.get(base) ?? 0;
        slugs.set(base, n + 1);
        t.attrSet('id', n === 0 ? base : `${base}-${n}`);
      } else if (t.type === 'link_open') {
        const href = attr(t, 'href');
        if (href === null) continue;
        if (isRelative(href) && opts.resolve) {
          const resolved = resolvePath(baseDir, href);
          setOrDrop(t, 'href', resolved && withHash(opts.resolve(resolved.path, 'link'), resolved));
        } else if (/^https?:/i.test(href)) {
          t.attrSet('rel', 'nofollow noopener noreferrer');
        } else if (!/^mailto:/i.test(href) && !href.startsWith('#')) {
          // Any other scheme (`javascript:`, `data:`, …): the link text stays, the link goes (as on GitHub).
          setOrDrop(t, 'href', null);
        }
      } else if (t.type === 'image') {
        const src = attr(t, 'src');
        if (src !== null && isRelative(src) && opts.resolve) {
          const resolved = resolvePath(baseDir, src);
          setOrDrop(t, 'src', resolved && opts.resolve(resolved.path, 'image'));
        } else if (src !== null && !isRelative(src) && !/^https?:/i.test(src)) {
          setOrDrop(t, 'src', null);
        }
      } else if (t.type === 'th_open' || t.type === 'td_open') {
        // markdown-it aligns with a style attribute; no style survives sanitising, so say it as GFM does.
        const align = /text-align:\s*(left|right|center)/.exec(attr(t, 'style') ?? '');
        t.attrs = align ? [['align', align[1]]] : null;
      }
      if (t.children) visit(t.children);
    }
  };
  visit(tokens);
}

/** Characters of text and attribute values the tokens render to (a lower bound on the HTML's length). */
function textSize(tokens: MarkdownToken[]): number {
  let n = 0;
  for (const t of tokens) {
    // An inline token's content is its source; what renders is its children.
    n += t.children ? textSize(t.children) : t.content.length;
    for (const [, v] of t.attrs ?? []) n += String(v).length;
  }
  return n;
}

function attr(t: MarkdownToken, name: string): string | null {
  const v = t.attrGet(name);
  return v === null ? null : String(v);
}

function setOrDrop(t: MarkdownToken, name: string, value: string | null): void {
  if (value === null) t.attrs = (t.attrs ?? []).filter(([k]) => k !== name);
  else t.attrSet(name, value);
}

function withHash(url: string, r: { hash: string }): string {
  return r.hash ? `${url}#${r.hash}` : url;
}

/** GitHub's heading slug: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function isRelative(url: string): boolean {
  return url.length > 0 && !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//') && !url.startsWith('#');
}

/** Resolves `href` against the Markdown file's folder; null when it climbs out of the repo. */
function resolvePath(baseDir: string, href: string): { path: string; hash: string } | null {
  const hashAt = href.indexOf('#');
  const hash = hashAt >= 0 ? href.slice(hashAt + 1) : '';
  let path = hashAt >= 0 ? href.slice(0, hashAt) : href;
  const queryAt = path.indexOf('?');
  if (queryAt >= 0) path = path.slice(0, queryAt);
  path = decodeSafe(path);
  const parts = path.startsWith('/') ? [] : baseDir.split('/').filter(Boolean);
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return { path: parts.join('/'), hash };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
