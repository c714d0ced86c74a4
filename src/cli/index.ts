// The `agora` command line: global options, the command list, and exit codes.
// Command modules are small (flags and help); each imports the core it needs only when it runs.

import { Command, CommanderError } from 'commander';
import { reportError } from './context.ts';

/** Command modules, in the order `--help` lists them. Each exports `register(program)`. */
const COMMANDS = [
  'init',
  'crawl',
  'repos',
  'show',
  'check',
  'fix',
  'metrics',
  'teams',
  'graph',
  'serve',
  'export',
  'demo',
] as const;

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

  for (const name of COMMANDS) {
    let mod: { register(program: Command): void };
    try {
      mod = await import(`./commands/${name}.ts`);
    } catch (err) {
      if (
        (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
        String(err).includes(`${name}.ts`)
      )
        continue;
      throw err;
    }
    mod.register(program);
  }

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
