// Renders a repository's documents (README, CONTRIBUTING, CODE_OF_CONDUCT, SECURITY, SUPPORT, changelog, and
// the Markdown files the README links to that the snapshot kept) to stored HTML, under DOCUMENT_BUDGET: each
// document in the render pool, cut to a size cap with a visible note, and a document over budget shown as
// escaped plain text with a finding. Used by the crawl (all of a repo's documents) and by the server (one
// document of a repo stored before documents were rendered at crawl time).

import type { Finding, RepoFacts } from '../analyse/facts.ts';
import { DOCUMENT_BUDGET, type DocumentLinks, type RenderedDocument } from './budget.ts';
import { type DocumentRepo, documentLinks } from './links.ts';
import type { MarkdownOutline } from './outline.ts';
import { type JobOutcome, renderPool } from './pool.ts';
import type { RenderJobResult } from './worker.ts';

/** Document kinds rendered in the portal (templates, licences and CODEOWNERS are not prose to read). */
export const RENDERED_KINDS: ReadonlySet<string> = new Set([
  'readme',
  'contributing',
  'communication',
  'code_of_conduct',
  'security',
  'support',
  'changelog',
]);

/** A document's source: its text as stored (already capped by the snapshot when `truncated`). */
export interface DocumentSource {
  path: string;
  kind: string;
  text: string;
  /** Full size of the file in bytes. */
  size: number;
  truncated: boolean;
}

/** A stored text file, as the snapshot or the store holds it. */
export interface StoredText {
  path: string;
  size: number;
  text: string | null;
  binary: boolean;
  truncated: boolean;
}

/** True for a file rendered as Markdown (an extensionless file too); others are shown in a code block. */
export function isMarkdownDocument(path: string): boolean {
  return (
    /\.(md|markdown|mdown|mkdn|mkd)$/i.test(path) || !path.slice(path.lastIndexOf('/') + 1).includes('.')
  );
}

/** The documents of a repo worth rendering, in order: the README shown on the project page first. */
export function documentCandidates(
  facts: Pick<RepoFacts, 'docs' | 'readme'>,
  files: ReadonlyMap<string, StoredText>,
): DocumentSource[] {
  const out: DocumentSource[] = [];
  const seen = new Set<string>();
  const add = (path: string, kind: string) => {
    if (seen.has(path)) return;
    const source = sourceOf(path, kind, facts, files);
    if (!source) return;
    seen.add(path);
    out.push(source);
  };
  if (facts.readme) add(facts.readme.path, 'readme');
  for (const d of facts.docs ?? []) {
    if (RENDERED_KINDS.has(d.kind) && !d.inherited) add(d.path, d.kind);
  }
  return out;
}

/** A document's source text from the stored files (the README also from the facts), or null when unreadable. */
export function sourceOf(
  path: string,
  kind: string,
  facts: Pick<RepoFacts, 'readme'>,
  files: ReadonlyMap<string, StoredText>,
): DocumentSource | null {
  const file = files.get(path);
  if (file?.binary) return null;
  if (file && file.text !== null) {
    return { path, kind, text: file.text, size: file.size, truncated: file.truncated };
  }
  const readme = facts.readme;
  if (readme && readme.path === path && readme.text) {
    return {
      path,
      kind,
      text: readme.text,
      size: file?.size ?? Buffer.byteLength(readme.text),
      truncated: readme.truncated,
    };
  }
  return null;
}

/**
 * Renders every document of a repository (at most DOCUMENT_BUDGET.maxDocuments, within its per-repo time),
 * plus the stored Markdown files its README links to. Never throws for a document: over budget is a finding.
 * With `readmeOutlineMaxChars`, a README rendered whole also gives its outline (`readmeOutline`), from the
 * same parse: the standards rules read it instead of parsing the README a second time.
 */
export async function renderRepoDocuments(
  repo: DocumentRepo,
  facts: Pick<RepoFacts, 'docs' | 'readme'>,
  files: ReadonlyMap<string, StoredText>,
  opts: { readmeOutlineMaxChars?: number } = {},
): Promise<{
  documents: RenderedDocument[];
  findings: Finding[];
  readmeOutline: { text: string; outline: MarkdownOutline } | null;
}> {
  let readmeOutline: { text: string; outline: MarkdownOutline } | null = null;
  const findings: Finding[] = [];
  const documents: RenderedDocument[] = [];
  const candidates = documentCandidates(facts, files);
  // Markdown files the README may link to: rendered when it does, so its links can point at them.
  const linkable = new Set(candidates.map((c) => c.path));
  for (const [path, f] of files) {
    if (!f.binary && f.text !== null && /\.(md|markdown)$/i.test(path)) linkable.add(path);
  }
  const deadline = performance.now() + DOCUMENT_BUDGET.repoTimeMs;
  const queue = [...candidates];
  let links = documentLinks(repo, linkable);
  while (queue.length > 0) {
    const source = queue.shift()!;
    if (documents.length >= DOCUMENT_BUDGET.maxDocuments) {
      findings.push({
        code: 'DOCUMENTS_CAPPED',
        severity: 'info',
        message: `only the first ${DOCUMENT_BUDGET.maxDocuments} documents are rendered; ${queue.length + 1} more are not`,
      });
      break;
    }
    const outOfTime = performance.now() > deadline;
    const isReadme = documents.length === 0 && source.kind === 'readme';
    const done = await renderDocument(
      source,
      links,
      outOfTime,
      isReadme ? opts.readmeOutlineMaxChars : undefined,
    );
    const { document, linked, outline } = done;
    documents.push(document);
    findings.push(...done.findings);
    if (outline) readmeOutline = { text: source.text, outline };
    if (isReadme) {
      // Of the README's relative links, those to stored Markdown files become documents too; the rest of
      // the documents link to exactly what was rendered.
      const rendered = new Set(candidates.map((c) => c.path));
      for (const path of linked) {
        const file = files.get(path);
        if (rendered.has(path) || !file || !/\.(md|markdown)$/i.test(path)) continue;
        const extra = sourceOf(path, 'linked', facts, files);
        if (extra) {
          queue.push(extra);
          rendered.add(path);
        }
      }
      links = documentLinks(repo, rendered);
    }
  }
  return { documents, findings, readmeOutline };
}

