// `agora fix`: creates the files a repository lacks (README, CONTRIBUTING, COMMUNICATION, CODEOWNERS,
// innersource.json, a CI workflow) from templates filled with what Agora knows. Never overwrites a file.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor } from '../context.ts';
import { printJson, println } from '../output.ts';

interface FixOptions {
  dryRun?: boolean;
  ruleset?: string;
  only?: string;
}

const EXAMPLES = `
Examples:
  agora fix --dry-run         show, as a diff, the files that would be created in the current folder
  agora fix ../payments       create them
  agora fix --only readme,contributing

Templates: readme, contributing, communication, codeowners, innersource, ci. Existing files are never changed.`;

export function register(program: Command): void {
  program
    .command('fix [path]')
    .description('create missing standard files (README, CONTRIBUTING, CODEOWNERS…) from templates')
    .option('-n, --dry-run', 'print the files as a unified diff instead of writing them')
    .option('--ruleset <name|file>', 'ruleset whose failing rules decide what to create')
    .option('--only <templates>', 'comma-separated templates to consider')
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (path: string | undefined, opts: FixOptions, cmd: Command) => {
        const { resolve } = await import('node:path');
        const { TEMPLATE_NAMES } = await import('../../checks/ruleset/types.ts');
        const only = opts.only
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        for (const t of only ?? []) {
          if (!(TEMPLATE_NAMES as readonly string[]).includes(t)) {
            throw new AgoraError('USAGE', `unknown template "${t}"; use ${TEMPLATE_NAMES.join(', ')}`);
          }
        }
        const loaded = await loadConfigFor(cmd);
        const { rulesetFor } = await import('../../checks/service.ts');
        const { runChecks } = await import('../../checks/runner.ts');
        const { subjectFromDisk } = await import('../../checks/subject-from-disk.ts');
        const { fixContext } = await import('../../checks/fix/context.ts');
        const { applyFixes, planFixes, unifiedDiff } = await import('../../checks/fix/plan.ts');
        const { recentAuthors } = await import('../../checks/fix/authors.ts');
        const root = resolve(path ?? '.');
        const ruleset = await rulesetFor(loaded, opts.ruleset);
        const subject = await subjectFromDisk(root, { maxFileBytes: loaded.config.crawl.maxFileBytes });
        const { prepareSubjectMarkdown } = await import('../../checks/rules/helpers.ts');
        await prepareSubjectMarkdown(subject);
        const report = runChecks(subject, ruleset, { overrides: loaded.config.standards.overrides });
        const ctx = fixContext(subject, recentAuthors(root));
        const planned = planFixes(subject, report, ctx, {
          root,
          only: only as import('../../checks/ruleset/types.ts').TemplateName[] | undefined,
        });
        const json = globalOptions(cmd).json === true;
        if (opts.dryRun) {
          if (json)
            printJson({
              dryRun: true,
              files: planned.map((f) => ({
                path: f.path,
                template: f.template,
                rules: f.rules,
                content: f.content,
              })),
            });
          else if (planned.length === 0)
            println('nothing to create: every file the templates provide exists');
          else process.stdout.write(unifiedDiff(planned));
          return 0;
        }
        const written = applyFixes(root, planned);
        if (json) printJson({ dryRun: false, created: written });
        else if (written.length === 0) println('nothing to create: every file the templates provide exists');
        else {
          for (const p of written) println(`created ${p}`);
          println('\nReview the new files (look for TODO), then run `agora check`.');
        }
        return 0;
      }),
    );
}
