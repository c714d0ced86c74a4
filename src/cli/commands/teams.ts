// `agora teams [TEAM]`: every team with what it owns and where its people contribute, plus setup warnings
// (member globs matching nobody, CODEOWNERS teams defined nowhere).

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { printHints, teamHints } from '../hints.ts';
import { eprintln, printJson, println, table, titledTable } from '../output.ts';

const EXAMPLES = `
Examples:
  agora teams                  every team, and warnings about the team setup
  agora teams payments         what payments owns, where its members contribute, who helps it from outside
  agora teams --strict         exit 1 when there are warnings (for CI on the config repo)

Teams come from teams: in agora.yaml and from CODEOWNERS handles; see docs/metrics.md.`;

export function register(program: Command): void {
  program
    .command('teams')
    .argument('[team]', 'team id, name or CODEOWNERS handle')
    .description('teams, what they own, and who contributes across team boundaries')
    .option('--now <date>', 'compute as of this instant (ISO date); default now')
    .option('--strict', 'exit 1 when the team setup has warnings')
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (team: string | undefined, opts: { now?: string; strict?: boolean }, cmd: Command) => {
        const now = opts.now === undefined ? undefined : new Date(opts.now);
        if (now && Number.isNaN(now.getTime()))
          throw new AgoraError('USAGE', `--now: not a date: ${opts.now}`);
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const service = await import('../../metrics/service.ts');
          const json = globalOptions(cmd).json === true;
          const hints = teamHints(loaded);
          if (team) {
            const d = await service.teamDetail(store, loaded, team, { now });
            // Pull requests and issues sent to and received from other teams (forge repos, 90 days).
            const items = await (await import('../../metrics/forge-items.ts')).teamItemMetrics(
              store,
              loaded,
              d.id,
              { now },
            );
            if (json) printJson({ ...d, items, hints });
            else {
              println(renderDetail(d) + renderTeamItems(items));
              printHints(hints);
            }
            return 0;
          }
          const itemMetrics = await import('../../metrics/forge-items.ts');
          const [teams, warnings, org] = await Promise.all([
            service.teamSummaries(store, loaded, { now }),
            service.teamWarnings(store, loaded, { now }),
            itemMetrics.orgItemMetrics(store, loaded, { now }),
          ]);
          // The same records as the API's teams (`pullRequests`): one definition, src/metrics/forge-items.ts.
          const items = org.teams.map(itemMetrics.teamItemSummary);
          if (json) printJson({ teams, items, warnings, hints });
          else {
            println(
              table(
                ['TEAM', 'NAME', 'OWNS', 'MEMBERS', 'COMMITS', 'ELSEWHERE', 'RECEIVED'],
                teams.map((t) => [
                  t.defined ? t.id : `${t.id} (undefined)`,
                  t.name,
                  t.ownedRepos,
                  t.members,
                  t.commits,
                  t.commitsToOtherTeams,
                  t.outsideCommitsReceived ?? '-',
                ]),
              ),
            );
            println(
              '\n(commits over the last 365 days; ELSEWHERE: to repos other teams own; RECEIVED: from outside; -: not measured, the team has no known members)',
            );
            if (org.reposIngested > 0) println(`\n${renderItemTable(items, org.window.days)}`);
            for (const w of warnings) eprintln(`warning: ${w.message}`);
            printHints(hints);
          }
          return opts.strict && warnings.length > 0 ? 1 : 0;
        } finally {
          await store.close();
        }
      }),
    );
}

type TeamDetail = import('../../metrics/types.ts').TeamDetail;
type TeamItemMetrics = import('../../metrics/forge-item-types.ts').TeamItemMetrics;

type TeamItemSummary = import('../../metrics/forge-item-types.ts').TeamItemSummary;

const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)}%`);
const hours = (x: number | null) => (x === null ? '-' : `${Math.round(x * 10) / 10} h`);

function renderItemTable(items: TeamItemSummary[], days: number): string {
  return `${table(
    [
      'TEAM',
      'PRS SENT',
      'MERGED',
      'PRS RECEIVED',
      'MERGED',
      'OUTSIDE ACCEPTED',
      'OUTSIDE SHARE',
      'P90 RESPONSE',
    ],
    items.map((i) => [
      i.team,
      i.prsSent,
      i.prsSentMerged,
      i.prsReceived,
      i.prsReceivedMerged,
      pct(i.outsideAcceptanceRate),
      pct(i.outsideShareOfMergedPrs),
      hours(i.outsidePrFirstResponseP90Hours),
    ]),
  )}\n(pull requests over the last ${days} days, most helpful to others first; SENT: to other teams' repos; RECEIVED: from outside the team; P90 RESPONSE: to outside PRs)`;
}

function renderTeamItems(t: TeamItemMetrics | null): string {
  if (!t) return '';
  const edges = (title: string, list: TeamItemMetrics['sent'], side: 'from' | 'to') =>
    titledTable(
      title,
      [side === 'to' ? 'TO' : 'FROM', 'PRS', 'MERGED', 'ISSUES'],
      list.map((e) => [e[side] ?? '(no team)', e.prs, e.prsMerged, e.issues]),
      'none',
    );
  return [
    '',
    '',
    edges(`pull requests and issues sent to other teams (${t.window.days} days):`, t.sent, 'to'),
    '',
    edges(`received from outside the team (${t.window.days} days):`, t.received, 'from'),
  ].join('\n');
}

function renderDetail(d: TeamDetail): string {
  const out: string[] = [];
  out.push(
    `${d.id}${d.name !== d.id ? ` (${d.name})` : ''}${d.defined ? '' : ' — a CODEOWNERS handle defined in no team'}`,
  );
  if (d.handles.length) out.push(`handles: ${d.handles.join(', ')}`);
  out.push('');
  out.push(
    titledTable(
      'owns:',
      ['REPO', 'PROVENANCE', 'EVIDENCE'],
      d.owns.map((o) => [o.repoId, o.provenance, o.detail]),
      'nothing',
    ),
  );
  out.push('');
  out.push(
    titledTable(
      'members seen (365 days):',
      ['IDENTITY', 'NAME', 'COMMITS'],
      d.membersSeen.map((m) => [m.identity, m.name, m.commits]),
    ),
  );
  out.push('');
  out.push(
    titledTable(
      'contributes to (other teams’ repos):',
      ['REPO', 'OWNER', 'COMMITS', 'PEOPLE'],
      d.contributesTo.map((c) => [c.repoId, c.owner, c.commits, c.contributors]),
    ),
  );
  out.push('');
  if (d.outsideCommitsReceived === null) {
    out.push('outside contributors to its repos: not measured (the team has no known members)');
    return out.join('\n');
  }
  out.push(
    titledTable(
      'outside contributors to its repos:',
      ['IDENTITY', 'TEAM', 'REPO', 'COMMITS'],
      d.outsideContributors.map((c) => [c.identity, c.team ?? '(unaffiliated)', c.repoId, c.commits]),
    ),
  );
  return out.join('\n');
}
