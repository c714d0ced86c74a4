// The XML and TOML parsers of the manifest readers, loaded on demand. Together they are ~220 KB of code that
// every `agora check` used to compile and evaluate even for a repo without a pom.xml or Cargo.toml. Analysers
// are synchronous, so an async caller loads the parsers its tree needs first (`loadParsersFor`); the crawl
// and the tests import ./all-parsers.ts (through analyse/index.ts), which registers both up front.

import type { TomlTable } from 'smol-toml';
import { baseName, dirName } from '../paths.ts';

export type ParserName = 'xml' | 'toml';
type Parse = (text: string) => unknown;

const loaded: Partial<Record<ParserName, Parse>> = {};

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
  constructor(name: ParserName) {
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

/** Loads the parsers the manifests among `paths` need (and only those). */
export async function loadParsersFor(paths: Iterable<string>): Promise<void> {
  const needed = new Set<ParserName>();
  for (const path of paths) {
    const name = parserFor(path);
    if (name && !loaded[name]) needed.add(name);
  }
  for (const name of needed) {
    if (name === 'xml') loaded.xml = (await import('./xml-parser.ts')).parseXmlDocument;
    else loaded.toml = (await import('smol-toml')).parse;
  }
}
