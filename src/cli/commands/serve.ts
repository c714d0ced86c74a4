// `agora serve`: the portal (web UI and JSON API) on 127.0.0.1 by default, until interrupted.

import type { Command } from 'commander';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { eprintln, printJson, println } from '../output.ts';

const EXAMPLES = `
Examples:
  agora serve                         serve on http://127.0.0.1:4400 (config server.host / server.port)
  agora serve --port 8080             another port
  agora serve --host 0.0.0.0          listen on every interface (needs server.auth.mode oidc or proxy; put it behind TLS)
  AGORA_ADMIN_TOKEN=… agora serve     allow POST /api/v1/crawls with "Authorization: Bearer …"

The API is described at /api/docs (OpenAPI at /api/openapi.json). Build the UI first with: npm run build:web`;

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the portal: web UI, JSON API and exports')
    .option('-p, --port <port>', 'port to listen on (0 = any free port)')
    .option('--host <host>', 'interface to bind (default 127.0.0.1)')
    .option('--log-level <level>', 'request log level on stderr: fatal, error, warn, info, debug', 'warn')
    .addHelpText('after', EXAMPLES)
    .action(
      action(async (opts: { port?: string; host?: string; logLevel: string }, cmd: Command) => {
        const loaded = await loadConfigFor(cmd);
        const port = opts.port === undefined ? loaded.config.server.port : Number(opts.port);
        const host = opts.host ?? loaded.config.server.host;
        const store = await openStoreFor(loaded);
        try {
          const { startServer } = await import('../../server/start.ts');
          const { url, app, closed } = await startServer({
            loaded,
            store,
            host,
            port,
            logLevel: opts.logLevel,
          });
          const repos = app.portal.catalogue.projects.length;
          if (globalOptions(cmd).json) printJson({ url, repos, db: store.dialect, ui: app.portal.webIndex });
          else {
            println(`Agora portal: ${url}  (${repos} repositories, ${store.dialect})`);
            if (!app.portal.webIndex)
              eprintln('agora: the web UI is not built; run `npm run build:web` (the API works without it)');
            if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
              eprintln(`agora: listening on ${host}: the portal is reachable from other machines`);
            }
          }
          await closed;
        } finally {
          await store.close();
        }
        return 0;
      }),
    );
}
