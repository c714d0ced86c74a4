// `agora export`: the catalogue as the SAP portal's repos.json, Backstage entities, CSV or Agora's JSON.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { printJson, println } from '../output.ts';

const FORMATS = ['sap-portal', 'backstage', 'csv', 'json'] as const;

const EXAMPLES = `
Examples:
  agora export --format sap-portal --out repos.json      feed an existing SAP InnerSource portal
  agora export --format backstage --out catalog-info.yaml
  agora export --format csv > repos.csv
  agora export --format json | jq '.items[0]'`;

export function register(program: Command): void {
  program
    .command('export')
    .description('export the catalogue: sap-portal (repos.json), backstage (catalog-info.yaml), csv or json')
    .requiredOption('-f, --format <format>', `one of ${FORMATS.join(', ')}`)
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .option(
      '--portal-url <url>',
      'public URL of the Agora portal, for links to repos without a forge URL (default: server.publicUrl); the sap-portal export needs one when such repos exist',
    )
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (opts: { format: string; out?: string; portalUrl?: string }, cmd: Command) => {
        if (!(FORMATS as readonly string[]).includes(opts.format)) {
          throw new AgoraError('USAGE', `--format must be one of ${FORMATS.join(', ')}, not ${opts.format}`);
        }
        const loaded = await loadConfigFor(cmd);
        const portalUrl = opts.portalUrl ?? loaded.config.server.publicUrl;
        if (portalUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(portalUrl)) {
          throw new AgoraError('USAGE', `--portal-url must be an absolute http(s) URL, not ${portalUrl}`);
        }
        const store = await openStoreFor(loaded);
        try {
          const { buildCatalogue } = await import('../../server/catalogue.ts');
          const { exportCatalogue } = await import('../../export/index.ts');
          const cat = await buildCatalogue(store, loaded);
          const out = await exportCatalogue(cat, opts.format as (typeof FORMATS)[number], { portalUrl });
          if (opts.out) {
            const { writeFile } = await import('node:fs/promises');
            const { resolve } = await import('node:path');
            const file = resolve(opts.out);
            await writeFile(file, out.body);
            if (globalOptions(cmd).json)
              printJson({ written: file, format: opts.format, repos: cat.projects.length });
            else println(`wrote ${cat.projects.length} repositories to ${file}`);
          } else {
            process.stdout.write(out.body);
          }
          return 0;
        } finally {
          await store.close();
        }
      }),
    );
}
