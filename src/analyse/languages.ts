// Bytes per language from the tree's blob sizes, with GitHub Linguist's data: vendored, generated and
// documentation paths are left out, and only programming and markup languages count, as on GitHub.

import type { Snapshot } from '../snapshot/snapshot.ts';
import type { LanguageFact } from './facts.ts';
import { linguistAttributes } from './gitattributes.ts';
import LINGUIST from './linguist-data.json' with { type: 'json' };
import type { LinguistTable } from './linguist-data.ts';
import { baseName, isSymlinkMode } from './paths.ts';
import { isDocumentationPath, isGeneratedPath, isVendoredForLanguages } from './vendor.ts';

export type LanguageType = 'programming' | 'markup' | 'data' | 'prose';

export interface Language {
  name: string;
  type: LanguageType;
}

// Extensions several languages claim, settled by what a typical company repository holds (Linguist
// settles them by content heuristics, which would need every blob read). null: not counted at all.
const EXTENSION_OVERRIDES: Record<string, string | null> = {
  '.h': 'C',
  '.m': 'Objective-C',
  '.mm': 'Objective-C++',
  '.pl': 'Perl',
  '.pm': 'Perl',
  '.t': 'Perl',
  '.cs': 'C#',
  '.fs': 'F#',
  '.md': 'Markdown',
  '.sql': 'SQL',
  '.php': 'PHP',
  '.r': 'R',
  '.rs': 'Rust',
  '.v': 'Verilog',
  '.ml': 'OCaml',
  '.d': 'D',
  '.cls': 'Apex',
  '.yaml': 'YAML',
  '.yml': 'YAML',
  '.json': 'JSON',
  '.txt': 'Text',
  '.cfg': 'INI',
  '.html': 'HTML',
  '.asm': 'Assembly',
  '.s': 'Unix Assembly',
  '.l': 'Lex',
  '.cl': 'OpenCL',
  '.lisp': 'Common Lisp',
  '.ex': 'Elixir',
  '.es': 'JavaScript',
  '.cake': 'C#',
  '.gs': 'JavaScript',
  '.frag': 'GLSL',
  '.spec': 'RPM Spec',
  '.properties': 'Java Properties',
  '.plist': 'XML Property List',
  '.tpl': 'Smarty',
  '.re': 'Reason',
  '.hh': 'C++',
  '.cp': 'C++',
  '.as': 'ActionScript',
  '.bb': 'BitBake',
  '.sch': 'Scheme',
  '.pp': 'Puppet',
  '.rpy': 'Python',
  '.sol': 'Solidity',
  '.sc': 'Scala',
  '.pro': 'QMake',
  '.inc': 'PHP',
  '.mod': null,
  '.asc': 'AsciiDoc',
  '.sls': 'Salt',
  '.cgi': 'Shell',
  '.fcgi': 'Shell',
  '.bas': 'Visual Basic 6.0',
  '.frm': 'Visual Basic 6.0',
  '.lean': 'Lean 4',
  '.nu': 'Nushell',
};

const TYPE_RANK: Record<string, number> = { programming: 0, markup: 1, data: 2, prose: 3 };

// Built once per process from Linguist's ~800 languages (linguist-data.json, generated from `linguist-languages`).
const BY_FILENAME = new Map<string, Language>();
const BY_EXTENSION = new Map<string, Language | null>();
const BY_NAME = new Map<string, Language>();
buildMaps();

function buildMaps(): void {
  const entries = (LINGUIST as LinguistTable).languages;
  const claims = new Map<string, { lang: Language; primary: boolean }[]>();
  for (const e of entries) {
    if (!e || typeof e.name !== 'string') continue;
    const lang: Language = { name: e.name, type: e.type as LanguageType };
    BY_NAME.set(e.name.toLowerCase(), lang);
    for (const alias of e.aliases ?? [])
      if (!BY_NAME.has(alias.toLowerCase())) BY_NAME.set(alias.toLowerCase(), lang);
    for (const f of e.filenames ?? []) if (!BY_FILENAME.has(f)) BY_FILENAME.set(f, lang);
    (e.extensions ?? []).forEach((ext, i) => {
      const key = ext.toLowerCase();
      const list = claims.get(key) ?? [];
      list.push({ lang, primary: i === 0 });
      claims.set(key, list);
    });
  }
  for (const [ext, list] of claims) {
    if (ext in EXTENSION_OVERRIDES) {
      const name = EXTENSION_OVERRIDES[ext];
      BY_EXTENSION.set(ext, name === null ? null : (BY_NAME.get(name.toLowerCase()) ?? list[0].lang));
      continue;
    }
    // Otherwise: the language whose main extension it is, then programming before markup, data, prose.
    list.sort(
      (a, b) =>
        Number(b.primary) - Number(a.primary) ||
        TYPE_RANK[a.lang.type] - TYPE_RANK[b.lang.type] ||
        (a.lang.name < b.lang.name ? -1 : 1),
    );
    BY_EXTENSION.set(ext, list[0].lang);
  }
}

/** A language by its Linguist name or alias, case-insensitive (as `linguist-language=` names it). */
export function languageByName(name: string): Language | null {
  return BY_NAME.get(name.toLowerCase()) ?? BY_NAME.get(name.toLowerCase().replace(/-/g, ' ')) ?? null;
}

/** The language of a path from its file name, else its longest known extension; null when unknown. */
export function languageOf(path: string): Language | null {
  const base = baseName(path);
  const byName = BY_FILENAME.get(base);
  if (byName) return byName;
  const lower = base.toLowerCase();
  for (let i = lower.indexOf('.', 1); i > 0; i = lower.indexOf('.', i + 1)) {
    const ext = lower.slice(i);
    if (BY_EXTENSION.has(ext)) return BY_EXTENSION.get(ext) ?? null;
  }
  return null;
}

export interface LanguagesResult {
  languages: LanguageFact[];
  primaryLanguage: string | null;
}

/** Bytes and files per language, largest first; the primary language is the largest. */
export function analyseLanguages(snapshot: Snapshot): LanguagesResult {
  const attrsOf = linguistAttributes(snapshot);
  const totals = new Map<string, LanguageFact>();
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob' || isSymlinkMode(entry.mode) || entry.size === null) continue;
    const attrs = attrsOf(entry.path);
    // The language first (a table lookup): a file that would not count is never tried against the vendor and
    // documentation expressions, whose first use costs a one-repo check more than the rest of this loop.
    const lang = (attrs.language ? languageByName(attrs.language) : null) ?? languageOf(entry.path);
    if (!lang) continue;
    const counted = attrs.detectable ?? (lang.type === 'programming' || lang.type === 'markup');
    if (!counted) continue;
    if (attrs.vendored ?? isVendoredForLanguages(entry.path)) continue;
    if (attrs.generated ?? isGeneratedPath(entry.path)) continue;
    if (attrs.documentation ?? isDocumentationPath(entry.path)) continue;
    const fact = totals.get(lang.name) ?? { language: lang.name, bytes: 0, files: 0 };
    fact.bytes += entry.size;
    fact.files += 1;
    totals.set(lang.name, fact);
  }
  const languages = [...totals.values()].sort(
    (a, b) => b.bytes - a.bytes || b.files - a.files || (a.language < b.language ? -1 : 1),
  );
  return { languages, primaryLanguage: languages[0]?.language ?? null };
}
