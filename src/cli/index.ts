// The `agora` command line: global options, the command list, and exit codes.
// Command modules are small (flags and help); each imports the core it needs only when it runs.

import { Command, CommanderError } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { reportError } from './context.ts';

/** Command modules, in the order `--help` lists them; each exports `register(program)`. A command's module is
 * imported only when it runs (or for the help), and it imports its core only inside its action. */
const COMMANDS: Record<string, () => Promise<{ register(program: Command): void }>> = {
  init: () => import('./commands/init.ts'),
  crawl: () => import('./commands/crawl.ts'),
  repos: () => import('./commands/repos.ts'),
  show: () => import('./commands/show.ts'),
  check: () => import('./commands/check.ts'),
  fix: () => import('./commands/fix.ts'),
  metrics: () => import('./commands/metrics.ts'),
  teams: () => import('./commands/teams.ts'),
  graph: () => import('./commands/graph.ts'),
  gigs: () => import('./commands/gigs.ts'),
  serve: () => import('./commands/serve.ts'),
  worker: () => import('./commands/worker.ts'),
  status: () => import('./commands/status.ts'),
  export: () => import('./commands/export.ts'),
  tokens: () => import('./commands/tokens.ts'),
  demo: () => import('./commands/demo.ts'),
  pilot: () => import('./commands/pilot.ts'),
  campaign: () => import('./commands/campaign.ts'),
  digest: () => import('./commands/digest.ts'),
};

/** Global options that take a value (so the value is not mistaken for the command name). */
const VALUE_OPTIONS = new Set(['-c', '--config', '--data-dir', '--database']);

/**
 * The commands to register for `argv` (node, script, args…): only the one it names, so `agora check` loads
 * nothing of the others; every command when it names none or an unknown one (help, suggestions).
 */
function commandsFor(argv: string[]): string[] {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (VALUE_OPTIONS.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    return Object.hasOwn(COMMANDS, arg) ? [arg] : Object.keys(COMMANDS);
  }
  return Object.keys(COMMANDS);
}

async function main(argv: string[]): Promise<void> {
  // `agora … | head` closes the pipe early; that is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  const program = new Command('agora')
    .description(
      'InnerSource portal and toolkit: find every repository, check it against your standards, measure collaboration.',
    )
    .option('-c, --config <file>', 'config file (default: ./agora.yaml if present)')
    .option('--data-dir <dir>', 'data directory for mirrors and the embedded database (overrides the config)')
    .option(
      '--database <url>',
      'database URL: sqlite:PATH or postgres://… (overrides config and DATABASE_URL)',
    )
    .option('--json', 'print machine-readable JSON instead of text')
    .version(pkg.version, '-V, --version', 'print the version of agora')
    .showSuggestionAfterError()
    .exitOverride()
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 findings or failures, 2 usage or configuration error.

Start here:
  agora demo                      generate a demo organisation, crawl it and open the portal
  agora init                      write a commented agora.yaml
  agora crawl ~/src               crawl every git repository under a folder
  agora repos --lacks contributing
  agora check .                   check the current repository against the InnerSource standard`,
    );

  const names = commandsFor(argv);
  const modules = await Promise.all(names.map((name) => COMMANDS[name]()));
  for (const mod of modules) mod.register(program);

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (
        err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
      ) {
        process.exitCode = 0;
        return;
      }
      process.exitCode = 2;
      return;
    }
    process.exitCode = reportError(err, argv.includes('--json'));
  }
}

await main(process.argv);
