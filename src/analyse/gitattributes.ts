// Reads the Linguist overrides in `.gitattributes` files (linguist-vendored, -generated, -documentation,
// -detectable, -language) and answers, per path, which ones apply, with git's precedence.

import type { Snapshot } from '../snapshot/snapshot.ts';
import { compileGlob, compileNameGlob, type SplitPath, splitPath } from './glob.ts';
import { baseName, dirName } from './paths.ts';

export interface LinguistAttributes {
  vendored?: boolean;
  generated?: boolean;
  documentation?: boolean;
  detectable?: boolean;
  language?: string;
}

interface Rule {
  match: (path: SplitPath, nameStart: number) => boolean;
  attrs: LinguistAttributes;
}

const MAX_RULES = 2000;
const FLAGS = {
  'linguist-vendored': 'vendored',
  'linguist-generated': 'generated',
  'linguist-documentation': 'documentation',
  'linguist-detectable': 'detectable',
} as const;

function parseAttrs(tokens: string[]): LinguistAttributes | null {
  const attrs: LinguistAttributes = {};
  let any = false;
  for (const token of tokens) {
    const negated = token.startsWith('-');
    const unset = token.startsWith('!');
    const body = negated || unset ? token.slice(1) : token;
    const eq = body.indexOf('=');
    const name = (eq < 0 ? body : body.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? undefined : body.slice(eq + 1);
    if (name === 'linguist-language' && value && !negated && !unset) {
      attrs.language = value;
      any = true;
      continue;
    }
    const key = Object.hasOwn(FLAGS, name) ? FLAGS[name as keyof typeof FLAGS] : undefined;
    if (!key || unset) continue;
    attrs[key] = negated ? false : value === undefined ? true : !/^(false|0|no)$/i.test(value);
    any = true;
  }
  return any ? attrs : null;
}

/** A `.gitattributes` pattern of the file in `baseDir` as a matcher; null when it can match no file. Linear time (./glob.ts): a repository's pattern must not be able to hang the crawl. */
export function compileAttributePattern(pattern: string, baseDir: string): Rule['match'] | null {
  let p = pattern;
  if (p.startsWith('"') && p.endsWith('"') && p.length > 1) p = p.slice(1, -1);
  // A trailing slash names a directory, which git never gives attributes to.
  if (!p || p.endsWith('/') || p.startsWith('!')) return null;
  const prefix = baseDir ? `${baseDir}/` : '';
  // Without a slash the pattern matches the file name at any depth below the attributes file's folder.
  if (!p.includes('/')) {
    const test = compileNameGlob(p);
    if (!test) return null;
    return (path, nameStart) => path.path.startsWith(prefix) && test(path.path, nameStart);
  }
  const glob = compileGlob(p.replace(/^\//, ''));
  if (!glob) return null;
  const depth = baseDir ? baseDir.split('/').length : 0;
  return (path) => path.path.startsWith(prefix) && glob.testSplit(path, depth);
}

/** Compiles every `.gitattributes` the snapshot read into one matcher; deeper files win, later lines win. */
export function linguistAttributes(snapshot: Snapshot): (path: string) => LinguistAttributes {
  const files = [...snapshot.files.values()]
    .filter((f) => baseName(f.path) === '.gitattributes' && f.text && !f.binary)
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length || (a.path < b.path ? -1 : 1));
  const rules: Rule[] = [];
  for (const file of files) {
    const baseDir = dirName(file.path);
    for (const raw of file.text!.split('\n')) {
      if (rules.length >= MAX_RULES) break;
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const tokens = line.split(/\s+/);
      const attrs = parseAttrs(tokens.slice(1));
      if (!attrs) continue;
      // A glob that can match nothing (an unterminated class) is left out.
      const match = compileAttributePattern(tokens[0], baseDir);
      if (match) rules.push({ match, attrs });
    }
  }
  if (rules.length === 0) return () => ({});
  return (path) => {
    const split = splitPath(path);
    const nameStart = split.starts[split.starts.length - 1];
    const out: LinguistAttributes = {};
    for (const rule of rules) if (rule.match(split, nameStart)) Object.assign(out, rule.attrs);
    return out;
  };
}