/** One document rendered: `overBudget` when it was shown as plain text because of the budget (not an error). */
export interface RenderOutcome {
  document: RenderedDocument;
  findings: Finding[];
  /** Repository paths its relative links point at. */
  linked: string[];
  overBudget: boolean;
  /** Its Markdown outline from the render's parse, when asked for and the whole source was rendered. */
  outline?: MarkdownOutline;
}

/**
 * Renders one document under the budget: cut to the size cap (with a note), rendered in the pool, and shown
 * as escaped plain text with a finding when it is over budget (or when `skip` says the repo's time is spent).
 */
export async function renderDocument(
  source: DocumentSource,
  links: DocumentLinks,
  skip = false,
  /** Also the outline of a source of at most this many characters (none of a cut one: not what a rule reads). */
  outlineMaxChars?: number,
): Promise<RenderOutcome> {
  const findings: Finding[] = [];
  const { text, cut } = capText(source.text, DOCUMENT_BUDGET.maxChars);
  const truncated = cut || source.truncated;
  const notes: string[] = [];
  if (truncated) {
    const shown = humanSize(Buffer.byteLength(text));
    const message = `${source.path} is ${humanSize(source.size)}; only the first ${shown} is shown`;
    findings.push({ code: 'DOCUMENT_TRUNCATED', severity: 'info', path: source.path, message });
    notes.push(
      note('truncated', `This document is ${humanSize(source.size)}; only the first ${shown} is shown.`),
    );
  }
  const outcome: JobOutcome<RenderJobResult['render']> = skip
    ? {
        ok: false,
        reason: 'time',
        message: `the repository's ${DOCUMENT_BUDGET.repoTimeMs / 1000} s render budget was spent`,
        ms: 0,
      }
    : await renderPool().run<RenderJobResult['render']>({
        type: 'render',
        text,
        path: source.path,
        markdown: isMarkdownDocument(source.path),
        links,
        outlineMaxChars: cut ? undefined : outlineMaxChars,
      });
  const title = fileName(source.path);
  if (outcome.ok) {
    return {
      document: {
        path: source.path,
        kind: source.kind,
        title: outcome.value.title ?? title,
        html: outcome.value.html + notes.join(''),
        truncated,
        status: 'rendered',
        sourceSize: source.size,
      },
      findings,
      linked: outcome.value.links,
      overBudget: false,
      outline: outcome.value.outline,
    };
  }
  findings.push({
    // Over the budget is the document's doing; a render that failed otherwise (a worker that cannot start) is not.
    code: outcome.reason === 'error' ? 'DOCUMENT_NOT_RENDERED' : 'DOCUMENT_TOO_COMPLEX',
    severity: 'warning',
    path: source.path,
    message: `${source.path} could not be rendered (${outcome.message}); it is shown as plain text`,
  });
  const plain = capText(source.text, DOCUMENT_BUDGET.fallbackChars);
  const html =
    note(
      'fallback',
      `This document is too complex to render (${outcome.message}); it is shown as plain text.`,
    ) +
    `<pre class="document-plain">${escapeHtml(plain.text)}</pre>` +
    (plain.cut
      ? note('truncated', `Only the first ${humanSize(Buffer.byteLength(plain.text))} is shown.`)
      : '');
  return {
    document: {
      path: source.path,
      kind: source.kind,
      title,
      html,
      truncated: truncated || plain.cut,
      status: 'fallback',
      sourceSize: source.size,
    },
    findings,
    linked: [],
    overBudget: outcome.reason !== 'error',
  };
}

/** Cuts a text to at most `max` characters, at a line end when there is one in the last quarter. */
export function capText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  const nl = text.lastIndexOf('\n', max);
  return { text: text.slice(0, nl > max * 0.75 ? nl : max), cut: true };
}

function note(kind: string, text: string): string {
  return `<p class="document-note" data-note="${kind}">${escapeHtml(text)}</p>`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
