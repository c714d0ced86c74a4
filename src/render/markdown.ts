// Renders repository Markdown (READMEs, guides) to safe HTML: GitHub-flavoured, raw HTML dropped, relative
// links and images resolved, headings given ids, and the result sanitised (rehype-sanitize's GitHub schema),
// because every document is untrusted input. Unbounded on hostile input: call it in the render worker
// (src/render/pool.ts), never on a server's or crawl's main thread.

import type { Element, Root } from 'hast';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

/** Longest Markdown rendered; the rest is cut (callers cap documents sooner, with a note: DOCUMENT_BUDGET). */
const MAX_MARKDOWN_CHARS = 512 * 1024;

export interface RenderOptions {
  /** Path of the Markdown file in the repo, e.g. `docs/README.md`; relative links resolve against its folder. */
  path?: string;
  /** Resolves a repo path (already normalised, no leading slash) to a URL; `image` for <img src>. */
  resolve?: (repoPath: string, kind: 'link' | 'image') => string;
  /** Told each heading's level and text, in document order (the first one titles a document). */
  onHeading?: (depth: number, text: string) => void;
}

/** Renders Markdown to sanitised HTML. Never throws on odd input. */
export async function renderMarkdown(markdown: string, opts: RenderOptions = {}): Promise<string> {
  const text = markdown.length > MAX_MARKDOWN_CHARS ? markdown.slice(0, MAX_MARKDOWN_CHARS) : markdown;
  const file = await unified()
    .use(remarkParse)
    .use(remarkGfm)
    // No allowDangerousHtml: raw HTML in the Markdown is dropped, not passed through.
    .use(remarkRehype)
    .use(rehypeRewrite, opts)
    .use(rehypeSanitize, SCHEMA)
    .use(rehypeStringify)
    .process(text);
  return String(file);
}

const SCHEMA = {
  ...defaultSchema,
  // Only web and mail links; `javascript:`, `data:`, `vbscript:` and friends are removed.
  protocols: { href: ['http', 'https', 'mailto'], src: ['http', 'https'], cite: ['http', 'https'] },
  attributes: {
    ...defaultSchema.attributes,
    a: [...(defaultSchema.attributes?.a ?? []), 'rel'],
  },
};

/** Heading ids (GitHub-style slugs) and resolved relative links and images. */
function rehypeRewrite(opts: RenderOptions) {
  const baseDir = opts.path?.includes('/') ? opts.path.slice(0, opts.path.lastIndexOf('/')) : '';
  return (tree: Root) => {
    const slugs = new Map<string, number>();
    walk(tree, (el) => {
      if (/^h[1-6]$/.test(el.tagName)) {
        const text = textOf(el);
        opts.onHeading?.(Number(el.tagName[1]), text);
        const base = slugify(text);
        const n = slugs.get(base) ?? 0;
        slugs.set(base, n + 1);
        el.properties.id = n === 0 ? base : `${base}-${n}`;
      }
      if (el.tagName === 'a' && typeof el.properties.href === 'string') {
        const href = el.properties.href;
        if (href.startsWith('#')) {
          // The sanitiser prefixes ids with `user-content-`; point in-page links at the prefixed ids.
          el.properties.href = `#user-content-${decodeSafe(href.slice(1))}`;
        } else if (isRelative(href) && opts.resolve) {
          const resolved = resolvePath(baseDir, href);
          el.properties.href =
            resolved === null ? undefined : withHash(opts.resolve(resolved.path, 'link'), resolved);
        } else if (/^https?:/i.test(href)) {
          el.properties.rel = ['nofollow', 'noopener', 'noreferrer'];
        }
      }
      if (el.tagName === 'img' && typeof el.properties.src === 'string' && opts.resolve) {
        const src = el.properties.src;
        if (isRelative(src)) {
          const resolved = resolvePath(baseDir, src);
          el.properties.src = resolved === null ? undefined : opts.resolve(resolved.path, 'image');
        }
      }
    });
  };
}

function withHash(url: string, r: { hash: string }): string {
  return r.hash ? `${url}#${r.hash}` : url;
}

function walk(node: Root | Element, fn: (el: Element) => void): void {
  for (const child of node.children) {
    if (child.type === 'element') {
      fn(child);
      walk(child, fn);
    }
  }
}

function textOf(node: Element): string {
  let out = '';
  for (const child of node.children) {
    if (child.type === 'text') out += child.value;
    else if (child.type === 'element') out += textOf(child);
  }
  return out;
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
