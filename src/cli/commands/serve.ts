// `agora serve`: the portal (web UI and JSON API) on 127.0.0.1 by default, until interrupted.

import type { Command } from 'commander';
import { AgoraError } from '../../errors.ts';
import { action, globalOptions, loadConfigFor, openStoreFor } from '../context.ts';
import { eprintln, printJson, println } from '../output.ts';

const EXAMPLES = `
Examples:
  agora serve                         serve on http://127.0.0.1:4400 (config server.host / server.port)
  agora serve --port 8080             another port
  agora serve --host 0.0.0.0          listen on every interface (put it behind TLS)
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
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          throw new AgoraError('USAGE', `--port must be a number from 0 to 65535, not ${opts.port}`);
        }
        const host = opts.host ?? loaded.config.server.host;
        const store = await openStoreFor(loaded);
        const { buildApp } = await import('../../server/app.ts');
        let app: Awaited<ReturnType<typeof buildApp>>;
        try {
          app = await buildApp({ store, loaded, logger: { level: opts.logLevel, stream: process.stderr } });
        } catch (err) {
          await store.close();
          throw err;
        }
        let address: string;
        try {
          address = await app.listen({ host, port });
        } catch (err) {
          await app.close();
          await store.close();
          throw new AgoraError('USAGE', `cannot listen on ${host}:${port}: ${(err as Error).message}`);
        }
        const url = address.replace('[::1]', 'localhost');
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
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await app.portal.crawling;
        await app.close();
        await store.close();
        return 0;
      }),
    );
}
