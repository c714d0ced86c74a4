// `agora fix`: decides which missing files to create from the failing rules' templates, renders them, and
// writes them (never overwriting) or prints them as a unified diff for `--dry-run`.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { INNERSOURCE_PATHS } from '../../analyse/innersource-json.ts';
import type { CheckReport, TemplateName } from '../ruleset/types.ts';
import type { CheckSubject } from '../subject.ts';
import type { FixContext } from './context.ts';
import { renderTemplate, TEMPLATE_TARGETS } from './templates.ts';

export interface PlannedFile {
  path: string;
  template: TemplateName;
  /** Rules this file is meant to satisfy. */
  rules: string[];
  content: string;
}

/** True when the subject already has something the template would create (so it is never replaced). */
function alreadyHas(subject: CheckSubject, template: TemplateName): boolean {
  const docs = subject.facts.docs.filter((d) => !d.inherited);
  switch (template) {
    case 'readme':
      return docs.some((d) => d.kind === 'readme');
    case 'contributing':
      return docs.some((d) => d.kind === 'contributing');
    case 'communication':
      return docs.some((d) => d.kind === 'communication');
    case 'codeowners':
      return docs.some((d) => d.kind === 'codeowners');
    case 'innersource':
      return INNERSOURCE_PATHS.some((p) => subject.files.has(p));
    case 'ci':
      return subject.facts.ci.length > 0;
  }
}

/** The files to create: one per template of a failing rule (plus innersource.json when absent), never an existing path. */
export function planFixes(
  subject: CheckSubject,
  report: CheckReport,
  ctx: FixContext,
  opts: { root?: string; only?: TemplateName[] } = {},
): PlannedFile[] {
  const wanted = new Map<TemplateName, string[]>();
  for (const r of report.results) {
    if (r.status !== 'fail' || !r.template || r.level === 'off') continue;
    wanted.set(r.template, [...(wanted.get(r.template) ?? []), r.id]);
  }
  if (!wanted.has('innersource')) wanted.set('innersource', []);
  const planned: PlannedFile[] = [];
  for (const [template, rules] of wanted) {
    if (opts.only && !opts.only.includes(template)) continue;
    if (alreadyHas(subject, template)) continue;
    const path = TEMPLATE_TARGETS[template];
    if (subject.paths?.includes(path) || subject.files.has(path)) continue;
    if (opts.root && existsSync(join(opts.root, path))) continue;
    planned.push({ path, template, rules, content: renderTemplate(template, ctx) });
  }
  return planned.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** A unified diff creating the planned files (what `--dry-run` prints). */
export function unifiedDiff(files: readonly PlannedFile[]): string {
  const out: string[] = [];
  for (const f of files) {
    const lines = f.content.endsWith('\n') ? f.content.slice(0, -1).split('\n') : f.content.split('\n');
    out.push(
      `diff --git a/${f.path} b/${f.path}`,
      'new file mode 100644',
      '--- /dev/null',
      `+++ b/${f.path}`,
    );
    out.push(`@@ -0,0 +1,${lines.length} @@`);
    for (const l of lines) out.push(`+${l}`);
    if (!f.content.endsWith('\n')) out.push('\\ No newline at end of file');
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Writes the planned files under `root`; a path that appeared meanwhile is skipped, never overwritten. */
export function applyFixes(root: string, files: readonly PlannedFile[]): string[] {
  const written: string[] = [];
  for (const f of files) {
    const abs = join(root, f.path);
    mkdirSync(dirname(abs), { recursive: true });
    try {
      writeFileSync(abs, f.content, { flag: 'wx' });
      written.push(f.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return written;
}
