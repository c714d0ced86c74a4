// `agora show REPO`: every stored fact of one repository.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { dayFromSeconds } from '../../safe-date.ts';
import type { Store } from '../../store/db.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { printJson, println, titledTable } from '../output.ts';

export function register(program: Command): void {
  program
    .command('show')
    .argument('<repo>', 'repository id (source:path) or name')
    .description('show everything stored about one repository')
    .addHelpText(
      'after',
      '\nExamples:\n  agora show payments-api\n  agora show local:team-a/payments-api --json',
    )
    .action(
      action(async (repo: string, _opts: unknown, cmd: Command) => {
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const detail = await showDetail(store.db, repo);
          if (globalOptions(cmd).json) {
            printJson(detail);
            return 0;
          }
          println(renderText(detail));
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}

type Detail = NonNullable<Awaited<ReturnType<typeof import('../../store/queries/repos-read.ts').getRepo>>>;

/** What `agora show REPO --json` prints (tests read it in-process): the stored repo, the portal's description. */
export async function showDetail(db: Store['db'], repo: string): Promise<Detail> {
  const [{ getRepo }, { describeProject }] = await Promise.all([
    import('../../store/queries/repos-read.ts'),
    import('../../analyse/description.ts'),
  ]);
  const stored = await getRepo(db, repo);
  if (!stored) throw new AgoraError('NOT_FOUND', `no repository "${repo}" (see \`agora repos\`)`);
  // The description the portal shows; the stored one is only the forge's.
  return { ...stored, description: describeProject(stored.description, stored.facts) };
}

/** Rows of a long list printed as text (packages, findings); `--json` has them all. */
const MAX_ROWS = 30;
const ROLE_ORDER = ['publishes', 'consumes'];
const SEVERITY_ORDER = ['error', 'warning', 'info'];

/** `agora show REPO` as text: header, then documents, languages, owners, packages and findings tables. */
export function renderText(d: Detail): string {
  const out: string[] = [];
  const day = (t: number | null) => dayFromSeconds(t) ?? '-';
  out.push(`${d.id}  (${d.status})`);
  if (d.description) out.push(d.description);
  out.push(`location: ${d.location}`);
  out.push(
    `head: ${d.headSha ?? '-'} on ${d.defaultBranch ?? '-'}; last crawled ${d.lastCrawledAt ?? 'never'}`,
  );
  out.push(
    `commits: ${d.commits.count} by ${d.commits.authors} authors, ${day(d.commits.firstAt)} … ${day(d.commits.lastAt)}`,
  );
  out.push('');
  out.push(
    titledTable(
      'documents:',
      ['KIND', 'PATH'],
      d.docs.map((x) => [x.kind, x.path]),
    ),
  );
  out.push('');
  out.push(
    titledTable(
      'languages:',
      ['LANGUAGE', 'BYTES'],
      d.languages.map((x) => [x.language, x.bytes]),
    ),
  );
  out.push('');
  out.push(
    titledTable(
      'owners:',
      ['OWNER', 'SOURCE', 'PATTERN'],
      d.owners.map((x) => [x.owner, x.source, x.pattern ?? '']),
    ),
  );
  out.push('');
  out.push(
    titledTable(
      'packages:',
      ['ROLE', 'ECOSYSTEM', 'NAME', 'MANIFEST'],
      // What the repo publishes first: a monorepo consumes hundreds of packages.
      [...d.packages]
        .sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))
        .map((x) => [x.role, x.ecosystem, x.name, x.manifest]),
      'none',
      { max: MAX_ROWS, more: `\`agora show ${d.id} --json\` lists every one` },
    ),
  );
  out.push('');
  out.push(
    titledTable(
      'findings:',
      ['SEVERITY', 'CODE', 'PATH', 'MESSAGE'],
      // Errors first: the list is cut at MAX_ROWS.
      [...d.findings]
        .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity))
        .map((x) => [x.severity, x.code, x.path ?? '', x.message]),
      'none',
      { max: MAX_ROWS, more: `\`agora show ${d.id} --json\` lists every one` },
    ),
  );
  return out.join('\n');
}
