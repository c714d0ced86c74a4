// Shared helpers for rule types: glob matching over known paths, finding documents (own or inherited), and a
// per-text cache of the parsed Markdown (headings, links, words) so several README rules parse it once.

import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import picomatch from 'picomatch';
import { z } from 'zod';
import type { DocFact, DocKind, RepoFacts } from '../../analyse/facts.ts';
import type { FileContent } from '../../snapshot/snapshot.ts';
import type { CheckSubject } from '../subject.ts';

/** A string that must compile as a JavaScript regular expression (checked when the ruleset loads). */
export const regexSource = z
  .string()
  .min(1)
  .superRefine((s, ctx) => {
    try {
      new RegExp(s);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
    }
  });

export const regexFlags = z
  .string()
  .regex(/^[gimsuy]*$/, 'regex flags may only be g, i, m, s, u, y')
  .optional();

const matchers = new Map<string, (path: string) => boolean>();

/** A case-insensitive glob matcher (dotfiles included), cached by pattern. */
export function globMatcher(pattern: string): (path: string) => boolean {
  let m = matchers.get(pattern);
  if (!m) {
    m = picomatch(pattern, { nocase: true, dot: true });
    matchers.set(pattern, m);
  }
  return m;
}

/** True when the path matches any of the globs. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  for (const g of globs) if (globMatcher(g)(path)) return true;
  return false;
}

/** The paths known for a subject: the whole tree when known, else the stored files and documents. */
export function knownPaths(subject: CheckSubject): { paths: string[]; complete: boolean } {
  if (subject.paths) return { paths: subject.paths, complete: true };
  const set = new Set<string>(subject.files.keys());
  for (const d of subject.facts.docs) set.add(d.path);
  return { paths: [...set], complete: false };
}

/** The own documents of a kind, preferred first (docs never inherited here). */
export function ownDocs(facts: RepoFacts, kind: DocKind): DocFact[] {
  return facts.docs.filter((d) => d.kind === kind && !d.inherited);
}

export interface FoundDoc {
  doc: DocFact;
  file: FileContent | undefined;
  inherited: boolean;
}

/** The preferred document of a kind: the repo's own, else the organisation's (`inherit`), else null. */
export function findDoc(subject: CheckSubject, kind: DocKind, inherit = true): FoundDoc | null {
  const own = ownDocs(subject.facts, kind)[0];
  if (own) return { doc: own, file: subject.files.get(own.path), inherited: false };
  if (!inherit || kind === 'license' || !subject.inherited) return null;
  const org = subject.inherited.facts.docs.find((d) => d.kind === kind);
  if (!org) return null;
  return { doc: { ...org, inherited: true }, file: subject.inherited.files.get(org.path), inherited: true };
}

export interface ParsedMarkdown {
  headings: { depth: number; text: string; norm: string }[];
  links: { url: string; text: string }[];
  /** Words outside the first top-level heading. */
  bodyWords: number;
  paragraphs: number;
}

const parsed = new Map<string, ParsedMarkdown>();
const MAX_CACHE = 64;
/** Markdown parsing is slow on huge texts (seconds per MB): only this much of a document is parsed. */
export const MAX_MARKDOWN_CHARS = 100_000;

/** Lower-case words only: emoji, punctuation and numbering stripped, so `## 🤝 2. Contributing!` is `contributing`. */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b\d+\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** True when a normalised heading equals a synonym or contains it as whole words. */
export function headingMatches(norm: string, synonyms: readonly string[]): boolean {
  for (const s of synonyms) {
    const syn = normaliseHeading(s);
    if (!syn) continue;
    if (norm === syn || ` ${norm} `.includes(` ${syn} `)) return true;
  }
  return false;
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

/** Parses Markdown once per distinct text (small LRU), returning headings, links and word counts. */
export function parseMarkdown(text: string): ParsedMarkdown {
  const hit = parsed.get(text);
  if (hit) return hit;
  let source = text;
  if (source.length > MAX_MARKDOWN_CHARS) {
    const cut = source.lastIndexOf('\n', MAX_MARKDOWN_CHARS);
    source = source.slice(0, cut > 0 ? cut : MAX_MARKDOWN_CHARS);
  }
  let tree: Root;
  try {
    tree = fromMarkdown(source, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  } catch {
    tree = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: source }] }] };
  }
  const result: ParsedMarkdown = { headings: [], links: [], bodyWords: 0, paragraphs: 0 };
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
  if (parsed.size >= MAX_CACHE) parsed.delete(parsed.keys().next().value as string);
  parsed.set(text, result);
  return result;
}

/** True when a file looks like Markdown (or has no extension), so its headings are meaningful. */
export function isMarkdownPath(path: string): boolean {
  return /\.(md|markdown|mdown|mkd)$/i.test(path) || !/\.[a-z0-9]+$/i.test(path.split('/').pop() ?? '');
}

/** Human size, e.g. `104.9 MB`. */
export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return `${(n / 1_000_000_000).toFixed(1)} GB`;
}
