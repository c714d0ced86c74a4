// `agora gigs`: open issues labelled for guests (help wanted, good first issue, or the configured labels)
// across every crawled repository, newest first, with where to start (contribution guide, channel).

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { printJson, println, table } from '../output.ts';

const EXAMPLES = `
Examples:
  agora gigs                               the newest 50 gigs in every repository
  agora gigs --language go --max-age 30    Go gigs opened in the last 30 days
  agora gigs --team payments --json        the payments team's gigs as JSON
  agora gigs --label "good first issue" --limit 10

A gig is an open issue with a label of \`gigs.labels\` in agora.yaml (default: "help wanted", "good first issue";
\`gigs.orgs\` sets them per organisation) or of innersource.json \`helpWantedLabels\`. Issues come from the
forge (GitHub, GitLab, Gitea) at crawl time. Exit codes: 0 ok (also when none match), 2 usage error.`;

interface GigsOptions {
  language?: string;
  team?: string;
  label?: string;
  maxAge?: string;
  limit: string;
  page: string;
}

/** Forge text is untrusted: no control characters (terminal escapes) reach the terminal. */
function plain(text: string, max: number): string {
  const t = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function positive(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AgoraError('USAGE', `${name}: expected a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

export function register(program: Command): void {
  program
    .command('gigs')
    .description('open issues labelled help wanted / good first issue across every repository')
    .option('-l, --language <name>', 'only gigs of repos whose primary language is this')
    .option('-t, --team <team>', 'only gigs of repos this team owns (id or name)')
    .option('--label <label>', 'only gigs with this label')
    .option('--max-age <days>', 'only gigs opened at most this many days ago')
    .option('--limit <n>', 'gigs per page (1–200)', '50')
    .option('--page <n>', 'page to print', '1')
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (opts: GigsOptions, cmd: Command) => {
        const query = {
          language: opts.language,
          team: opts.team,
          label: opts.label,
          maxAgeDays: opts.maxAge === undefined ? undefined : positive('--max-age', opts.maxAge, 0, 100_000),
          pageSize: positive('--limit', opts.limit, 1, 200),
          page: positive('--page', opts.page, 1, 100_000),
        };
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const [{ buildCatalogue }, { gigRepoOf }, { collectGigs }, { queryGigs }] = await Promise.all([
            import('../../server/catalogue.ts'),
            import('../../server/presenters/gigs.ts'),
            import('../../gigs/collect.ts'),
            import('../../gigs/gigs.ts'),
          ]);
          const cat = await buildCatalogue(store, loaded);
          const repos = cat.projects.filter((p) => !p.summary.archived).map(gigRepoOf);
          const list = await collectGigs(store.db, loaded.config, repos, cat.now);
          const page = queryGigs(list, query);
          if (globalOptions(cmd).json) {
            printJson(page);
            return 0;
          }
          if (page.total === 0) {
            println(
              list.gigs.length === 0
                ? 'no gigs: no open issue carries a gig label (crawl a forge source first?)'
                : 'no gigs match these filters',
            );
            return 0;
          }
          println(
            table(
              ['AGE', 'REPO', 'ISSUE', 'LABELS', 'LANGUAGE', 'TEAM', 'START HERE'],
              page.items.map((g) => [
                `${g.ageDays}d`,
                plain(g.repoFullName, 60),
                `#${g.number} ${plain(g.title, 60)}`,
                plain(g.gigLabels.join(', '), 40),
                g.language ?? '-',
                g.teamName ?? g.team ?? '-',
                g.contributeUrl ?? g.url ?? '-',
              ]),
            ),
          );
          const shown = (page.page - 1) * page.pageSize + page.items.length;
          println(
            `\n${shown} of ${page.total} gig${page.total === 1 ? '' : 's'}${page.truncated ? ' (only the 5,000 most recently updated labelled issues were read)' : ''}`,
          );
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}
