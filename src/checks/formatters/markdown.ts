// Markdown report for a pull-request comment: a status line, a table of failures, and the fixes.

import type { CheckReport, Ruleset } from '../ruleset/types.ts';

const ICON = { error: '❌', warning: '⚠️', info: 'ℹ️', off: '' } as const;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Formats reports as GitHub-flavoured Markdown. */
export function markdownReport(reports: CheckReport[], ruleset: Ruleset): string {
  const out: string[] = [];
  for (const report of reports) {
    const s = report.summary;
    const status =
      s.errors > 0
        ? '❌ standards not met'
        : s.fail > 0
          ? '⚠️ standards met, with suggestions'
          : '✅ all standards met';
    out.push(`### ${status}: \`${report.repo.name}\``, '');
    out.push(
      `Ruleset **${ruleset.name}** · readiness **${report.readiness.level ?? 'none'}** · ${s.pass} passed, ${s.errors} errors, ${s.warnings} warnings, ${s.infos} suggestions, ${s.notEvaluated} not evaluated`,
      '',
    );
    const fails = report.results.filter((r) => r.status === 'fail');
    if (fails.length > 0) {
      out.push('| | Rule | Finding | How to fix |', '|---|---|---|---|');
      for (const r of fails) {
        const title = r.docs ? `[${cell(r.title)}](${r.docs})` : cell(r.title);
        out.push(`| ${ICON[r.level]} | ${title} | ${cell(r.message)} | ${cell(r.fix)} |`);
      }
      out.push('');
      if (fails.some((r) => r.template))
        out.push('Run `agora fix` to create the missing files from templates.', '');
    }
    const ne = report.results.filter((r) => r.status === 'not-evaluated');
    if (ne.length > 0) {
      out.push('<details><summary>Not evaluated</summary>', '');
      for (const r of ne) out.push(`- **${r.id}**: ${cell(r.reason ?? r.message)}`);
      out.push('', '</details>', '');
    }
  }
  return out.join('\n');
}
