// Text report for people: failures grouped by level, each with why it matters and how to fix it; then what
// could not be evaluated (with the reason), and a one-line summary with the readiness level.

import type { CheckReport, RuleResult, Ruleset } from '../ruleset/types.ts';

const GROUPS = [
  ['error', 'Errors'],
  ['warning', 'Warnings'],
  ['info', 'Suggestions'],
] as const;

function failure(r: RuleResult): string[] {
  const lines = [
    `  ✗ ${r.id}: ${r.title}`,
    `      ${r.message}`,
    `      why: ${r.why}`,
    `      fix: ${r.fix}`,
  ];
  if (r.template) lines.push(`           (\`agora fix\` can create it from the ${r.template} template)`);
  if (r.docs) lines.push(`      see: ${r.docs}`);
  if (r.override) lines.push(`      level changed from ${r.override.from} by config: ${r.override.reason}`);
  return lines;
}

/** Formats one repo's report. */
export function textReport(report: CheckReport, opts: { verbose?: boolean } = {}): string {
  const out: string[] = [`${report.repo.name} — ruleset ${report.ruleset}`];
  for (const [level, label] of GROUPS) {
    const fails = report.results.filter((r) => r.status === 'fail' && r.level === level);
    if (fails.length === 0) continue;
    out.push('', `${label} (${fails.length})`);
    for (const r of fails) out.push(...failure(r));
  }
  const notEvaluated = report.results.filter((r) => r.status === 'not-evaluated');
  if (notEvaluated.length > 0) {
    out.push('', `Not evaluated (${notEvaluated.length})`);
    for (const r of notEvaluated) out.push(`  ? ${r.id}: ${r.reason ?? r.message}`);
  }
  const passed = report.results.filter((r) => r.status === 'pass');
  if (opts.verbose) {
    if (passed.length) out.push('', `Passed (${passed.length})`);
    for (const r of passed) out.push(`  ✓ ${r.id}: ${r.message}${r.inherited ? ' [inherited]' : ''}`);
    const na = report.results.filter((r) => r.status === 'not-applicable');
    if (na.length) out.push('', `Not applicable (${na.length})`);
    for (const r of na) out.push(`  - ${r.id}: ${r.reason ?? r.message}`);
  }
  const s = report.summary;
  const rd = report.readiness;
  out.push(
    '',
    `${s.pass} passed, ${s.fail} failed (${s.errors} errors, ${s.warnings} warnings, ${s.infos} suggestions), ${s.notApplicable} not applicable, ${s.notEvaluated} not evaluated`,
    `readiness: ${rd.level ?? 'none'}${rd.next ? ` — for ${rd.next.level}: ${rd.next.missing.join(', ')}` : ''}`,
  );
  return out.join('\n');
}

/** Formats several reports (`--all`): one block per repo with failures, then totals. */
export function textReports(
  reports: CheckReport[],
  ruleset: Ruleset,
  opts: { verbose?: boolean } = {},
): string {
  const blocks = reports.map((r) => textReport(r, opts));
  if (ruleset.unmapped?.length) {
    blocks.push(
      `Not imported from the repolinter ruleset (${ruleset.unmapped.length}):\n${ruleset.unmapped.map((u) => `  - ${u.id}: ${u.reason}`).join('\n')}`,
    );
  }
  if (reports.length > 1) {
    const failing = reports.filter((r) => r.summary.errors > 0).length;
    blocks.push(`${reports.length} repositories checked, ${failing} with errors`);
  }
  return blocks.join('\n\n');
}
