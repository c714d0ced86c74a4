// `agora graph`: the organisation's re-use graph (A → B when A consumes a package B publishes) as JSON,
// Graphviz DOT or Mermaid.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { eprintln, printJson } from '../output.ts';

const FORMATS = ['json', 'dot', 'mermaid'] as const;

const EXAMPLES = `
Examples:
  agora graph --format dot | dot -Tsvg > reuse.svg
  agora graph --format mermaid --team payments
  agora graph --json                  nodes, edges (with the cross-team flag) and dependency cycles`;

export function register(program: Command): void {
  program
    .command('graph')
    .description('the re-use graph: which repos consume packages other repos publish')
    .option('--format <format>', `output format: ${FORMATS.join(' | ')}`, 'json')
    .option('--team <team>', 'only the edges touching this team’s repos')
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (opts: { format: string; team?: string }, cmd: Command) => {
        const format = globalOptions(cmd).json ? 'json' : opts.format;
        if (!(FORMATS as readonly string[]).includes(format)) {
          throw new AgoraError('USAGE', `--format: one of ${FORMATS.join(', ')} (got ${format})`);
        }
        const loaded = await loadConfigFor(cmd);
        const store = await openStoreFor(loaded);
        try {
          const service = await import('../../metrics/service.ts');
          const { toDot, toMermaid } = await import('../../metrics/reuse.ts');
          const graph = await service.reuseGraph(store, loaded, { team: opts.team });
          if (format === 'json') printJson(graph);
          else if (format === 'dot') process.stdout.write(toDot(graph));
          else process.stdout.write(toMermaid(graph));
          if (format !== 'json') {
            for (const c of graph.cycles) eprintln(`note: dependency cycle: ${c.join(' → ')}`);
          }
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}
