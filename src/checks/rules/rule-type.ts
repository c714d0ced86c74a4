// The contract of a rule type: its options schema (validated when the ruleset loads) and a pure evaluation.
// The schema is built on demand from the zod namespace the ruleset loader passes in, so evaluating rules
// (`agora check` with a built-in ruleset, already validated at build time) never loads zod.

import type { z } from 'zod';

/** The zod namespace, handed to a rule type's `options` by whoever validates (src/checks/ruleset/load.ts). */
export type Zod = typeof z;

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
  /** Builds the options schema (with defaults) from zod; called only when a ruleset is validated. */
  options(z: Zod): z.ZodType<O>;
  evaluate(subject: CheckSubject, options: O, ctx: EvalContext): Outcome;
}

/** Declares a rule type with its options inferred from the schema. */
export function ruleType<S extends z.ZodType>(def: {
  type: string;
  summary: string;
  options: (z: Zod) => S;
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
