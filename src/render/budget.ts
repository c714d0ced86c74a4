// The budget every repository document is rendered and parsed under, and the shapes rendered documents are
// stored and served in. A document over budget is never an error: it gets a plain-text fallback and a finding.

/** Limits on one document's Markdown work (render or parse), enforced by the worker pool. */
export const DOCUMENT_BUDGET = {
  /** Characters of a document rendered; the rest is cut at a line end, with a visible note and a finding. */
  maxChars: 256 * 1024,
  /**
   * Wall-clock time one render or parse may take before its worker is terminated: ten times what a 256 KB
   * README takes on an idle core, so a busy crawl host does not turn ordinary documents into plain text.
   */
  timeMs: 4_000,
  /** Old-generation heap of a render worker; exceeding it ends the worker, not the process. */
  memoryMb: 256,
  /** Wall-clock time all documents of one repository may take together; later ones fall back to plain text. */
  repoTimeMs: 15_000,
  /** Documents rendered per repository (READMEs, guides, and Markdown files the README links to). */
  maxDocuments: 24,
  /** Characters of a document shown as plain text when it could not be rendered. */
  fallbackChars: 64 * 1024,
} as const;

/**
 * The time budget of one render or parse: DOCUMENT_BUDGET.timeMs, or `AGORA_RENDER_TIME_MS` (10–60 000) when set
 * (tests of over-budget documents use less, so each does not wait 4 s for its worker to be ended, and a test of
 * the time budget itself gives a heavy document a few milliseconds: markdown-it has no slow input to wait for).
 */
export function renderTimeMs(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.AGORA_RENDER_TIME_MS?.trim();
  const ms = text ? Number(text) : Number.NaN;
  return Number.isInteger(ms) && ms >= 10 && ms <= 60_000 ? ms : DOCUMENT_BUDGET.timeMs;
}

export type DocumentStatus = 'rendered' | 'fallback';

/** One rendered document of a repository, as stored (table `repo_documents`) and served. */
export interface RenderedDocument {
  /** Repository-relative path of the source file. */
  path: string;
  /** The document kind (`readme`, `contributing`, …), or `linked` for a Markdown file the README links to. */
  kind: string;
  /** The first heading, else the file name. */
  title: string;
  /** Sanitised HTML (with a visible note when truncated or shown as plain text). */
  html: string;
  /** True when only the first part of the source was rendered. */
  truncated: boolean;
  /** `fallback` when the document was over budget and is shown as escaped plain text. */
  status: DocumentStatus;
  /** Size of the source in bytes. */
  sourceSize: number;
}

/** Where a document's links go: the prefixes each URL is built from (serialisable, so a worker can use it). */
export interface DocumentLinks {
  /** Prefix of a repo file's source URL (the forge's blob URL, or the portal's file route); a path follows. */
  fileBase: string;
  /** Prefix of a stored image's URL; a path follows. */
  imageBase: string;
  /** Prefix of the portal page of a rendered document; a path follows. */
  docBase: string;
  /** Paths rendered as documents of the same repo: links to them go to the portal page, not the source. */
  documents: string[];
}
