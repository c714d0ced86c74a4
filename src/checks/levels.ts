// Readiness levels (e.g. bronze / silver / gold): a repo reaches a level when every rule of it and of the
// levels below passes. Not-applicable and switched-off rules do not hold a repo back; not-evaluated ones do.

import type { Readiness, ReadinessLevel, RuleResult } from './ruleset/types.ts';

function satisfied(r: RuleResult | undefined): boolean {
  if (!r) return true;
  return r.status === 'pass' || r.status === 'not-applicable' || r.level === 'off';
}

/** The highest level reached and what is missing for the next one. */
export function readinessOf(levels: readonly ReadinessLevel[], results: readonly RuleResult[]): Readiness {
  const byId = new Map(results.map((r) => [r.id, r]));
  let reached: string | null = null;
  for (const level of levels) {
    const missing = level.rules.filter((id) => !satisfied(byId.get(id)));
    if (missing.length > 0) return { level: reached, next: { level: level.id, missing } };
    reached = level.id;
  }
  return { level: reached, next: null };
}
