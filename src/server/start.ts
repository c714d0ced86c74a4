// Starts the portal on a host and port and reports where; shared by `agora serve` and `agora demo`.

import type { FastifyInstance } from 'fastify';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { buildApp } from './app.ts';

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
  const app = await buildApp({
    store: opts.store,
    loaded: opts.loaded,
    logger: { level: opts.logLevel ?? 'warn', stream: process.stderr },
  });
  let address: string;
  try {
    address = await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await app.close();
    throw new AgoraError('USAGE', `cannot listen on ${opts.host}:${opts.port}: ${(err as Error).message}`);
  }
  const closed = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }).then(async () => {
    await app.portal.crawling;
    await app.close();
  });
  return { url: address.replace('[::1]', 'localhost'), app, closed };
}
