// `agora check`: checks a working tree (a team's CI job), one stored repo, or every stored repo against the
// standards, printing text, JSON, Markdown or SARIF; exit 1 when an error-level rule fails.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { println } from '../output.ts';

const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface CheckOptions {
  ruleset?: string;
  format?: string;
  all?: boolean;
  repo?: string;
  orgDefaults?: string;
  verbose?: boolean;
  output?: string;
}

const EXAMPLES = `
Examples:
  agora check                          check the current folder with the configured ruleset
  agora check ../payments --ruleset recommended
  agora check . --format sarif --output agora.sarif      for code-scanning upload
  agora check . --format markdown      a pull-request comment
  agora check --ruleset repolinter.json                   import a repolinter ruleset
  agora check --all                    re-evaluate every crawled repo (no re-crawl) and store the results
  agora check --repo payments-api      check one crawled repo from the store

Results: pass, fail, not-applicable, not-evaluated (always with a reason).
Exit codes: 0 no error-level rule failed, 1 one did, 2 usage or ruleset error. Rules: docs/rules.md.`;

export function register(program: Command): void {
  program
    .command('check [path]')
    .description('check a repository against the InnerSource standards (a ruleset)')
    .option(
      '--ruleset <name|file>',
      'built-in ruleset (innersource-base, recommended), a ruleset file or a repolinter.json',
    )
    .option('--format <format>', `output format: ${FORMATS.join(', ')} (default text; --json means json)`)
    .option('--all', 'check every stored repo from its stored facts and save the results')
    .option('--repo <id|name>', 'check one stored repo')
    .option(
      '--org-defaults <dir>',
      "a checkout of the organisation's .github repository (its files count as defaults)",
    )
    .option('-v, --verbose', 'also list passed and not-applicable rules (text)')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (path: string | undefined, opts: CheckOptions, cmd: Command) => {
        const format = chooseFormat(opts.format, globalOptions(cmd).json === true);
        if (opts.all && (path || opts.repo))
          throw new AgoraError('USAGE', '--all checks every stored repo; give no PATH or --repo with it');
        if (path && opts.repo) throw new AgoraError('USAGE', 'give either PATH or --repo, not both');
        const loaded = await loadConfigFor(cmd);
        const { rulesetFor } = await import('../../checks/service.ts');
        const { runChecks } = await import('../../checks/runner.ts');
        let ruleset = await rulesetFor(loaded, opts.ruleset);
        let reports: import('../../checks/ruleset/types.ts').CheckReport[];
        const notes: string[] = [];
        if (opts.all || opts.repo) {
          const store = await openStoreFor(loaded);
          try {
            const { evaluateStoredRepos } = await import('../../checks/service.ts');
            let repoIds: string[] | undefined;
            if (opts.repo) {
              const { getRepo } = await import('../../store/queries/repos-read.ts');
              const repo = await getRepo(store.db, opts.repo);
              if (!repo)
                throw new AgoraError(
                  'USAGE',
                  `no stored repo "${opts.repo}"; run \`agora crawl\` first or check a folder`,
                );
              repoIds = [repo.id];
            }
            const res = await evaluateStoredRepos(store, loaded, {
              repoIds,
              ruleset: opts.ruleset,
              save: opts.all === true,
            });
            ruleset = res.ruleset;
            reports = res.reports;
            for (const s of res.skipped) notes.push(`${s.name}: not checked (${s.reason})`);
            if (opts.all && res.runId !== null) notes.push(`results saved as check run ${res.runId}`);
          } finally {
            await store.close();
          }
        } else {
          const { resolve } = await import('node:path');
          const { subjectFromDisk } = await import('../../checks/subject-from-disk.ts');
          // The team's own tree in its own CI: a plain README is parsed here, not in a render worker.
          const { parsePlainMarkdownInThread, prepareSubjectMarkdown } = await import(
            '../../checks/rules/helpers.ts'
          );
          parsePlainMarkdownInThread(true);
          const subject = await subjectFromDisk(resolve(path ?? '.'), {
            maxFileBytes: loaded.config.crawl.maxFileBytes,
            largeFileBytes: loaded.config.crawl.largeFileBytes,
            orgDefaults: opts.orgDefaults,
            lastCommit: ruleset.rules.some((r) => r.check.type === 'recent-activity'),
          });
          await prepareSubjectMarkdown(subject);
          reports = [runChecks(subject, ruleset, { overrides: loaded.config.standards.overrides })];
        }
        await emit(format, reports, ruleset, opts);
        const { eprintln } = await import('../output.ts');
        for (const n of notes) eprintln(n);
        return reports.some((r) => r.summary.errors > 0) ? 1 : 0;
      }),
    );
}

function chooseFormat(format: string | undefined, json: boolean): Format {
  if (format === undefined) return json ? 'json' : 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new AgoraError('USAGE', `unknown format "${format}"; use one of ${FORMATS.join(', ')}`);
  }
  return format as Format;
}

async function emit(
  format: Format,
  reports: import('../../checks/ruleset/types.ts').CheckReport[],
  ruleset: import('../../checks/ruleset/types.ts').Ruleset,
  opts: CheckOptions,
): Promise<void> {
  let text: string;
  if (format === 'json') {
    const { jsonReport } = await import('../../checks/formatters/json.ts');
    text = JSON.stringify(jsonReport(reports, ruleset), null, 2);
  } else if (format === 'sarif') {
    const { sarifReport } = await import('../../checks/formatters/sarif.ts');
    text = JSON.stringify(sarifReport(reports, ruleset), null, 2);
  } else if (format === 'markdown') {
    const { markdownReport } = await import('../../checks/formatters/markdown.ts');
    text = markdownReport(reports, ruleset);
  } else {
    const { textReports } = await import('../../checks/formatters/text.ts');
    text = textReports(reports, ruleset, { verbose: opts.verbose });
  }
  if (opts.output) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(opts.output, text.endsWith('\n') ? text : `${text}\n`);
  } else {
    println(text.replace(/\n$/, ''));
  }
}
