// Ruby: a *.gemspec's `name` publishes and its add_*dependency calls consume; a Gemfile's `gem` lines
// consume, scoped by the `group` block they sit in. Both are Ruby programs, read by pattern.

import type { PackageFact } from '../facts.ts';
import { ManifestCollector, type ManifestInput, type ManifestResult } from './common.ts';

const STR = `["']([^"'\\n]+)["']`;
const GEMSPEC_NAME = new RegExp(`^\\s*\\w+\\.name\\s*=\\s*${STR}`, 'm');
const GEMSPEC_VERSION = new RegExp(`^\\s*\\w+\\.version\\s*=\\s*${STR}`, 'm');
const GEMSPEC_SUMMARY = new RegExp(`^\\s*\\w+\\.(summary|description)\\s*=\\s*${STR}`, 'gm');
const GEMSPEC_DEP = new RegExp(
  `\\.add_(runtime_|development_)?dependency\\s*\\(?\\s*${STR}(?:\\s*,\\s*${STR})?`,
  'g',
);

/** Reads one *.gemspec. */
export function readGemspec(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('rubygems', input.path);
  const name = GEMSPEC_NAME.exec(input.text)?.[1];
  // `summary` is the gem's one line; `description` the longer text.
  const texts = [...input.text.matchAll(GEMSPEC_SUMMARY)];
  out.describe((texts.find((m) => m[1] === 'summary') ?? texts[0])?.[2]);
  if (name) out.publishes(name, GEMSPEC_VERSION.exec(input.text)?.[1]);
  else out.problem('no `spec.name = "…"` found');
  for (const m of input.text.matchAll(GEMSPEC_DEP)) {
    out.consumes(m[2], m[3], m[1] === 'development_' ? 'dev' : 'runtime');
  }
  return out.result();
}

function scopeOfGroups(groups: string): PackageFact['scope'] {
  if (/\btest\b/.test(groups)) return 'test';
  if (/\b(development|dev|lint)\b/.test(groups)) return 'dev';
  return 'runtime';
}

/** Reads one Gemfile. */
export function readGemfile(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('rubygems', input.path);
  const stack: (PackageFact['scope'] | null)[] = [];
  for (const raw of input.text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const group = /^group\s+(.+?)\s+do\b/.exec(line);
    if (group) {
      stack.push(scopeOfGroups(group[1]));
      continue;
    }
    // Other blocks (platforms, source, git) nest too; track them so `end` pops the right one.
    if (/\bdo(\s*\|[^|]*\|)?$/.test(line)) {
      stack.push(null);
      continue;
    }
    if (line === 'end') {
      stack.pop();
      continue;
    }
    const gem = new RegExp(`^gem\\s*\\(?\\s*${STR}(?:\\s*,\\s*${STR})?(.*)$`).exec(line);
    if (!gem) continue;
    let scope: PackageFact['scope'] = 'runtime';
    for (const s of stack) if (s) scope = s;
    const inline = /\bgroups?:\s*(\[[^\]]*\]|:\w+)/.exec(gem[3] ?? '');
    if (inline) scope = scopeOfGroups(inline[1]);
    const version = gem[2] && /^[~<>=!\d]/.test(gem[2].trim()) ? gem[2] : undefined;
    out.consumes(gem[1], version, scope);
  }
  return out.result();
}
