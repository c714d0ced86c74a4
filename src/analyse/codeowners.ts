// Parses CODEOWNERS in GitHub and GitLab syntax (GitLab sections, optional sections, section default
// owners) into owner facts; a malformed line becomes a finding with its line number, the rest still count.

import type { Finding, OwnerFact } from './facts.ts';

/** Where CODEOWNERS is looked for, in GitHub's order of precedence (GitLab reads the same places). */
export const CODEOWNERS_PATHS = [
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
  '.gitlab/CODEOWNERS',
] as const;

// Patterns that cover every file of the repository.
const CATCH_ALL = new Set(['*', '**', '/**', '**/*', '/**/*', '/']);
const MAX_OWNERS = 2000;

const TEAM = /^@[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)+$/;
const USER = /^@[A-Za-z0-9][\w.-]*$/;
const ROLE = /^@@[A-Za-z][\w-]*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Classifies one owner token; null when it is not a valid owner. */
export function ownerKind(token: string): OwnerFact['kind'] | null {
  if (ROLE.test(token)) return 'group';
  if (TEAM.test(token)) return 'team';
  if (USER.test(token)) return 'user';
  if (EMAIL.test(token)) return 'email';
  return null;
}

/** True for a pattern that matches every file (`*`, `**`, `/**`…). */
export function isCatchAll(pattern: string): boolean {
  return CATCH_ALL.has(pattern);
}

interface Rule {
  section: string;
  pattern: string;
  owners: { owner: string; kind: OwnerFact['kind'] }[];
}

/** Splits a line into tokens, honouring `\ ` escapes in patterns and dropping a trailing ` # comment`. */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      current += line[i + 1];
      i++;
      continue;
    }
    if (c === '#' && current === '') break;
    if (c === ' ' || c === '\t') {
      if (current) tokens.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  if (current) tokens.push(current);
  return tokens;
}

export interface CodeownersResult {
  owners: OwnerFact[];
  findings: Finding[];
}

/** Parses a CODEOWNERS file. Catch-all rules overridden by a later catch-all of the same section are dropped. */
export function parseCodeowners(text: string, path: string): CodeownersResult {
  const findings: Finding[] = [];
  const rules: Rule[] = [];
  let section = '';
  let sectionDefaults: Rule['owners'] = [];
  const lines = text.split(/\r?\n/);
  const invalid = (lineNo: number, why: string): void => {
    if (findings.length < 50) {
      findings.push({
        code: 'CODEOWNERS_INVALID',
        severity: 'warning',
        message: `line ${lineNo}: ${why}`,
        path,
      });
    }
  };
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i].length > 10_000 ? lines[i].slice(0, 10_000) : lines[i];
    const trimmed = raw.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    // GitLab section header: `[Name]`, `^[Optional]`, `[Name][2]`, optionally followed by default owners.
    const header = /^\^?\[([^\]]*)\](?:\[\d+\])?(.*)$/.exec(trimmed);
    if (header) {
      const name = header[1].trim();
      if (!name) {
        invalid(lineNo, 'section header without a name');
        continue;
      }
      section = name;
      sectionDefaults = [];
      for (const token of tokenize(header[2])) {
        const kind = ownerKind(token);
        if (kind) sectionDefaults.push({ owner: token, kind });
        else invalid(lineNo, `"${token.slice(0, 80)}" is not a valid owner`);
      }
      continue;
    }
    const [pattern, ...tokens] = tokenize(trimmed);
    if (!pattern) continue;
    if (pattern.startsWith('!')) {
      invalid(lineNo, `negated pattern "${pattern.slice(0, 80)}" is not supported`);
      continue;
    }
    const owners: Rule['owners'] = [];
    for (const token of tokens) {
      const kind = ownerKind(token);
      if (kind) owners.push({ owner: token, kind });
      else invalid(lineNo, `"${token.slice(0, 80)}" is not a valid owner`);
    }
    if (tokens.length > 0 && owners.length === 0) continue;
    rules.push({ section, pattern, owners: tokens.length === 0 ? sectionDefaults : owners });
  }
  // On GitHub the last matching rule wins, per section on GitLab: an earlier catch-all owns nothing.
  const lastCatchAll = new Map<string, number>();
  rules.forEach((rule, index) => {
    if (isCatchAll(rule.pattern)) lastCatchAll.set(rule.section, index);
  });
  const owners: OwnerFact[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const catchAll = isCatchAll(rule.pattern);
    if (catchAll && lastCatchAll.get(rule.section) !== index) return;
    for (const { owner, kind } of rule.owners) {
      const key = `${owner}\0${rule.pattern}`;
      if (seen.has(key) || owners.length >= MAX_OWNERS) continue;
      seen.add(key);
      owners.push({ owner, kind, source: 'codeowners', pattern: rule.pattern, catchAll });
    }
  });
  if (owners.length >= MAX_OWNERS) {
    findings.push({
      code: 'CODEOWNERS_TRUNCATED',
      severity: 'info',
      message: `only the first ${MAX_OWNERS} owner rules are kept`,
      path,
    });
  }
  return { owners, findings };
}
