// The outline of a Markdown document that standards rules read: headings, links and word counts, from the
// Markdown AST. Parsing is unbounded on hostile input (quadratic in places): run it in the render worker.

import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';

export interface MarkdownOutline {
  headings: { depth: number; text: string; norm: string }[];
  links: { url: string; text: string }[];
  /** Words outside the first top-level heading. */
  bodyWords: number;
  paragraphs: number;
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

function nodeText(node: unknown): string {
  const n = node as { value?: string; children?: unknown[] };
  if (typeof n.value === 'string') return n.value;
  if (Array.isArray(n.children)) return n.children.map(nodeText).join('');
  return '';
}

function countWords(text: string): number {
  const m = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu);
  return m ? m.length : 0;
}

/** Parses Markdown (GFM) into its outline; `maxChars` of it are parsed, the rest only has its words counted. */
export function markdownOutline(text: string, maxChars: number): MarkdownOutline {
  let source = text;
  if (source.length > maxChars) {
    const cut = source.lastIndexOf('\n', maxChars);
    source = source.slice(0, cut > 0 ? cut : maxChars);
  }
  let tree: Root;
  try {
    tree = fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  } catch {
    tree = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: source }] }] };
  }
  const result: MarkdownOutline = { headings: [], links: [], bodyWords: 0, paragraphs: 0 };
  let skippedTitle = false;
  const visit = (node: { type: string; children?: unknown[]; url?: string; depth?: number }): void => {
    if (node.type === 'heading') {
      const t = nodeText(node);
      result.headings.push({ depth: node.depth ?? 1, text: t.trim(), norm: normaliseHeading(t) });
      if (!skippedTitle && node.depth === 1) {
        skippedTitle = true;
        return;
      }
      result.bodyWords += countWords(t);
      return;
    }
    if (node.type === 'link' || node.type === 'definition') {
      result.links.push({ url: node.url ?? '', text: nodeText(node) });
    }
    if (node.type === 'paragraph') result.paragraphs++;
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') {
      result.bodyWords += countWords((node as unknown as { value: string }).value);
      return;
    }
    for (const c of node.children ?? []) visit(c as typeof node);
  };
  visit(tree as unknown as { type: string; children?: unknown[] });
  // Beyond the parsed part, words still count (a cheap scan).
  if (source.length < text.length) result.bodyWords += countWords(text.slice(source.length));
  // Autolinked bare URLs in plain text (when not Markdown links) still name a channel.
  for (const m of source.matchAll(/\bhttps?:\/\/[^\s)<>\]]+/g)) result.links.push({ url: m[0], text: '' });
  for (const m of source.matchAll(/\bmailto:[^\s)<>\]]+/g)) result.links.push({ url: m[0], text: '' });
  return result;
}
