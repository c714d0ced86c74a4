// Shared helpers for rule types: glob matching over known paths, finding documents (own or inherited), and a
// per-text cache of the parsed Markdown (headings, words) so several README rules parse it once. A plain text is
// read without the Markdown parser (src/render/quick-outline.ts); any other is parsed in a render worker under
// the document budget (src/render/pool.ts), or here when short (the parser module is then loaded on demand).

import picomatch from 'picomatch';
import type { DocFact, DocKind, RepoFacts } from '../../analyse/facts.ts';
import { renderPool, runJobSync } from '../../render/pool.ts';
import { type MarkdownOutline, normaliseHeading, quickOutline } from '../../render/quick-outline.ts';
import type { FileContent } from '../../snapshot/snapshot.ts';
import type { CheckSubject } from '../subject.ts';
import { isPlainMarkdown } from './plain-markdown.ts';
import type { Zod } from './rule-type.ts';

/** A string that must compile as a JavaScript regular expression (checked when the ruleset loads). */
export const regexSource = (z: Zod) =>
  z
    .string()
    .min(1)
    .superRefine((s, ctx) => {
      try {
        new RegExp(s);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
      }
    });

export const regexFlags = (z: Zod) =>
  z
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

export type ParsedMarkdown = MarkdownOutline;
export { normaliseHeading };

/** Thrown by `parseMarkdown` for a document over the parse budget; rules report "not evaluated, because …". */
export class MarkdownBudgetError extends Error {}

const parsed = new Map<string, ParsedMarkdown | MarkdownBudgetError>();
const MAX_CACHE = 64;
/** Markdown parsing is slow on huge texts (seconds per MB): only this much of a document is parsed. */
export const MAX_MARKDOWN_CHARS = 100_000;
/** Texts this short are parsed in this thread: too short for the parser's worst cases to cost anything. */
const IN_THREAD_CHARS = 1_000;
let plainInThread = false;

/**
 * `agora check DIR` only: parse documents that pass `isPlainMarkdown` in this thread too. Starting a render
 * worker costs a one-repo check more than parsing its README; anything not plain still goes to the worker.
 */
export function parsePlainMarkdownInThread(on: boolean): void {
  plainInThread = on;
}

function inThread(text: string): boolean {
  return text.length <= IN_THREAD_CHARS || (plainInThread && isPlainMarkdown(text));
}

/** The Markdown parser (markdown-it, ~200 KB of modules), once `prepareMarkdown` needed it; null until then. */
let parser: typeof import('../../render/outline.ts') | null = null;

/** The outline of a text that needs no parser, else null. */
function quick(text: string): ParsedMarkdown | null {
  return text.length <= MAX_MARKDOWN_CHARS ? quickOutline(text) : null;
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

/**
 * Parses Markdown once per distinct text (small LRU), returning headings and word counts. A text that is not
 * plain is parsed in a render worker under the document budget (unless `prepareMarkdown` did it already, or
 * loaded the parser for a short text); a text over budget throws MarkdownBudgetError, never hangs.
 */
export function parseMarkdown(text: string): ParsedMarkdown {
  let result = parsed.get(text) ?? quick(text);
  if (!result) {
    if (parser && inThread(text)) {
      result = parser.markdownOutline(text, MAX_MARKDOWN_CHARS);
    } else {
      const o = runJobSync<ParsedMarkdown>({ type: 'outline', text, maxChars: MAX_MARKDOWN_CHARS });
      result = o.ok ? o.value : budgetError(o.message);
    }
    remember(text, result);
  }
  if (result instanceof MarkdownBudgetError) throw result;
  return result;
}

/**
 * Readies texts for a synchronous evaluation, so `parseMarkdown` finds them parsed: plain ones are read here,
 * short ones get the parser loaded, the rest are parsed in the render pool.
 */
export async function prepareMarkdown(texts: Iterable<string | null | undefined>): Promise<void> {
  const pending: Promise<void>[] = [];
  for (const text of new Set(texts)) {
    if (!text || parsed.has(text)) continue;
    const outline = quick(text);
    if (outline) {
      remember(text, outline);
      continue;
    }
    if (inThread(text)) {
      parser ??= await import('../../render/outline.ts');
      continue;
    }
    pending.push(
      renderPool()
        .run<ParsedMarkdown>({ type: 'outline', text, maxChars: MAX_MARKDOWN_CHARS })
        .then((o) => remember(text, o.ok ? o.value : budgetError(o.message))),
    );
  }
  await Promise.all(pending);
}

/** Readies the Markdown a subject's rules read (its README); see `prepareMarkdown`. */
export function prepareSubjectMarkdown(subject: CheckSubject): Promise<void> {
  const readme = findDoc(subject, 'readme', false);
  return prepareMarkdown([readme?.file?.text, subject.facts.readme?.text]);
}

/**
 * Keeps an outline parsed elsewhere (the crawl's render of the README, src/render/documents.ts) for `text`,
 * as `parseMarkdown` would have parsed it, so the rules read it without parsing the text again.
 */
export function rememberParsedMarkdown(text: string, outline: ParsedMarkdown): void {
  if (!parsed.has(text)) remember(text, outline);
}

function budgetError(why: string): MarkdownBudgetError {
  return new MarkdownBudgetError(`too complex to parse (${why})`);
}

function remember(text: string, result: ParsedMarkdown | MarkdownBudgetError): void {
  if (parsed.size >= MAX_CACHE) parsed.delete(parsed.keys().next().value as string);
  parsed.set(text, result);
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
