// The contract of a rule type: its options schema (validated when the ruleset loads) and a pure evaluation.

import type { z } from 'zod';
import type { Outcome } from '../ruleset/types.ts';
import type { CheckSubject } from '../subject.ts';

export interface EvalContext {
  /** Unix seconds "now", fixed per run so results are reproducible. */
  now: number;
}

export interface RuleType<O = Record<string, unknown>> {
  type: string;
  /** What the type checks, for docs/rules.md and `--help`. */
  summary: string;
  options: z.ZodType<O>;
  evaluate(subject: CheckSubject, options: O, ctx: EvalContext): Outcome;
}

/** Declares a rule type with its options inferred from the schema. */
export function ruleType<S extends z.ZodType>(def: {
  type: string;
  summary: string;
  options: S;
  evaluate(subject: CheckSubject, options: z.output<S>, ctx: EvalContext): Outcome;
}): RuleType<z.output<S>> {
  return def as unknown as RuleType<z.output<S>>;
}

export const pass = (message: string, extra: Partial<Outcome> = {}): Outcome => ({
  status: 'pass',
  message,
  ...extra,
});
export const fail = (message: string, extra: Partial<Outcome> = {}): Outcome => ({
  status: 'fail',
  message,
  ...extra,
});
export const notApplicable = (reason: string): Outcome => ({
  status: 'not-applicable',
  message: reason,
  reason,
});
export const notEvaluated = (reason: string): Outcome => ({
  status: 'not-evaluated',
  message: reason,
  reason,
});
