// Loads a ruleset by built-in name or path: parses YAML/JSON keeping positions, validates the file and every
// rule's check options, resolves `extends` (with cycle detection) and reports every problem as
// `file:line key: message` in one AgoraError('RULESET_INVALID'). A built-in ruleset comes pre-loaded from the
// build (./builtin.ts), so only a ruleset file of the user's loads this module (with yaml and zod).

import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import {
  type ConfigProblem,
  formatProblems,
  issueToProblem,
  nodeAt,
  yamlToJs,
} from '../../config/yaml-problems.ts';
import { AgoraError } from '../../errors.ts';
import { RULE_TYPES } from '../rules/index.ts';
import type { RuleType } from '../rules/rule-type.ts';
import { compiledBuiltin, resolveRulesetRef } from './builtin.ts';
import { convertRepolinter, isRepolinterRuleset } from './repolinter.ts';
import { type RuleEntry, rulesetFileSchema } from './schema.ts';
import type { ReadinessLevel, RuleDef, Ruleset } from './types.ts';

const MAX_RULESET_BYTES = 2 * 1024 * 1024;

interface PartialRule extends RuleEntry {
  source: { file: string; line: number | null };
}

interface Layer {
  name: string;
  description?: string;
  files: string[];
  rules: Map<string, PartialRule>;
  levels: ReadinessLevel[] | null;
  unmapped: { id: string; reason: string }[];
}

export { BUILTIN_DIR, BUILTIN_RULESETS, compiledRulesetFile, resolveRulesetRef } from './builtin.ts';

const optionSchemas = new Map<RuleType, ReturnType<RuleType['options']>>();

/** A rule type's options schema, built once per process. */
function optionsSchema(type: RuleType): ReturnType<RuleType['options']> {
  let schema = optionSchemas.get(type);
  if (!schema) {
    schema = type.options(z);
    optionSchemas.set(type, schema);
  }
  return schema;
}

/** Loads and validates a ruleset with everything it extends; throws AgoraError('RULESET_INVALID') listing every problem. */
export function loadRuleset(ref: string, cwd: string = process.cwd()): Ruleset {
  const compiled = compiledBuiltin(ref);
  if (compiled) return compiled;
  const problems: ConfigProblem[] = [];
  const layer = loadLayer(ref, cwd, [], problems, ref);
  if (layer) finish(layer, problems);
  if (problems.length > 0 || !layer) {
    throw new AgoraError('RULESET_INVALID', `invalid ruleset:\n${formatProblems(problems)}`, {
      details: problems,
    });
  }
  return toRuleset(layer);
}

function display(path: string, builtin: boolean, ref: string): string {
  return builtin ? `(built-in) ${basename(path)}` : ref;
}

