// Starts the portal on a host and port and reports where; shared by `agora serve` and `agora demo`.

import type { FastifyInstance } from 'fastify';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { buildApp } from './app.ts';
import { authConfigOf } from './auth/viewer.ts';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  /** Resolves after SIGINT/SIGTERM, once a running crawl finished and the server closed (the store stays open). */
  closed: Promise<void>;
}

/** Builds the app, listens, and stops cleanly on SIGINT/SIGTERM. */
export async function startServer(opts: {
  loaded: LoadedConfig;
  store: Store;
  host: string;
  port: number;
  logLevel?: string;
}): Promise<RunningServer> {
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new AgoraError('USAGE', `the port must be a number from 0 to 65535, not ${opts.port}`);
  }
  if (authConfigOf(opts.loaded).mode === 'none' && !isLoopback(opts.host)) {
    throw new AgoraError(
      'USAGE',
      `refusing to listen on ${opts.host} without sign-in: with server.auth.mode none, anyone who can reach that address sees every repository. Listen on 127.0.0.1 (--host 127.0.0.1), or set server.auth.mode to oidc or proxy in agora.yaml (docs/configuration.md).`,
    );
  }
  const app = await buildApp({
    store: opts.store,
    loaded: opts.loaded,
    logger: { level: opts.logLevel ?? 'warn', stream: process.stderr },
  });
  // A PostgreSQL store: crawls go to the job queue, and finished crawls (by any worker) reload this replica.
  const { attachQueue } = await import('../queue/serve.ts');
  const queue = await attachQueue(app, opts.loaded, opts.store);
  // A SQLite store: `digest.schedule` fires in this process (on PostgreSQL the queue fires it).
  const digests =
    opts.store.dialect === 'postgres'
      ? null
      : (await import('../queue/digest-job.ts')).startDigestTimer(opts.store, opts.loaded, app.log);
  let address: string;
  try {
    address = await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await digests?.close();
    await queue?.close();
    await app.close();
    throw new AgoraError('USAGE', `cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`);
  }
  const closed = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }).then(async () => {
    await app.portal.crawling;
    await digests?.close();
    await queue?.close();
    await app.close();
  });
  return { url: address.replace('[::1]', 'localhost'), app, closed };
}

/** True for addresses only this machine can reach (0.0.0.0 and :: are every interface, not loopback). */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}
