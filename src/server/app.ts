// Builds the portal's Fastify app (no listen, so tests use inject()): security headers, compression, ETags,
// OpenAPI and Swagger UI, the v1 JSON API, exports, and the built web UI with a client-route fallback.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError, ERROR_CODES, redactSecrets } from '../errors.ts';
import type { Store } from '../store/db.ts';
import type { ApiError } from './api-types.ts';
import { registerAuth } from './auth/plugin.ts';
import { etagHook } from './etag.ts';
import { registerRoutes } from './routes/index.ts';
import { createPortalState, type PortalState } from './state.ts';

export interface BuildAppOptions {
  store: Store;
  loaded: LoadedConfig;
  /** Folder of the built web UI; default `web/dist` of the package. Missing → a short page explaining the build. */
  webDist?: string;
  /** Fastify logger option; default off (the CLI passes its own). */
  logger?: FastifyServerOptions['logger'];
  /** Admin token for POST /api/v1/crawls; default config `server.adminToken`, then env AGORA_ADMIN_TOKEN. */
  adminToken?: string | null;
  /** Clock for the catalogue's windows (tests pin it). */
  now?: () => Date;
}

/** The strict policy for the portal: no inline or foreign scripts, nothing framed, no plugins. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  // Chart libraries and React set style attributes; styles cannot run code, scripts stay strict.
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'https:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};

/** Swagger UI's own, scoped relaxation (its bundle injects styles and uses data: images). */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

declare module 'fastify' {
  interface FastifyInstance {
    portal: PortalState;
  }
}

/**
 * The logger option with a request serializer that logs URLs with credentials redacted (`?token=***`: feed
 * tokens ride in feed URLs; see auth/feed-tokens.ts).
 */
function withRedactedUrls(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  const base = typeof logger === 'object' ? logger : {};
  return {
    ...base,
    serializers: {
      ...base.serializers,
      req: (req: { method: string; url: string; host?: string; ip?: string }) => ({
        method: req.method,
        url: redactSecrets(req.url),
        host: req.host,
        remoteAddress: req.ip,
      }),
    },
  };
}

/** Builds the app and loads the catalogue; call `app.close()` when done (it does not close the store). */
export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withRedactedUrls(opts.logger ?? false),
    trustProxy: false,
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
  });

  const token = opts.adminToken !== undefined ? opts.adminToken : adminTokenFrom(opts.loaded);
  const state = await createPortalState({ store: opts.store, loaded: opts.loaded, now: opts.now });
  app.decorate('portal', state);

  app.setErrorHandler((err, request, reply) => {
    const body = toApiError(err);
    if (body.status >= 500)
      request.log.error({ err: redactSecrets(String((err as Error)?.message ?? err)) }, 'request failed');
    reply.code(body.status).type('application/json').send(body);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url;
    // A missing built file is a 404, never the UI's index.html (a browser would run HTML as a module script).
    const asset = url.startsWith('/assets/');
    if (
      request.method === 'GET' &&
      !asset &&
      !url.startsWith('/api/') &&
      url !== '/health' &&
      state.webIndex
    ) {
      // Client-side routes of the single-page UI all answer with its index.html.
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    if (request.method === 'GET' && !asset && !url.startsWith('/api/') && !state.webIndex) {
      return reply.code(404).type('text/html; charset=utf-8').send(NO_UI_PAGE);
    }
    const body: ApiError = {
      id: 'NOT_FOUND',
      status: 404,
      message: `no route ${request.method} ${url.split('?')[0]}`,
    };
    return reply.code(404).send(body);
  });

  // Registered before compression, so the ETag is computed over the uncompressed body.
  app.addHook('onSend', etagHook);
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/docs')) reply.header('content-security-policy', DOCS_CSP);
    return payload;
  });

  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  });
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Agora portal API',
        version: '1.0.0',
        description:
          'The JSON API of the Agora InnerSource portal. Ids are URL-encoded (`local%3Apayments-api`).',
      },
      tags: [
        { name: 'projects', description: 'Search and project pages' },
        { name: 'teams', description: 'Teams and what they own' },
        { name: 'organisation', description: 'Dashboard, re-use graph and standards' },
        { name: 'crawls', description: 'Crawl status and starting a crawl' },
        { name: 'exports', description: 'SAP portal, Backstage and CSV exports' },
        { name: 'meta', description: 'Health and who is signed in' },
        { name: 'admin', description: 'API tokens (admins only)' },
      ],
      components: {
        securitySchemes: {
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            description:
              'An API token (`agora tokens create`) with the scope the route needs; the deprecated server.adminToken counts as admin',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });

  const webDist = resolve(opts.webDist ?? join(import.meta.dirname, '..', '..', 'web', 'dist'));
  state.webIndex = existsSync(join(webDist, 'index.html'));
  if (state.webIndex) {
    await app.register(fastifyStatic, {
      root: webDist,
      // Files are looked up per request, not listed once at start: a UI rebuilt under a running server (an
      // upgrade in place) serves its new index.html *and* the new hashed assets it names.
      wildcard: true,
      index: ['index.html'],
      // Hashed assets never change; index.html must be revalidated so a new build is picked up.
      setHeaders(res, path) {
        if (path.includes(`${join(webDist, 'assets')}`))
          res.header('cache-control', 'public, max-age=31536000, immutable');
        else res.header('cache-control', 'no-cache');
      },
    });
  } else {
    app.decorateReply('sendFile', function sendFileMissing() {
      return this.code(404).send(NO_UI_PAGE);
    });
  }

  // Before any route: the route rule (every /api/ route declares its access) and the viewer of each request.
  await registerAuth(app, { store: opts.store, loaded: opts.loaded, adminToken: token });
  await registerRoutes(app);
  app.get('/api/openapi.json', { config: { access: 'open' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
  await app.ready();
  return app;
}

/** The admin token from the config, else AGORA_ADMIN_TOKEN; null when neither is set (crawls over HTTP refused). */
export function adminTokenFrom(loaded: LoadedConfig): string | null {
  const t = loaded.config.server?.adminToken ?? process.env.AGORA_ADMIN_TOKEN;
  return t && t.length > 0 ? t : null;
}

/** Maps any error to the API's error body. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof AgoraError) {
    return { id: err.code, status: ERROR_CODES[err.code].status, message: err.message };
  }
  const e = err as { validation?: unknown; statusCode?: number; message?: string; code?: string };
  if (e?.validation)
    return { id: 'USAGE', status: 400, message: redactSecrets(e.message ?? 'invalid request') };
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const ids: Record<number, string> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };
    return {
      id: ids[e.statusCode] ?? 'USAGE',
      status: e.statusCode,
      message: redactSecrets(e.message ?? ''),
    };
  }
  return { id: 'INTERNAL', status: 500, message: 'internal error' };
}

const NO_UI_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agora</title></head><body><h1>Agora</h1>' +
  '<p>The web UI is not built. Run <code>npm run build:web</code>, then restart <code>agora serve</code>. ' +
  'The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>';
