// `agora metrics [REPO]`: one repo's collaboration numbers and activity score, or the organisation roll-up.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { printHints, teamHints } from '../hints.ts';
import { printJson, println, table, titledTable } from '../output.ts';

const EXAMPLES = `
Examples:
  agora metrics                      the organisation roll-up (last 90 days and 12 months)
  agora metrics payments-api         one repo: windows of 30/90/365 days, owner, activity score, re-use
  agora metrics payments-api --json
  agora metrics --now 2024-12-31     as of a given day (reproducible reports)
  agora metrics payments-api --window 7,30,180   one repo over other windows
  agora metrics --window 30          the roll-up's headline over the last 30 days

Definitions: docs/metrics.md`;

function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new AgoraError('USAGE', `--now: not a date: ${value}`);
  return d;
}

/** `90` or `7,30,180`: whole days from 1 to 3,650, in the order given, without repeats. */
function parseWindows(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  const days = parts.map(Number);
  if (parts.length === 0 || days.some((d, i) => parts[i] === '' || !Number.isInteger(d) || d < 1 || d > 3650))
    throw new AgoraError(
      'USAGE',
      `--window: whole numbers of days from 1 to 3650, comma-separated (got ${value})`,
    );
  return [...new Set(days)];
}

function pct(v: number | null): string {
  return v === null ? '-' : `${(v * 100).toFixed(1)}%`;
}

