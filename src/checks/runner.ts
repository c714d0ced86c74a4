// Evaluates a ruleset against one subject: applies config overrides and `where` conditions, runs each rule
// type (a throwing rule becomes not-evaluated, never a crash), and rolls results up to readiness.

import picomatch from 'picomatch';
import type { AgoraConfig } from '../config/schema.ts';
import { readinessOf } from './levels.ts';
import { knownPaths, matchesAny } from './rules/helpers.ts';
import { RULE_TYPES } from './rules/index.ts';
import { notApplicable, notEvaluated } from './rules/rule-type.ts';
import type { CheckReport, Outcome, RuleDef, RuleLevel, RuleResult, Ruleset } from './ruleset/types.ts';
import type { CheckSubject } from './subject.ts';

export type Override = AgoraConfig['standards']['overrides'][number];

export interface RunOptions {
  overrides?: readonly Override[];
  /** Unix seconds; default now. */
  now?: number;
}

/** The override that applies to a rule of a repo (the last matching one wins), or null. */
export function overrideFor(
  overrides: readonly Override[],
  repo: CheckSubject['repo'],
  ruleId: string,
): Override | null {
  let found: Override | null = null;
  for (const o of overrides) {
    if (o.rule !== ruleId && o.rule !== '*') continue;
    const m = picomatch(o.repo, { nocase: true, dot: true });
    if (m(repo.name) || m(repo.id)) found = o;
  }
  return found;
}

function whereOutcome(rule: RuleDef, subject: CheckSubject): Outcome | null {
  const w = rule.where;
  if (!w) return null;
  if (w.languages) {
    const lang = subject.facts.primaryLanguage?.toLowerCase();
    if (!lang || !w.languages.some((l) => l.toLowerCase() === lang)) {
      return notApplicable(
        `applies only to ${w.languages.join(', ')} repositories (this one: ${subject.facts.primaryLanguage ?? 'none'})`,
      );
    }
  }
  if (w.topics) {
    const topics = (subject.repo.topics ?? []).map((t) => t.toLowerCase());
    if (!w.topics.some((t) => topics.includes(t.toLowerCase())))
      return notApplicable(`applies only to repositories with topic ${w.topics.join(' or ')}`);
  }
  if (w.hasFile) {
    const { paths, complete } = knownPaths(subject);
    if (!paths.some((p) => matchesAny(p, w.hasFile ?? []))) {
      return complete
        ? notApplicable(`applies only where a file matches ${w.hasFile.join(', ')}`)
        : notEvaluated('its condition needs the full file list, which is not stored for this repository');
    }
  }
  return null;
}

/** Evaluates one rule; its result always has a status (errors inside a rule become not-evaluated). */
export function evaluateRule(rule: RuleDef, subject: CheckSubject, opts: RunOptions = {}): RuleResult {
  const override = overrideFor(opts.overrides ?? [], subject.repo, rule.id);
  const level: RuleLevel = override ? override.level : rule.level;
  let outcome: Outcome;
  if (level === 'off') {
    outcome = notEvaluated(
      override ? `switched off for this repository: ${override.reason}` : 'switched off in the ruleset',
    );
  } else {
    outcome =
      whereOutcome(rule, subject) ?? runType(rule, subject, opts.now ?? Math.floor(Date.now() / 1000));
  }
  return {
    id: rule.id,
    title: rule.title,
    level,
    ...outcome,
    why: rule.why,
    fix: rule.fix.text,
    ...(rule.fix.template ? { template: rule.fix.template } : {}),
    ...(rule.docs ? { docs: rule.docs } : {}),
    ...(override && override.level !== rule.level
      ? { override: { from: rule.level, reason: override.reason } }
      : {}),
  };
}

function runType(rule: RuleDef, subject: CheckSubject, now: number): Outcome {
  const type = RULE_TYPES.get(rule.check.type);
  if (!type) return notEvaluated(`unknown rule type ${rule.check.type}`);
  try {
    return type.evaluate(subject, rule.check, { now });
  } catch (err) {
    return notEvaluated(`the rule failed: ${(err as Error).message?.slice(0, 200)}`);
  }
}

/** Checks one subject against a ruleset. */
export function runChecks(subject: CheckSubject, ruleset: Ruleset, opts: RunOptions = {}): CheckReport {
  const results = ruleset.rules.map((r) => evaluateRule(r, subject, opts));
  const summary = { pass: 0, fail: 0, notApplicable: 0, notEvaluated: 0, errors: 0, warnings: 0, infos: 0 };
  for (const r of results) {
    if (r.status === 'pass') summary.pass++;
    else if (r.status === 'not-applicable') summary.notApplicable++;
    else if (r.status === 'not-evaluated') summary.notEvaluated++;
    else {
      summary.fail++;
      if (r.level === 'error') summary.errors++;
      else if (r.level === 'warning') summary.warnings++;
      else if (r.level === 'info') summary.infos++;
    }
  }
  return {
    repo: { id: subject.repo.id, name: subject.repo.name },
    ruleset: ruleset.name,
    results,
    readiness: readinessOf(ruleset.levels, results),
    summary,
  };
}
