// Renders the fix templates (src/checks/templates/*.tmpl) with what Agora knows about the repository.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateName } from '../ruleset/types.ts';
import type { FixContext } from './context.ts';

const TEMPLATE_DIR = join(import.meta.dirname, '..', 'templates');

/** Where each template is created, relative to the repository root. */
export const TEMPLATE_TARGETS: Record<TemplateName, string> = {
  readme: 'README.md',
  contributing: 'CONTRIBUTING.md',
  communication: 'COMMUNICATION.md',
  codeowners: '.github/CODEOWNERS',
  innersource: 'innersource.json',
  ci: '.github/workflows/ci.yml',
};

const FILES: Partial<Record<TemplateName, string>> = {
  readme: 'README.md.tmpl',
  contributing: 'CONTRIBUTING.md.tmpl',
  communication: 'COMMUNICATION.md.tmpl',
  codeowners: 'CODEOWNERS.tmpl',
  ci: 'ci.yml.tmpl',
};

function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (m, k: string) => vars[k] ?? m);
}

/** The text of a template filled for a repository. */
export function renderTemplate(name: TemplateName, ctx: FixContext): string {
  if (name === 'innersource') {
    const meta: Record<string, unknown> = { title: ctx.title, motivation: ctx.description };
    if (ctx.languages.length) meta.skills = ctx.languages;
    meta.contributions = ['Bug fixes', 'Features', 'Documentation'];
    return `${JSON.stringify(meta, null, 2)}\n`;
  }
  const team = ctx.owners.length
    ? `This project is maintained by ${ctx.owners.join(', ')}. They review and merge contributions (the trusted committers).`
    : 'Name the owning team and its trusted committers here: they review and merge contributions.';
  const testCommand = ctx.testCommand ?? 'make test';
  const vars: Record<string, string> = {
    title: ctx.title,
    description: ctx.description,
    team,
    testCommand,
    buildSteps: ctx.buildSteps,
    setupSteps: ctx.setupSteps,
    gettingStarted: `${ctx.buildSteps}\n\nRun the tests with \`${testCommand}\`.`,
    owners: ctx.owners.length ? ctx.owners.join(' ') : '@your-org/your-team',
    ownersNote: ctx.owners.length ? '' : '# TODO: replace @your-org/your-team with the owning team.\n',
  };
  return fill(readFileSync(join(TEMPLATE_DIR, FILES[name] as string), 'utf8'), vars);
}
