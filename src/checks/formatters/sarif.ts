// SARIF 2.1.0 report, for code-scanning dashboards: one run, the ruleset's rules as reporting descriptors,
// and one result per evaluated rule (kind pass / fail / notApplicable / review for not-evaluated).

import type { CheckReport, ResultStatus, RuleLevel, Ruleset } from '../ruleset/types.ts';

const SARIF_LEVEL: Record<RuleLevel, 'error' | 'warning' | 'note' | 'none'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  off: 'none',
};

const KIND: Record<ResultStatus, 'pass' | 'fail' | 'notApplicable' | 'review'> = {
  pass: 'pass',
  fail: 'fail',
  'not-applicable': 'notApplicable',
  'not-evaluated': 'review',
};

/** Builds the SARIF log object. `version` is Agora's version. */
export function sarifReport(
  reports: CheckReport[],
  ruleset: Ruleset,
  version = '0.1.0',
): Record<string, unknown> {
  const rules = ruleset.rules.map((r) => ({
    id: r.id,
    name: r.id.replace(/(^|[-_.])(\w)/g, (_m, _s, c: string) => c.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: r.why },
    help: { text: r.fix.text },
    ...(r.docs ? { helpUri: r.docs } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[r.level], enabled: r.level !== 'off' },
  }));
  const index = new Map(ruleset.rules.map((r, i) => [r.id, i]));
  const results = [];
  for (const report of reports) {
    for (const r of report.results) {
      const fail = r.status === 'fail';
      results.push({
        ruleId: r.id,
        ruleIndex: index.get(r.id) ?? -1,
        kind: KIND[r.status],
        level: fail ? SARIF_LEVEL[r.level] : 'none',
        message: { text: fail ? `${r.message}. ${r.fix}` : r.message },
        ...(r.path
          ? {
              locations: [
                { physicalLocation: { artifactLocation: { uri: encodeURI(r.path), uriBaseId: 'SRCROOT' } } },
              ],
            }
          : {}),
        properties: { repo: report.repo.name, status: r.status, ...(r.inherited ? { inherited: true } : {}) },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'agora',
            version,
            rules,
          },
        },
        automationDetails: { id: `agora/${ruleset.name}/` },
        results,
      },
    ],
  };
}
