// The XML and TOML parsers of the manifest readers, loaded on demand. Together they are ~220 KB of code that
// every `agora check` used to compile and evaluate even for a repo without a pom.xml or Cargo.toml. Analysers
// are synchronous, so an async caller loads the parsers its tree needs first (`loadParsersFor`); the crawl
// and the tests import ./all-parsers.ts (through analyse/index.ts), which registers both up front.
// The same holds for the library a descriptor reader uses: yaml (catalog-info.yaml, 260 KB), which a check of
// a tree without that file never loads (the descriptors' fields are checked without a schema library:
// ../field-check.ts).

import type { TomlTable } from 'smol-toml';
import type * as Yaml from 'yaml';
import { baseName, dirName } from '../paths.ts';

export type ParserName = 'xml' | 'toml';
type Parse = (text: string) => unknown;

const loaded: Partial<Record<ParserName, Parse>> = {};

/** Libraries the descriptor readers take from here rather than importing them. */
export interface Libraries {
  yaml: typeof Yaml;
}
export type LibraryName = keyof Libraries;

const libraries: Partial<Libraries> = {};

/** Makes libraries available to the readers (./all-parsers.ts does it for both, statically). */
export function registerLibraries(libs: Partial<Libraries>): void {
  Object.assign(libraries, libs);
}

/** A loaded library; throws (a bug of the caller) when `loadParsersFor` was not given the file needing it. */
export function library<K extends LibraryName>(name: K): Libraries[K] {
  const lib = libraries[name];
  if (!lib) throw new ParserNotLoadedError(name);
  return lib as Libraries[K];
}

/** The libraries a descriptor at `path` needs (by file name). */
export function librariesFor(path: string): LibraryName[] {
  const base = baseName(path).toLowerCase();
  if (base === 'catalog-info.yaml' || base === 'catalog-info.yml') return ['yaml'];
  return [];
}

/** Makes parsers available to the readers (./all-parsers.ts does it for both, statically). */
export function registerParsers(parsers: Partial<Record<ParserName, Parse>>): void {
  Object.assign(loaded, parsers);
}

/** True when the readers can use this parser now. */
export function isParserLoaded(name: ParserName): boolean {
  return loaded[name] !== undefined;
}

/** Parses with a loaded parser; throws (a bug of the caller, never the manifest's fault) when it was not loaded. */
export function parseWith(name: ParserName, text: string): unknown {
  const parse = loaded[name];
  if (!parse) throw new ParserNotLoadedError(name);
  return parse(text);
}

export class ParserNotLoadedError extends Error {
  constructor(name: ParserName | LibraryName) {
    super(`the ${name.toUpperCase()} parser was not loaded (loadParsersFor)`);
  }
}

/** Parses a TOML document with the loaded parser (smol-toml). */
export function parseToml(text: string): TomlTable {
  return parseWith('toml', text) as TomlTable;
}

/** The parser a manifest at `path` needs, if any (by file name: one test per path). */
export function parserFor(path: string): ParserName | null {
  const base = baseName(path);
  if (base === 'pom.xml' || base === 'packages.config' || /\.(cs|fs|vb)proj$/i.test(base)) return 'xml';
  if (base === 'Cargo.toml' || base === 'pyproject.toml' || base === 'Pipfile') return 'toml';
  if (base === 'libs.versions.toml' && dirName(path).endsWith('gradle')) return 'toml';
  return null;
}

/** Loads the parsers and libraries the manifests and descriptors among `paths` need (and only those). */
export async function loadParsersFor(paths: Iterable<string>): Promise<void> {
  const needed = new Set<ParserName>();
  const libs = new Set<LibraryName>();
  for (const path of paths) {
    const name = parserFor(path);
    if (name && !loaded[name]) needed.add(name);
    for (const lib of librariesFor(path)) if (!libraries[lib]) libs.add(lib);
  }
  for (const name of needed) {
    if (name === 'xml') loaded.xml = (await import('./xml-parser.ts')).parseXmlDocument;
    else loaded.toml = (await import('smol-toml')).parse;
  }
  if (libs.has('yaml')) libraries.yaml = await import('yaml');
}
