// `agora repos`: list stored repositories, filtered by language, documents present or missing, and owner.

import type { Command } from 'commander';
import { DOC_KINDS, type DocKind } from '../../analyse/facts.ts';
import { AgoraError } from '../../errors.ts';
import { dayFromSeconds } from '../../safe-date.ts';
import type { RepoListItem } from '../../store/queries/repos-read.ts';
import type { Db } from '../../store/queries/shared.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { printJson, println, table } from '../output.ts';

function docKinds(value: string, previous: DocKind[] = []): DocKind[] {
  const kinds = value.split(',').map((v) => v.trim().toLowerCase().replace(/-/g, '_'));
  for (const k of kinds) {
    if (!(DOC_KINDS as readonly string[]).includes(k)) {
      throw new AgoraError('USAGE', `unknown document kind "${k}"; one of: ${DOC_KINDS.join(', ')}`);
    }
  }
  return [...previous, ...(kinds as DocKind[])];
}

/** The listed repos with the description the portal shows (the stored one is only the forge's). */
async function withDescriptions(db: Db, repos: RepoListItem[]): Promise<RepoListItem[]> {
  if (repos.length === 0) return repos;
  const [{ checkableRepos }, { describeProject }] = await Promise.all([
    import('../../store/queries/checks.ts'),
    import('../../analyse/description.ts'),
  ]);
  const facts = new Map(
    (
      await checkableRepos(
        db,
        repos.map((r) => r.id),
      )
    ).map((r) => [r.id, r.facts]),
  );
  return repos.map((r) => ({ ...r, description: describeProject(r.description, facts.get(r.id) ?? null) }));
}

export function register(program: Command): void {
  program
    .command('repos')
    .description('list the crawled repositories')
    .option('-l, --language <name>', 'only repos whose primary language is this (case-insensitive)')
    .option(
      '--has <docs>',
      `only repos that have these documents (comma-separated: ${DOC_KINDS.join(', ')})`,
      docKinds,
    )
    .option('--lacks <docs>', 'only repos that lack these documents', docKinds)
    .option('--owner <owner>', 'only repos with this owner (a CODEOWNERS handle, email or catalog owner)')
    .option('--status <status>', 'active (default), gone, failed or all', 'active')
    .addHelpText(
      'after',
      `
Examples:
  agora repos --lacks contributing,codeowners     who still needs the basics
  agora repos --language go --json                Go repositories as JSON
  agora repos --status gone                       repositories that disappeared`,
    )
    .action(
      action(
        async (
          opts: { language?: string; has?: DocKind[]; lacks?: DocKind[]; owner?: string; status: string },
          cmd: Command,
        ) => {
          const loaded = await loadConfigFor(cmd);
          const store = await openStoreFor(loaded);
          try {
            const { listRepos } = await import('../../store/queries/repos-read.ts');
            const listed = await listRepos(store.db, {
              language: opts.language,
              has: opts.has,
              lacks: opts.lacks,
              owner: opts.owner,
              status: opts.status === 'all' ? undefined : opts.status,
            });
            const repos = await withDescriptions(store.db, listed);
            if (globalOptions(cmd).json) {
              printJson({ count: repos.length, repos });
            } else if (repos.length === 0) {
              println('no repositories match (run `agora crawl` first?)');
            } else {
              println(
                table(
                  ['REPO', 'LANGUAGE', 'COMMITS', 'LAST COMMIT', 'DOCS'],
                  repos.map((r) => [
                    r.id,
                    r.primaryLanguage ?? '-',
                    r.commitCount,
                    dayFromSeconds(r.lastCommitAt) ?? '-',
                    r.docKinds.join(','),
                  ]),
                ),
              );
            }
            return 0;
          } finally {
            await store.close();
          }
        },
      ),
    );
}
