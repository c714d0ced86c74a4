// `agora campaign`: standards campaigns declared in agora.yaml (a rule or level, a scope, a target date):
// where each stands, the fix pull requests it opens on forge repos, and promoting a finished one's rule.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { eprintln, printJson, println, table } from '../output.ts';

const EXAMPLES = `
Examples:
  agora campaign list                       every campaign with repos passing / in scope and days left
  agora campaign status contributing-2026   who is left, each repo's owner, channel and pull request
  agora campaign run contributing-2026 --dry-run
                                            list every pull request it would open (branch, files, title)
  agora campaign run contributing-2026      open them: one branch and one commit per failing forge repo
  agora campaign promote contributing-2026  make the campaign's rule an error in the standing ruleset

A repo gets at most one pull request per campaign, ever: one closed without merging shows as "declined" and
is never reopened. Files that exist are never overwritten; nothing is force-pushed. When the token may not
push to a repo, the branch goes to a fork. Exit codes: 0 ok, 1 a pull request failed, 2 usage or config.`;

function parseNow(now?: string): Date | undefined {
  if (now === undefined) return undefined;
  const d = new Date(now);
  if (Number.isNaN(d.getTime())) throw new AgoraError('USAGE', `--now: not a date: ${now}`);
  return d;
}

export function register(program: Command): void {
  const campaign = program
    .command('campaign')
    .description('standards campaigns: progress, fix pull requests, promotion into the ruleset')
    .addHelpText('after', EXAMPLES);

  campaign
    .command('list')
    .description('every campaign of agora.yaml with its progress')
    .option('--now <date>', 'as of this instant (ISO date)')
    .action(
      action(async (opts: { now?: string }, cmd: Command) => {
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const { campaignStatus } = await import('../../program/campaigns.ts');
          const out = [];
          for (const id of Object.keys(loaded.config.campaigns ?? {}))
            out.push(await campaignStatus(store, loaded, id, { now: parseNow(opts.now) }));
          if (globalOptions(cmd).json)
            printJson({
              campaigns: out.map(({ repos: _r, burnup: _b, ...c }) => c),
            });
          else if (out.length === 0) println('no campaigns: declare them under campaigns: in agora.yaml');
          else
            println(
              table(
                ['CAMPAIGN', 'RULE/LEVEL', 'PASSING', 'TARGET', 'DAYS LEFT', 'PRS OPEN', 'DECLINED'],
                out.map((c) => [
                  c.id,
                  c.rule ?? c.level,
                  `${c.passing}/${c.total}`,
                  c.target,
                  c.daysLeft,
                  c.prs.open,
                  c.prs.declined,
                ]),
              ),
            );
          return 0;
        } finally {
          await store.close();
        }
      }),
    );

  campaign
    .command('status')
    .argument('<name>', 'campaign id (a key of campaigns: in agora.yaml)')
    .description('one campaign: repos left with owner, channel and pull request, and the burn-up')
    .option('--now <date>', 'as of this instant (ISO date)')
    .action(
      action(async (name: string, opts: { now?: string }, cmd: Command) => {
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const { campaignStatus } = await import('../../program/campaigns.ts');
          const s = await campaignStatus(store, loaded, name, { now: parseNow(opts.now) });
          if (globalOptions(cmd).json) printJson(s);
          else {
            println(
              `${s.title}: ${s.passing} of ${s.total} repos pass ${s.rule ?? `level ${s.level}`} (target ${s.target}, ${s.daysLeft} days left)`,
            );
            println(
              table(
                ['REPO', 'STATUS', 'OWNER', 'CHANNEL', 'PULL REQUEST'],
                s.repos.map((r) => [
                  r.name,
                  r.passing ? 'pass' : r.status,
                  r.team ?? '-',
                  r.channels[0]?.url ?? '-',
                  r.pr ? `${r.pr.state}${r.pr.url ? ` ${r.pr.url}` : ''}` : '-',
                ]),
              ),
            );
          }
          return 0;
        } finally {
          await store.close();
        }
      }),
    );

  campaign
    .command('run')
    .argument('<name>', 'campaign id')
    .description('open the fix as a pull/merge request on each failing forge repo in scope')
    .option('-n, --dry-run', 'list every pull request it would open; change nothing')
    .action(
      action(async (name: string, opts: { dryRun?: boolean }, cmd: Command) => {
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const { runCampaign } = await import('../../program/campaigns.ts');
          const json = globalOptions(cmd).json === true;
          const tty = process.stderr.isTTY && !json;
          const items = await runCampaign(store, loaded, name, {
            dryRun: opts.dryRun,
            onProgress: tty ? (i) => eprintln(`${i.action.padEnd(10)} ${i.name}`) : undefined,
          });
          const failed = items.filter((i) => i.action === 'failed').length;
          if (json) printJson({ campaign: name, dryRun: opts.dryRun === true, items });
          else if (items.length === 0)
            println('nothing to do: every repo in scope passes or has its pull request');
          else {
            for (const i of items) {
              println(
                `${i.action.padEnd(10)} ${i.name}${i.url ? `  ${i.url}` : ''}${i.reason ? `  (${i.reason})` : ''}`,
              );
              if (i.action === 'would-open') {
                println(`           branch ${i.branch}, files ${i.files?.join(', ')}`);
                println(`           title  ${i.title}`);
              }
            }
          }
          return failed > 0 ? 1 : 0;
        } finally {
          await store.close();
        }
      }),
    );

  campaign
    .command('promote')
    .argument('<name>', 'campaign id')
    .description("make a finished campaign's rule(s) errors in the standing ruleset")
    .option('--force', 'promote although repos in scope still fail and the target date is ahead')
    .action(
      action(async (name: string, opts: { force?: boolean }, cmd: Command) => {
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const { campaignStatus } = await import('../../program/campaigns.ts');
          const { promoteCampaign } = await import('../../program/promote.ts');
          const s = await campaignStatus(store, loaded, name);
          if (!opts.force && s.passing < s.total && s.daysLeft > 0) {
            throw new AgoraError(
              'USAGE',
              `campaign ${name} is not finished: ${s.total - s.passing} of ${s.total} repos still fail and ${s.daysLeft} days are left (--force to promote anyway)`,
            );
          }
          const r = promoteCampaign(loaded, s);
          if (globalOptions(cmd).json) printJson({ campaign: name, ...r });
          else {
            println(`promoted ${r.rules.join(', ')} to level error in ${r.rulesetFile}`);
            if (r.configChanged) println(`standards.ruleset in ${loaded.file} now points at it`);
          }
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}
