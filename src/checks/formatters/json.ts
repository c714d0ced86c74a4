// The stable JSON report (documented in docs/rules.md): one object per run, a `repos` list even for one repo.

import type { CheckReport, Ruleset } from '../ruleset/types.ts';

export const JSON_REPORT_VERSION = 1;

export interface JsonReport {
  version: number;
  ruleset: string;
  rulesetFiles: string[];
  /** True when some error-level rule failed (the exit code is then 1). */
  failed: boolean;
  repos: CheckReport[];
  unmapped?: { id: string; reason: string }[];
}

/** Builds the JSON report object; key order is fixed so diffs of saved reports stay small. */
export function jsonReport(reports: CheckReport[], ruleset: Ruleset): JsonReport {
  return {
    version: JSON_REPORT_VERSION,
    ruleset: ruleset.name,
    rulesetFiles: ruleset.files,
    failed: reports.some((r) => r.summary.errors > 0),
    repos: reports,
    ...(ruleset.unmapped?.length ? { unmapped: ruleset.unmapped } : {}),
  };
}
