// A project's one-line description, the same in the portal, the exports and the CLI (`agora repos`, `agora
// show`): innersource.json `motivation`, catalog-info `metadata.description`, the forge's, the root manifest's
// (package.json, pyproject.toml, Cargo.toml, pom.xml, composer.json, a gemspec…), then the README's first real
// paragraph (badges, headings, HTML, code and install or usage sections skipped), then a nested manifest's.

import type { RepoFacts } from './facts.ts';

/** Descriptions are shown on tiles: longer ones are cut at a word boundary near this many characters. */
const MAX_CHARS = 200;

/**
 * Only this much of a README paragraph's Markdown is made plain: ample for MAX_CHARS of text, and it keeps the
 * inline-syntax regexes cheap (they run on the server's event loop when the catalogue is built; a 20 KB
 * paragraph of `[a](` cost 300 ms there).
 */
export const MAX_PARAGRAPH_CHARS = 4_000;

/**
 * The description to show: innersource.json `motivation` (a sentence about the project, where `title` is only a
 * display name), else catalog-info's, else the forge's, else the root manifest's, else the README's first real
 * paragraph, else a manifest's in a folder (the shallowest); null when none.
 */
export function describeProject(forge: string | null, facts: Partial<RepoFacts> | null): string | null {
  const f = facts ?? {};
  // A manifest at the root describes the repo; one in a folder describes that package (a workspace member, a
  // tool, an example: axum's root Cargo.toml is a workspace, and `axum-core/` says "Core types and traits for
  // axum"), so the README's own words come first and such a one is the last resort.
  const manifest = f.manifestDescription ?? null;
  const atRoot = manifest !== null && !manifest.path.includes('/');
  for (const candidate of [
    f.innersource?.motivation,
    f.catalog?.description,
    forge,
    atRoot ? manifest.text : null,
    f.readme ? firstParagraph(f.readme.text) : null,
    atRoot ? null : manifest?.text,
  ]) {
    if (typeof candidate !== 'string') continue;
    const text = candidate.replace(/\s+/g, ' ').trim();
    if (text.length > 0) return trimTo(text, MAX_CHARS);
  }
  return null;
}

/**
 * Sections whose prose is instructions, not a description of the project ("## Installation", "## Parameters").
 * Compared with the heading's words, lower-cased.
 */
const BOILERPLATE_SECTION =
  /^(install(ation|ing)?|setup|set up|getting started|quick ?start|usage|how to use|use|parameters|arguments|inputs|outputs|options|configuration|config|api|reference|example(s)?|requirements|prerequisites|dependencies|build(ing)?|develop(ment|ing)?|running|run|test(s|ing)?|contribut(e|ing|ors?)|license|licence|licensing|changelog|changes|release notes|credits|authors?|maintainers?|support|faq|security|sponsors?|backers?|badges|status|table of contents|contents|toc|notes?|known issues|troubleshooting)\b/;

/** Sections whose prose describes the project, wherever they are. */
const DESCRIPTIVE_SECTION =
  /^(about|description|overview|introduction|intro|summary|what is|what it does|why|motivation|background|purpose)\b/;

/**
 * A paragraph as a description: null when it only tells how to install or run something ("$ npm install x",
 * "Install with npm:"); a paragraph whose last sentence leads into code keeps the sentences before it.
 */
function asDescription(text: string): string | null {
  if (/:\s*$/.test(text)) {
    const end = text.lastIndexOf('. ');
    if (end < 0) return null;
    return asDescription(text.slice(0, end + 1));
  }
  return isInstructions(text) || isPointer(text) ? null : text;
}

/**
 * A short paragraph that only sends the reader elsewhere ("See the project website for documentation and APIs."
 * — okhttp; "More information about this crate can be found in the crate documentation." — axum).
 */
function isPointer(text: string): boolean {
  if (text.length > 200) return false;
  return (
    /^(please )?(see|visit|check out|refer to|head (over )?to|go to)\b/i.test(text) ||
    /^(more|further|additional)? ?(information|info|details|documentation|docs)\b[^.]{0,100}\b(can be found|is available|are available|lives|live)\b/i.test(
      text,
    )
  );
}

/** A paragraph that tells how to install or run something. */
function isInstructions(text: string): boolean {
  return (
    /^(\$\s|npm |yarn |pnpm |pip |go get |cargo |gem |composer |brew |docker )/i.test(text) ||
    /^(to )?(install|run|build|use)\b.{0,80}\b(with|using|via|run|npm|pip|yarn)\b/i.test(text) ||
    /^this is a [\w.\s-]*module available through the\s/i.test(text)
  );
}

