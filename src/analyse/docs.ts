// Finds the community-health documents (README, CONTRIBUTING, templates, CODEOWNERS…) in the places
// GitHub and GitLab look for them, and picks the README whose text the portal shows.

import type { Snapshot, TreeEntry } from '../snapshot/snapshot.ts';
import type { DocFact, DocKind, Finding } from './facts.ts';
import { DOC_KINDS } from './facts.ts';
import { unreadReason } from './limits.ts';
import { baseName, dirName, docDirRank, extName, isSymlinkMode } from './paths.ts';

// Extensions that make `README.go` a source file rather than a document.
const CODE_EXT = new Set([
  'js',
  'mjs',
  'cjs',
  'ts',
  'tsx',
  'jsx',
  'go',
  'py',
  'rb',
  'java',
  'kt',
  'c',
  'h',
  'cc',
  'cpp',
  'cs',
  'php',
  'rs',
  'json',
  'yml',
  'yaml',
  'toml',
  'xml',
  'sh',
  'swift',
  'scala',
  'groovy',
  'pl',
  'lua',
  'sql',
  'css',
  'scss',
  'vue',
  'svelte',
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
]);

const NAMED_KINDS: [DocKind, RegExp][] = [
  ['readme', /^readme(?:[-_.][\w.-]*)?$/],
  ['contributing', /^contributing(?:[-_.][\w.-]*)?$/],
  ['communication', /^communication(?:[-_.][\w.-]*)?$/],
  ['code_of_conduct', /^code[-_]?of[-_]?conduct(?:[-_.][\w.-]*)?$/],
  ['security', /^security(?:[-_.][\w.-]*)?$/],
  ['support', /^support(?:[-_.][\w.-]*)?$/],
  ['changelog', /^(?:change[-_]?log|changes|history|releases|news)(?:[-_.][\w.-]*)?$/],
  ['license', /^(?:licen[cs]e|copying|unlicen[cs]e)(?:[-_.][\w.-]*)?$/],
  ['issue_template', /^issue[-_]template(?:\.[\w-]+)?$/],
  ['pr_template', /^(?:pull[-_]request|merge[-_]request)[-_]template(?:\.[\w-]+)?$/],
  ['codeowners', /^codeowners$/],
];

// Folders whose direct children are each one template.
const TEMPLATE_DIRS: [DocKind, RegExp][] = [
  ['issue_template', /^(?:\.github\/|docs\/)?issue_template$/],
  ['issue_template', /^\.gitlab\/issue_templates$/],
  ['pr_template', /^(?:\.github\/|docs\/)?pull_request_template$/],
  ['pr_template', /^\.gitlab\/merge_request_templates$/],
];

// Preferred README formats when a folder holds several.
const README_EXT_RANK = ['md', 'markdown', '', 'rst', 'adoc', 'asciidoc', 'txt', 'org'];

/** The document kind of a tree path, or null when it is not a community-health document. */
export function docKindOf(path: string): DocKind | null {
  const dir = dirName(path);
  // Documents are at most two folders deep (`.github/ISSUE_TEMPLATE/x.md`): reject the rest cheaply.
  if (dir.indexOf('/') !== dir.lastIndexOf('/')) return null;
  const lowerDir = dir.toLowerCase();
  const base = baseName(path).toLowerCase();
  if (/templates?$/.test(lowerDir)) {
    for (const [kind, re] of TEMPLATE_DIRS) {
      if (!re.test(lowerDir)) continue;
      if (base === 'config.yml' || base === 'config.yaml' || base.startsWith('.')) return null;
      return kind;
    }
  }
  if (docDirRank(path) < 0) return null;
  const ext = extName(base);
  if (ext && CODE_EXT.has(ext)) return null;
  for (const [kind, re] of NAMED_KINDS) if (re.test(base)) return kind;
  return null;
}

function preference(path: string): number {
  const rank = docDirRank(path);
  // Templates live in sub-folders: rank them by their parent folder.
  const dirRank = rank >= 0 ? rank : Math.max(0, docDirRank(dirName(path)));
  const extRank = README_EXT_RANK.indexOf(extName(path));
  return dirRank * 100 + (extRank < 0 ? 50 : extRank);
}

function comparePreferred(a: { path: string }, b: { path: string }): number {
  return preference(a.path) - preference(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

export interface DocsResult {
  docs: DocFact[];
  readme: { path: string; text: string; truncated: boolean } | null;
  findings: Finding[];
}

/** Lists the documents of a snapshot, preferred first within each kind, and reads the preferred README. */
export function analyseDocs(snapshot: Snapshot): DocsResult {
  const byKind = new Map<DocKind, TreeEntry[]>();
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob') continue;
    const kind = docKindOf(entry.path);
    if (!kind) continue;
    const list = byKind.get(kind) ?? [];
    list.push(entry);
    byKind.set(kind, list);
  }
  const docs: DocFact[] = [];
  for (const kind of DOC_KINDS) {
    const list = byKind.get(kind);
    if (!list) continue;
    list.sort(comparePreferred);
    for (const e of list) docs.push({ kind, path: e.path, size: e.size ?? 0 });
  }
  const findings: Finding[] = [];
  const readme = pickReadme(snapshot, byKind.get('readme') ?? [], findings);
  return { docs, readme, findings };
}

function pickReadme(snapshot: Snapshot, candidates: TreeEntry[], findings: Finding[]): DocsResult['readme'] {
  // Only a README in the root, `.github` or `docs` describes the repository; `.gitlab/README` is not shown.
  const eligible = candidates.filter((e) => docDirRank(e.path) <= 2);
  for (const entry of eligible) {
    // A symlink has content only when the snapshot followed it to a file of the repository.
    const file = snapshot.files.get(entry.path);
    if (!file || file.binary || file.text === null) continue;
    return { path: entry.path, text: file.text, truncated: file.truncated };
  }
  const first = eligible[0];
  if (!first) return null;
  const file = snapshot.files.get(first.path);
  const why = isSymlinkMode(first.mode)
    ? 'is a symbolic link that does not lead to a file of the repository; not followed'
    : `not read: ${unreadReason(first, file)}`;
  findings.push({
    code: 'README_UNREADABLE',
    severity: 'warning',
    message: `README ${why}`,
    path: first.path,
  });
  return { path: first.path, text: '', truncated: file?.truncated ?? false };
}
