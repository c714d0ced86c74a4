// The in-memory shape of a loaded ruleset (after `extends` is resolved) and of one rule's outcome.

import type { DocKind } from '../../analyse/facts.ts';

export const RULE_LEVELS = ['error', 'warning', 'info', 'off'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];

export const RESULT_STATUSES = ['pass', 'fail', 'not-applicable', 'not-evaluated'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** Templates `agora fix` can create. */
export const TEMPLATE_NAMES = [
  'readme',
  'contributing',
  'communication',
  'codeowners',
  'innersource',
  'ci',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Conditions under which a rule applies; a repo that does not meet them gets `not-applicable`. */
export interface RuleWhere {
  /** Primary language is one of these (case-insensitive). */
  languages?: string[];
  /** At least one path matches one of these globs. */
  hasFile?: string[];
  /** The repo has one of these topics. */
  topics?: string[];
}

export interface RuleCheck {
  type: string;
  [option: string]: unknown;
}

export interface RuleDef {
  id: string;
  title: string;
  level: RuleLevel;
  check: RuleCheck;
  /** One sentence: why the rule matters. */
  why: string;
  fix: { text: string; template?: TemplateName };
  docs?: string;
  where?: RuleWhere;
  /** Where the rule was (last) defined, for messages. */
  source: { file: string; line: number | null };
}

/** A readiness level: the rules that must pass (together with those of the levels below it). */
export interface ReadinessLevel {
  id: string;
  name: string;
  description?: string;
  rules: string[];
}

export interface Ruleset {
  name: string;
  description?: string;
  /** The files it was built from, base first. */
  files: string[];
  rules: RuleDef[];
  levels: ReadinessLevel[];
  /** Rules of an imported foreign ruleset (repolinter) that could not be mapped, with why. */
  unmapped?: { id: string; reason: string }[];
}

/** What a rule type's evaluation says. */
export interface Outcome {
  status: ResultStatus;
  message: string;
  /** Why a rule was not applicable or not evaluated. */
  reason?: string;
  /** True when satisfied by a file of the organisation's `.github` repository. */
  inherited?: boolean;
  /** The file the outcome is about, for SARIF locations. */
  path?: string;
}

export interface RuleResult extends Outcome {
  id: string;
  title: string;
  level: RuleLevel;
  why: string;
  fix: string;
  template?: TemplateName;
  docs?: string;
  /** Set when a config override changed this rule's level. */
  override?: { from: RuleLevel; reason: string };
}

export interface Readiness {
  /** Highest level reached, or null. */
  level: string | null;
  /** The next level and the rules still missing for it. */
  next: { level: string; missing: string[] } | null;
}

export interface CheckReport {
  repo: { id: string; name: string };
  ruleset: string;
  results: RuleResult[];
  readiness: Readiness;
  summary: {
    pass: number;
    fail: number;
    notApplicable: number;
    notEvaluated: number;
    errors: number;
    warnings: number;
    infos: number;
  };
}

export type { DocKind };
