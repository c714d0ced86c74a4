// `agora digest`: the weekly digest of the organisation or a team (new projects, levels reached, cross-team
// contributions, campaigns, pilots with a reminder before their review), printed, or posted to the chat
// webhooks of agora.yaml with `--send` (retried and recorded in the store; failures retried by the next run).

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { printJson, println } from '../output.ts';

const EXAMPLES = `
Examples:
  agora digest                     this week's organisation digest as Markdown
  agora digest --team payments     one team's digest
  agora digest --send              post it to every digest.webhooks entry (Slack, Teams, Mattermost)
  agora digest --send --dry-run    say what would be posted, post nothing

Webhook URLs are read from the environment variables digest.webhooks[].urlEnv names. A failed post is
retried (digest.attempts), recorded, and retried again by the next --send; a week already delivered to a
webhook is not posted twice. The same digests are Atom feeds at /feeds/org.atom and /feeds/teams/ID.atom.
Schedule it with digest.schedule (cron, UTC: fired by the job queue or by agora serve). Exit codes: 0 ok, 1 a delivery failed, 2 usage.`;

export function register(program: Command): void {
  program
    .command('digest')
    .description('the weekly digest: print it, or post it to chat webhooks')
    .option('--team <id>', "a team's digest instead of the organisation's")
    .option('--send', 'post to the configured chat webhooks')
    .option('-n, --dry-run', 'with --send: show what would be posted')
    .option('--now <date>', 'the digest of the 7 days before this instant (ISO date)')
    .addHelpText('after', EXAMPLES)
    .action(
      action(
        async (opts: { team?: string; send?: boolean; dryRun?: boolean; now?: string }, cmd: Command) => {
          const now = opts.now ? new Date(opts.now) : new Date();
          if (Number.isNaN(now.getTime())) throw new AgoraError('USAGE', `--now: not a date: ${opts.now}`);
          const loaded = await loadConfigFor(cmd);
          const store = await openStoreFor(loaded);
          const json = globalOptions(cmd).json === true;
          try {
            if (opts.send) {
              const { sendDigests } = await import('../../program/digest-send.ts');
              const backoff = Number(process.env.AGORA_DIGEST_BACKOFF_MS);
              const outcomes = await sendDigests(store, loaded, {
                now,
                dryRun: opts.dryRun,
                backoffMs: Number.isFinite(backoff) && backoff >= 0 ? backoff : undefined,
              });
              if (json) printJson({ deliveries: outcomes });
              else if (outcomes.length === 0) println('no digest.webhooks configured: nothing to send');
              else
                for (const o of outcomes)
                  println(
                    `${o.status.padEnd(17)} ${o.target} ${o.period} (${o.format}, ${o.attempts} attempt${o.attempts === 1 ? '' : 's'})${o.error ? `: ${o.error}` : ''}`,
                  );
              return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
            }
            const { buildDigest, digestSections } = await import('../../program/digest.ts');
            const d = await buildDigest(store, loaded, { end: now, team: opts.team });
            if (json) printJson(d);
            else {
              const base = loaded.config.server.publicUrl?.replace(/\/+$/, '') ?? '';
              println(
                `# ${d.scope.kind === 'team' ? `Team ${d.scope.name}` : 'InnerSource'} digest, week ${d.period.week}`,
              );
              const sections = digestSections(d, (p) => base + p);
              if (sections.length === 0) println('\nA quiet week: nothing new to report.');
              for (const s of sections) {
                println(`\n## ${s.title}\n`);
                for (const l of s.lines) println(`- ${l}`);
              }
            }
            return 0;
          } finally {
            await store.close();
          }
        },
      ),
    );
}