function loadLayer(
  ref: string,
  cwd: string,
  stack: string[],
  problems: ConfigProblem[],
  shown: string,
): Layer | null {
  const { path, builtin } = resolveRulesetRef(ref, cwd);
  const file = display(path, builtin, shown);
  if (stack.includes(path)) {
    const chain = [...stack, path].map((p) => basename(p)).join(' → ');
    problems.push({ file, line: null, key: 'extends', message: `extends cycle: ${chain}` });
    return null;
  }
  if (!existsSync(path)) {
    problems.push({ file, line: null, key: '', message: 'ruleset file not found' });
    return null;
  }
  const st = statSync(path);
  if (!st.isFile() || st.size > MAX_RULESET_BYTES) {
    problems.push({
      file,
      line: null,
      key: '',
      message: st.isFile() ? 'ruleset file is too large' : 'not a file',
    });
    return null;
  }
  const text = readFileSync(path, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      problems.push({
        file,
        line: e.pos ? lineCounter.linePos(e.pos[0]).line : null,
        key: '',
        message: e.message.split('\n')[0],
      });
    }
    return null;
  }
  const js = yamlToJs(doc, lineCounter, file);
  if (js.problem) {
    problems.push(js.problem);
    return null;
  }
  let data: unknown = js.value;
  let unmapped: Layer['unmapped'] = [];
  let positions = true;
  if (isRepolinterRuleset(data)) {
    const converted = convertRepolinter(data);
    data = { name: basename(path, extname(path)), ...converted.ruleset };
    unmapped = converted.unmapped;
    positions = false;
  }
  const lineOf = (p: (string | number)[]): number | null => {
    if (!positions) return null;
    const node = nodeAt(doc.contents, p);
    const offset = node?.range?.[0];
    return offset === undefined ? null : lineCounter.linePos(offset).line;
  };
  const parsed = rulesetFileSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const p = issueToProblem(issue, positions ? doc.contents : null, lineCounter, file);
      problems.push({ ...p, message: p.message.replace('docs/configuration.md', 'docs/rules.md') });
    }
    return null;
  }
  const rf = parsed.data;
  const before = problems.length;

  // Validate each rule's check against its type now, so the line is the rule's own.
  rf.rules.forEach((rule, i) => {
    if (!rule.check) return;
    const type = RULE_TYPES.get(rule.check.type);
    if (!type) {
      problems.push({
        file,
        line: lineOf(['rules', i, 'check', 'type']),
        key: `rules[${i}].check.type`,
        message: `unknown rule type "${rule.check.type}"; known types: ${[...RULE_TYPES.keys()].join(', ')}`,
      });
      return;
    }
    const r = optionsSchema(type).safeParse(rule.check);
    if (!r.success) {
      for (const issue of r.error.issues) {
        const sub = issue.path.map((x) => (typeof x === 'symbol' ? String(x) : x));
        const keyPath = ['rules', i, 'check', ...sub];
        const extra = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : [];
        const key = `rules[${i}].check${sub.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('')}${extra.length ? `.${extra[0]}` : ''}`;
        problems.push({
          file,
          line: lineOf(extra.length ? [...keyPath, extra[0]] : keyPath),
          key,
          message: extra.length
            ? `unknown option${extra.length > 1 ? 's' : ''} ${extra.join(', ')} for ${rule.check.type}`
            : issue.message,
        });
      }
    } else {
      rule.check = r.data as typeof rule.check;
    }
  });
  const seen = new Set<string>();
  rf.rules.forEach((rule, i) => {
    if (seen.has(rule.id))
      problems.push({
        file,
        line: lineOf(['rules', i, 'id']),
        key: `rules[${i}].id`,
        message: `duplicate rule id "${rule.id}"`,
      });
    seen.add(rule.id);
  });
  if (problems.length > before) return null;

  // Base layers first; later ones win.
  const bases = rf.extends === undefined ? [] : Array.isArray(rf.extends) ? rf.extends : [rf.extends];
  const merged: Layer = {
    name: rf.name ?? basename(path, extname(path)),
    description: rf.description,
    files: [],
    rules: new Map(),
    levels: null,
    unmapped,
  };
  for (const base of bases) {
    const b = loadLayer(base, dirname(path), [...stack, path], problems, base);
    if (!b) continue;
    merged.files.push(...b.files);
    for (const [rid, rule] of b.rules) merged.rules.set(rid, rule);
    if (b.levels) merged.levels = b.levels;
    merged.unmapped.push(...b.unmapped);
  }
  merged.files.push(builtin ? `builtin:${basename(path, '.yaml')}` : path);
  rf.rules.forEach((rule, i) => {
    const prev = merged.rules.get(rule.id);
    const source = { file, line: lineOf(['rules', i]) };
    const next: PartialRule = { ...(prev ?? {}), ...stripUndefined(rule), source } as PartialRule;
    merged.rules.set(rule.id, next);
  });
  if (rf.levels) {
    const byId = new Map((merged.levels ?? []).map((l) => [l.id, l]));
    for (const [i, l] of rf.levels.entries()) {
      for (const [j, r] of l.rules.entries()) {
        if (!merged.rules.has(r)) {
          problems.push({
            file,
            line: lineOf(['levels', i, 'rules', j]),
            key: `levels[${i}].rules[${j}]`,
            message: `unknown rule "${r}"`,
          });
        }
      }
      byId.set(l.id, { id: l.id, name: l.name ?? l.id, description: l.description, rules: l.rules });
    }
    merged.levels = [...byId.values()];
  }
  return merged;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Checks that every merged rule is complete (a rule only overridden in part must exist in a base). */
function finish(layer: Layer, problems: ConfigProblem[]): void {
  for (const rule of layer.rules.values()) {
    const missing = (['check', 'why', 'fix'] as const).filter((k) => rule[k] === undefined);
    if (missing.length > 0) {
      problems.push({
        file: rule.source.file,
        line: rule.source.line,
        key: `rules.${rule.id}`,
        message: `rule "${rule.id}" lacks ${missing.join(', ')} (and no extended ruleset defines it)`,
      });
    }
  }
}

function toRuleset(layer: Layer): Ruleset {
  const rules: RuleDef[] = [];
  for (const r of layer.rules.values()) {
    const fix = typeof r.fix === 'string' ? { text: r.fix } : (r.fix as RuleDef['fix']);
    rules.push({
      id: r.id,
      title: r.title ?? r.id,
      level: r.level ?? 'error',
      check: r.check as RuleDef['check'],
      why: r.why as string,
      fix,
      ...(r.docs ? { docs: r.docs } : {}),
      ...(r.where ? { where: r.where } : {}),
      source: r.source,
    });
  }
  return {
    name: layer.name,
    ...(layer.description ? { description: layer.description } : {}),
    files: layer.files,
    rules,
    levels: layer.levels ?? [],
    ...(layer.unmapped.length ? { unmapped: layer.unmapped } : {}),
  };
}