/**
 * The first real paragraph of Markdown prose: no heading, badge line, HTML block, code, table, list or quote,
 * nothing under an install/usage/parameters-like heading, and no paragraph that only leads into instructions.
 */
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
  // Where a description may be: before the first section (under the title), or in a section named like one.
  let section: 'title' | 'descriptive' | 'other' = 'title';
  let sectionSeen = false;
  let inList = false;
  let inNote = false;
  let para: string[] = [];
  const heading = (text: string, depth: number) => {
    const words = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    // A sentence-like sub-heading under the title is a tagline (`### Convert a file: URI to a file path`).
    const tagline = !sectionSeen && words.split(' ').length >= 4;
    // The title is the project's name, whatever it is ("api", "notes").
    if (depth === 1 && !sectionSeen) section = 'title';
    else if (BOILERPLATE_SECTION.test(words)) section = 'other';
    else if (tagline) section = 'title';
    else if (DESCRIPTIVE_SECTION.test(words)) section = 'descriptive';
    else section = 'other';
    if ((depth > 1 && !tagline) || section === 'other') sectionSeen = true;
  };
  const finish = (): string | null => {
    const lines = para;
    para = [];
    if (lines.length === 0 || section === 'other') return null;
    const text = plain(lines.join(' ').slice(0, MAX_PARAGRAPH_CHARS));
    return text.length > 0 ? asDescription(text) : null;
  };
  for (; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    const fenceMatch = /^(```|~~~)/.exec(t);
    if (fence) {
      if (fenceMatch && t.startsWith(fence)) fence = null;
      continue;
    }
    if (fenceMatch) {
      const done = finish();
      if (done) return done;
      fence = fenceMatch[1];
      continue;
    }
    if (inHtml) {
      if (t === '') inHtml = false;
      continue;
    }
    if (t === '') {
      inNote = false;
      const done = finish();
      if (done) return done;
      continue;
    }
    // Lines of a list item (its continuation lines are indented) are not prose.
    if (/^([-*+]|\d+[.)])\s/.test(t)) inList = true;
    else if (/^\s/.test(line) && inList && para.length === 0) continue;
    else inList = false;
    // A quote under the title is often the tagline (`> Terminal string styling done right`); elsewhere a note.
    const quote = /^>\s?(.*)$/.exec(t);
    if (quote && para.length === 0 && /^(\*\*|\[!)?(note|warning|tip|important|caution)\b/i.test(quote[1])) {
      inNote = true;
    }
    if (quote && inNote) continue;
    if (quote && section === 'title' && !sectionSeen) {
      if (quote[1].trim()) para.push(quote[1].trim());
      continue;
    }
    const atx = /^(#{1,6})(\s+(.*?))?\s*#*\s*$/.exec(t);
    if (atx) {
      const done = finish();
      if (done) return done;
      heading(atx[3] ?? '', atx[1].length);
      continue;
    }
    if (/^<[a-z!/]/i.test(t)) {
      const done = finish();
      if (done) return done;
      inHtml = true;
      continue;
    }
    if (para.length === 0) {
      // A line followed by a setext underline is a heading.
      const under = lines[i + 1]?.trim() ?? '';
      if (/^(=+|-+)$/.test(under) && !/^([-*+]|\d+[.)])\s/.test(t)) {
        heading(t, under.startsWith('=') ? 1 : 2);
        i++;
        continue;
      }
      const skip =
        /^(=+|-+)$/.test(t) || // stray underline
        /^[-*_]{3,}$/.test(t) || // rule
        /^([-*+]|\d+[.)])\s/.test(t) || // list
        /^>/.test(t) || // quote
        /^\[[^\]]+\]:\s*\S/.test(t) || // link reference definition
        /^\|/.test(t) || // table
        /^ {4,}|^\t/.test(line) || // indented code
        isBadgeLine(t);
      if (skip) continue;
    } else if (/^([-*+]|\d+[.)])\s/.test(t)) {
      const done = finish();
      if (done) return done;
      continue;
    }
    para.push(t);
  }
  return finish();
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
  // A destination ends at "(" as at ")": one short scan per "[" of `[a]([a](…`, not one to the end of the text.
  return s
    .replace(/!\[([^\]]*)\]\([^()]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^()]*\)/g, '$1')
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
