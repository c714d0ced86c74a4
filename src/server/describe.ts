// A project's one-line description when the forge gives none (local repos): innersource.json `motivation`, then
// catalog-info `metadata.description`, then the README's first paragraph as plain text.

import type { RepoFacts } from '../analyse/facts.ts';

/** Descriptions are shown on tiles: longer ones are cut at a word boundary near this many characters. */
const MAX_CHARS = 200;

/**
 * The description to show: the forge's, else innersource.json `motivation` (a sentence about the project, where
 * `title` is only a display name), else catalog-info's, else the README's first paragraph; null when none.
 */
export function describeProject(forge: string | null, facts: Partial<RepoFacts>): string | null {
  for (const candidate of [
    forge,
    facts.innersource?.motivation,
    facts.catalog?.description,
    facts.readme ? firstParagraph(facts.readme.text) : null,
  ]) {
    if (typeof candidate !== 'string') continue;
    const text = candidate.replace(/\s+/g, ' ').trim();
    if (text.length > 0) return trimTo(text, MAX_CHARS);
  }
  return null;
}

/** The first paragraph of Markdown prose: no heading, badge line, HTML block, code, table, list or quote. */
export function firstParagraph(markdown: string): string | null {
  const lines = markdown.slice(0, 20_000).replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  // YAML front matter.
  if (lines[0]?.trim() === '---') {
    const end = lines.indexOf('---', 1);
    if (end > 0) i = end + 1;
  }
  let fence: string | null = null;
  let inHtml = false;
  const para: string[] = [];
  for (; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    const fenceMatch = /^(```|~~~)/.exec(t);
    if (fence) {
      if (fenceMatch && t.startsWith(fence)) fence = null;
      continue;
    }
    if (fenceMatch) {
      if (para.length) break;
      fence = fenceMatch[1];
      continue;
    }
    if (inHtml) {
      if (t === '') inHtml = false;
      continue;
    }
    if (t === '') {
      if (para.length) break;
      continue;
    }
    if (para.length === 0) {
      const skip =
        /^#{1,6}(\s|$)/.test(t) || // heading
        /^(=+|-+)$/.test(t) || // setext underline
        /^[-*_]{3,}$/.test(t) || // rule
        /^([-*+]|\d+[.)])\s/.test(t) || // list
        /^>/.test(t) || // quote
        /^\|/.test(t) || // table
        /^ {4,}|^\t/.test(line) || // indented code
        isBadgeLine(t);
      if (/^<[a-z!/]/i.test(t)) {
        inHtml = true;
        continue;
      }
      if (skip) continue;
      // A line followed by a setext underline is a heading.
      if (/^(=+|-+)$/.test(lines[i + 1]?.trim() ?? '')) {
        i++;
        continue;
      }
    } else if (/^#{1,6}\s|^<[a-z!/]|^([-*+]|\d+[.)])\s/i.test(t)) break;
    para.push(t);
  }
  if (para.length === 0) return null;
  const text = plain(para.join(' '));
  return text.length > 0 ? text : null;
}

/** A line of only images and links (shields.io badges and the like). */
function isBadgeLine(t: string): boolean {
  const rest = t
    .replace(/\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[!\[[^\]]*\]\[[^\]]*\]\]\[[^\]]*\]/g, '')
    .trim();
  return rest.length === 0 && t.length > 0;
}

/** Markdown inline syntax to plain text. */
function plain(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]*>/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s.,;:!?)]|$)/g, '$1$2')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function trimTo(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
}
