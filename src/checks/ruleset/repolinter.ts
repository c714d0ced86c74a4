// Imports a repolinter (v2) ruleset: maps file-existence, file-not-exists, file-contents, file-not-contents,
// directory-existence and license-detectable-by-licensee to Agora rule types and lists what it could not map.

import type { RuleEntry, RulesetFile } from './schema.ts';

interface RepolinterRule {
  level?: string;
  rule?: { type?: string; options?: Record<string, unknown> };
  where?: string[];
}

/** True for data shaped like a repolinter ruleset: `rules` is an object keyed by rule name (Agora's is a list). */
export function isRepolinterRuleset(
  data: unknown,
): data is { rules: Record<string, unknown>; version?: number } {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.rules === 'object' && d.rules !== null && !Array.isArray(d.rules);
}

function strings(v: unknown): string[] | null {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return null;
}

const LEVELS: Record<string, RuleEntry['level']> = {
  error: 'error',
  warning: 'warning',
  off: 'off',
  info: 'info',
};

/** Converts a repolinter ruleset; `unmapped` names each rule left out and why. */
export function convertRepolinter(data: { rules: Record<string, unknown> }): {
  ruleset: Partial<RulesetFile>;
  unmapped: { id: string; reason: string }[];
} {
  const rules: RuleEntry[] = [];
  const unmapped: { id: string; reason: string }[] = [];
  for (const [name, raw] of Object.entries(data.rules)) {
    const id = name.replace(/[^a-z0-9._-]/gi, '-');
    const r = raw as RepolinterRule;
    const type = r?.rule?.type;
    const o = r?.rule?.options ?? {};
    if (!type) {
      unmapped.push({ id, reason: 'not a repolinter v2 rule (no rule.type)' });
      continue;
    }
    const level = LEVELS[r.level ?? 'error'];
    if (!level) {
      unmapped.push({ id, reason: `unknown level "${r.level}"` });
      continue;
    }
    const languages: string[] = [];
    const badWhere: string[] = [];
    for (const w of r.where ?? []) {
      const m = /^language=(.+)$/i.exec(w);
      if (m) languages.push(m[1]);
      else badWhere.push(w);
    }
    if (badWhere.length > 0) {
      unmapped.push({
        id,
        reason: `condition ${badWhere.join(', ')} has no Agora equivalent (only language= is mapped)`,
      });
      continue;
    }
    const globs = strings(o.globsAny) ?? strings(o.globsAll) ?? strings(o.files);
    let check: RuleEntry['check'] | null = null;
    let why = '';
    switch (type) {
      case 'file-existence':
        if (globs) check = { type: 'file-exists', paths: globs, inherit: false, dirs: o.dirs === true };
        why = `repolinter: a ${o.dirs === true ? 'file or folder' : 'file'} matching ${globs?.join(', ')} must exist.`;
        break;
      case 'file-not-exists':
        if (globs) check = { type: 'file-not-exists', paths: globs };
        why = `repolinter: no file may match ${globs?.join(', ')}.`;
        break;
      case 'directory-existence':
        if (globs) check = { type: 'directory-exists', paths: globs };
        why = `repolinter: a folder matching ${globs?.join(', ')} must exist.`;
        break;
      case 'file-contents':
      case 'file-not-contents': {
        const content = typeof o.content === 'string' ? o.content : null;
        if (globs && content) {
          check = {
            type: type === 'file-contents' ? 'file-contents' : 'file-not-contents',
            paths: globs,
            pattern: content,
            ...(typeof o.flags === 'string' ? { flags: o.flags } : {}),
            all: 'globsAll' in o,
            ...(typeof o['human-readable-content'] === 'string'
              ? { label: o['human-readable-content'] }
              : {}),
          };
        }
        why = `repolinter: files matching ${globs?.join(', ')} must ${type === 'file-contents' ? '' : 'not '}contain ${o['human-readable-content'] ?? content}.`;
        break;
      }
      case 'license-detectable-by-licensee':
        check = { type: 'licence', requireSpdx: true };
        why = 'repolinter: the licence must be a recognisable licence text.';
        break;
      default:
        unmapped.push({ id, reason: `rule type "${type}" has no Agora equivalent` });
        continue;
    }
    if (!check) {
      unmapped.push({
        id,
        reason: `options of ${type} not understood (expected globsAny/globsAll and content)`,
      });
      continue;
    }
    rules.push({
      id,
      title: name,
      level,
      check,
      why,
      fix: `Make the repository satisfy repolinter rule "${name}".`,
      ...(languages.length ? { where: { languages } } : {}),
    });
  }
  return { ruleset: { description: 'Imported from a repolinter ruleset', rules }, unmapped };
}