export function register(program: Command): void {
  program
    .command('metrics')
    .argument('[repo]', 'repository id or name; omit for the organisation roll-up')
    .description('collaboration metrics: outside share, contributors, bus factor, activity score, re-use')
    .option('--now <date>', 'compute as of this instant (ISO date); default now')
    .option(
      '--window <days>',
      "window in days: one repo's windows as a comma-separated list (default 30,90,365), or the roll-up's headline window (default 90)",
    )
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (repo: string | undefined, opts: { now?: string; window?: string }, cmd: Command) => {
        const now = parseNow(opts.now);
        const windows = opts.window === undefined ? undefined : parseWindows(opts.window);
        if (!repo && windows && windows.length > 1)
          throw new AgoraError('USAGE', '--window: the roll-up takes one window (a list is for one repo)');
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const service = await import('../../metrics/service.ts');
          const json = globalOptions(cmd).json === true;
          const hints = teamHints(loaded);
          const itemsService = await import('../../metrics/forge-items.ts');
          if (repo) {
            const m = await service.repoMetrics(store, loaded, repo, { now, windows });
            // Issues and pull requests (forge repos): over 90 days, or the first window asked.
            const items = await itemsService.repoItemMetrics(store, loaded, m.repoId, {
              now,
              days: windows?.[0] ?? 90,
            });
            if (json) printJson({ ...m, items, hints });
            else
              println(
                renderRepo(m) + renderItems(items?.ingested ? items.numbers : null, items?.window.days),
              );
          } else {
            const r = await service.orgRollup(store, loaded, { now, windowDays: windows?.[0] });
            const items = await itemsService.orgItemMetrics(store, loaded, { now, days: windows?.[0] ?? 90 });
            if (json) printJson({ ...r, items, hints });
            else
              println(
                renderRollup(r) +
                  renderItems(items.reposIngested > 0 ? items.numbers : null, items.window.days),
              );
          }
          if (!json) printHints(hints);
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}

type RepoMetrics = import('../../metrics/types.ts').RepoMetrics;
type ItemNumbers = import('../../metrics/forge-item-types.ts').ItemNumbers;
type DurationStats = import('../../metrics/forge-item-types.ts').DurationStats;

function hours(d: DurationStats): string {
  if (d.medianHours === null) return '-';
  const more = d.censored > 0 ? '≥' : '';
  return `median ${more}${d.medianHours} h, p90 ${more}${d.p90Hours} h (${d.answered} answered, ${d.censored} open, ${d.unanswered} never)`;
}

/** Issues and pull requests of forge repos (nothing when none were read). */
function renderItems(n: ItemNumbers | null, days: number | undefined): string {
  if (!n) return '';
  const out = ['', `issues and pull requests (${days} days; definitions: docs/metrics.md)`];
  out.push(
    `  PRs: ${n.prs.opened} opened, ${n.prs.merged} merged, ${n.prs.closed} closed unmerged, merge rate ${pct(n.prs.mergeRate)}`,
  );
  out.push(
    `  outside PRs: ${n.outside.prsOpened} opened, ${n.outside.prsMerged} merged, acceptance ${pct(n.outside.acceptanceRate)}, share of merged ${pct(n.outside.shareOfMergedPrs)}`,
  );
  out.push(`  first response to PRs: ${hours(n.prs.firstResponse)}`);
  out.push(`  first review: ${hours(n.prs.firstReview)}`);
  out.push(`  time to merge: ${hours(n.prs.timeToMerge)}`);
  out.push(`  issues: ${n.issues.opened} opened; first response: ${hours(n.issues.firstResponse)}`);
  return out.join('\n');
}
type OrgRollup = import('../../metrics/types.ts').OrgRollup;

function renderRepo(m: RepoMetrics): string {
  const out: string[] = [];
  out.push(`${m.repoId} (as of ${m.now.slice(0, 10)})`);
  const o = m.owner;
  out.push(
    `owner: ${o.team ?? 'none'} [${o.provenance}${o.origin ? `: ${o.origin}` : ''}]${o.detail ? ` ${o.detail}` : ''}${o.undefinedHandle ? ' (handle defined in no team)' : ''}`,
  );
  out.push(`activity score: ${m.activity.score}`);
  out.push('');
  out.push(
    table(
      [
        'WINDOW',
        'COMMITS',
        'BOTS',
        'CONTRIBUTORS',
        'NEW',
        'OUTSIDE',
        'OUTSIDE PEOPLE',
        'OUTSIDE TEAMS',
        'BUS',
        'ELEPHANT',
      ],
      m.windows.map((w) => [
        `${w.days}d`,
        w.commits,
        w.botCommits,
        w.activeContributors,
        w.newContributors,
        pct(w.outsideShare),
        w.outsideContributors,
        w.outsideTeams,
        w.busFactor,
        w.elephantFactor,
      ]),
    ),
  );
  out.push('');
  out.push(
    titledTable(
      'contributors by team (365 days):',
      ['TEAM', 'COMMITS', 'PEOPLE', 'OUTSIDE'],
      m.contributorsByTeam.map((t) => [
        t.team ?? '(unaffiliated)',
        t.commits,
        t.contributors,
        t.outside ? 'yes' : 'no',
      ]),
    ),
  );
  out.push('');
  const links = (label: string, list: RepoMetrics['dependencies']) => {
    out.push(
      titledTable(
        `${label}:`,
        ['REPO', 'TEAM', 'PACKAGES', 'CROSS-TEAM'],
        list.map((l) => [
          l.repoId,
          l.team,
          l.packages.map((p) => p.name).join(', '),
          l.crossTeam ? 'yes' : 'no',
        ]),
      ),
    );
  };
  links('depends on', m.dependencies);
  out.push('');
  links('used by', m.dependents);
  return out.join('\n');
}

function renderRollup(r: OrgRollup): string {
  const out: string[] = [];
  out.push(`organisation (as of ${r.now.slice(0, 10)}, last ${r.windowDays} days)`);
  out.push(`repos: ${r.repos}`);
  out.push(
    `with outside contributions: ${r.reposWithOutsideContributions} (${r.shareWithOutsideContributions === null ? 'share not measured' : pct(r.shareWithOutsideContributions)})`,
  );
  out.push(`cross-team contributors: ${r.crossTeamContributors}`);
  out.push(`re-use edges: ${r.reuseEdges} (cross-team ${r.crossTeamReuseEdges})`);
  out.push(`meeting the base standard: ${pct(r.shareMeetingBaseStandard)}`);
  out.push('');
  out.push(
    table(
      ['MONTH', 'REPOS', 'OUTSIDE', 'SHARE', 'CROSS-TEAM PEOPLE', 'CROSS-TEAM EDGES', 'BASE STANDARD'],
      r.series.map((p) => [
        p.partial ? `${p.month} (so far)` : p.month,
        p.repos,
        p.reposWithOutsideContributions,
        pct(p.shareWithOutsideContributions),
        p.crossTeamContributors,
        p.crossTeamReuseEdges,
        pct(p.shareMeetingBaseStandard),
      ]),
    ),
  );
  for (const n of r.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
