// Reads the Linguist overrides in `.gitattributes` files (linguist-vendored, -generated, -documentation,
// -detectable, -language) and answers, per path, which ones apply, with git's precedence.

import picomatch from 'picomatch';
import type { Snapshot } from '../snapshot/snapshot.ts';
import { baseName, dirName } from './paths.ts';

export interface LinguistAttributes {
  vendored?: boolean;
  generated?: boolean;
  documentation?: boolean;
  detectable?: boolean;
  language?: string;
}

interface Rule {
  match: (path: string) => boolean;
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

function compilePattern(pattern: string, baseDir: string): ((path: string) => boolean) | null {
  let p = pattern;
  if (p.startsWith('"') && p.endsWith('"') && p.length > 1) p = p.slice(1, -1);
  // A trailing slash names a directory, which git never gives attributes to.
  if (!p || p.endsWith('/') || p.startsWith('!')) return null;
  const prefix = baseDir ? `${baseDir}/` : '';
  if (!p.includes('/')) {
    const test = picomatch(p, { dot: true });
    return (path) => path.startsWith(prefix) && test(baseName(path));
  }
  const test = picomatch(prefix + p.replace(/^\//, ''), { dot: true });
  return (path) => test(path);
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
      try {
        const match = compilePattern(tokens[0], baseDir);
        if (match) rules.push({ match, attrs });
      } catch {
        // An unparsable glob is ignored, as git ignores it.
      }
    }
  }
  if (rules.length === 0) return () => ({});
  return (path) => {
    const out: LinguistAttributes = {};
    for (const rule of rules) if (rule.match(path)) Object.assign(out, rule.attrs);
    return out;
  };
}
