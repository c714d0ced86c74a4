// `agora demo`: generate a realistic demo organisation, crawl it into the embedded database and serve the
// portal on it. The README's quick-start command.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { action, globalOptions } from '../context.ts';
import { eprintln, printJson, println } from '../output.ts';

interface DemoOptions {
  dir: string;
  port: number;
  host: string;
  serve: boolean;
  regenerate?: boolean;
}

export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'generate a demo organisation (~40 repos, 6 teams, 50 people, 2 years), crawl it and serve the portal',
    )
    .option('--dir <dir>', 'where the demo organisation and its database live', '.agora-demo')
    .option('--port <port>', 'port of the portal', (v) => Number.parseInt(v, 10), 4400)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--no-serve', 'generate and crawl only')
    .option('--regenerate', 'throw the existing demo away and generate it again')
    .addHelpText(
      'after',
      `
The demo is generated once (deterministically) and re-used; each run re-crawls it, which is quick
because nothing changed. Then try:
  agora --config .agora-demo/agora.yaml repos --lacks contributing
  agora --config .agora-demo/agora.yaml metrics`,
    )
    .action(
      action(async (opts: DemoOptions, cmd: Command) => {
        const json = globalOptions(cmd).json === true;
        const dir = resolve(opts.dir);
        const configPath = join(dir, 'agora.yaml');
        const say = (text: string) => (json ? undefined : eprintln(text));
        if (opts.regenerate && existsSync(dir)) {
          const { rm } = await import('node:fs/promises');
          await rm(dir, { recursive: true, force: true });
        }
        if (!existsSync(configPath)) {
          say(`generating the demo organisation in ${dir} …`);
          const { generateOrg } = await import('../../demo/generate.ts');
          const generated = await generateOrg({
            dir,
            repos: 40,
            people: 50,
            teams: 6,
            years: 2,
            commits: 9000,
            seed: 7,
            withDemoContent: true,
          });
          say(`generated ${generated.stats.repos} repositories with ${generated.stats.commits} commits`);
        }
        const { loadConfig } = await import('../../config/load.ts');
        const loaded = await loadConfig({ file: configPath, cwd: process.cwd() });
        const { openStore } = await import('../../store/db.ts');
        const store = await openStore({
          url: globalOptions(cmd).database ?? loaded.config.database,
          dataDir: resolve(loaded.baseDir, loaded.config.dataDir),
        });
        try {
          say('crawling …');
          const { runCrawl } = await import('../../crawl/crawl.ts');
          const summary = await runCrawl({ loaded, store });
          say(
            `crawled ${summary.repos.total} repositories (${summary.repos.new} new, ${summary.repos.changed} changed) in ${(summary.ms / 1000).toFixed(1)} s`,
          );
          if (!opts.serve) {
            if (json) printJson({ dir, config: configPath, crawl: summary });
            return 0;
          }
          const { startServer } = await import('../../server/start.ts');
          const server = await startServer({ loaded, store, host: opts.host, port: opts.port });
          if (json) printJson({ dir, config: configPath, crawl: summary, url: server.url });
          else println(`Agora is serving the demo organisation at ${server.url}  (Ctrl-C to stop)`);
          await server.closed;
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}
