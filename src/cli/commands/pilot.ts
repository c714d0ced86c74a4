// `agora pilot`: InnerSource pilots declared in agora.yaml or the portal (cohort, start, review, control): a report of
// before/after and pilot versus control, with sample and effect sizes, to paste into a management review.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { printJson, println, table } from '../output.ts';

const EXAMPLES = `
Examples:
  agora pilot list                               every pilot with its dates and cohort sizes
  agora pilot report checkout-pilot              before/after as Markdown (paste it into a review)
  agora pilot report checkout-pilot --format json

The baseline (the baselineDays before the start) is frozen in the store the first time a report runs after
the start, so later crawls do not move it. Shares are compared (Cohen's h) only with enough observations;
see docs/metrics.md "Pilots". Exit codes: 0 ok, 1 not found, 2 usage or configuration error.`;

export function register(program: Command): void {
  const pilot = program
    .command('pilot')
    .description('InnerSource pilots: before/after and pilot versus control')
    .addHelpText('after', EXAMPLES);
  pilot
    .command('list')
    .description("every pilot: agora.yaml's and those admins declared in the portal")
    .action(
      action(async (_opts: unknown, cmd: Command) => {
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const { mergedPilots } = await import('../../program/portal-pilots.ts');
          const pilots = (await mergedPilots(store, loaded)).list;
          if (globalOptions(cmd).json) printJson({ pilots });
          else if (pilots.length === 0)
            println("no pilots: declare them under pilots: in agora.yaml, or on the portal's Pilots page");
          else
            println(
              table(
                ['PILOT', 'START', 'REVIEW', 'CONTROL', 'DECLARED IN'],
                pilots.map((p) => [p.id, p.start, p.review ?? '-', p.control ? 'yes' : 'no', p.source]),
              ),
            );
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
  pilot
    .command('report')
    .argument('<name>', 'pilot id (a key of pilots: in agora.yaml, or declared in the portal)')
    .description('before/after, pilot versus control, with sample and effect sizes')
    .option('--format <format>', 'markdown or json', 'markdown')
    .option('--now <date>', 'as of this instant (ISO date)')
    .action(
      action(async (name: string, opts: { format: string; now?: string }, cmd: Command) => {
        if (!['markdown', 'json'].includes(opts.format))
          throw new AgoraError('USAGE', `--format: markdown or json, not ${opts.format}`);
        const now = opts.now ? new Date(opts.now) : undefined;
        if (now && Number.isNaN(now.getTime()))
          throw new AgoraError('USAGE', `--now: not a date: ${opts.now}`);
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const { pilotReport, pilotMarkdown } = await import('../../program/pilots.ts');
          const r = await pilotReport(store, loaded, name, { now });
          if (opts.format === 'json' || globalOptions(cmd).json) printJson(r);
          else process.stdout.write(pilotMarkdown(r));
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}
