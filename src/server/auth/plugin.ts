// Sign-in, roles and the route rule, for every request: resolves the viewer (bearer API token, session cookie,
// trusted proxy headers, or anonymous; the local user with `mode: none`), puts it in the request context (where
// `app.portal.catalogue` reads it: views.ts), checks the route's declared access, and checks the CSRF token of
// every state-changing request a browser's ambient credentials (session cookie, proxy) authenticate.
//
// The route rule: every `/api/` route declares `config: { access: 'open' | 'read' | 'crawl' | 'admin' }`;
// registering one without it throws at start-up, so a new route cannot forget to say who may call it.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import { fastifyRequestContext } from '@fastify/request-context';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthConfig, LoadedConfig } from '../../config/schema.ts';
import { AgoraError } from '../../errors.ts';
import type { Store } from '../../store/db.ts';
import { feedTokenRoutes, verifyFeedToken } from './feed-tokens.ts';
import { oidcRoutes, page, safeReturnTo } from './oidc.ts';
import { createSessions } from './sessions.ts';
import { looksLikeApiToken, verifyToken } from './tokens.ts';
import {
  anonymousViewer,
  authConfigOf,
  LEGACY_ADMIN_VIEWER,
  LOCAL_VIEWER,
  type RouteAccess,
  type SessionUser,
  tokenViewer,
  userViewer,
  type Viewer,
} from './viewer.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (required for every `/api/` route; see docs/ARCHITECTURE.md "Sign-in and visibility"). */
    access?: RouteAccess;
  }
  interface FastifyRequest {
    /** The viewer of this request (set before any handler runs). */
    viewer: Viewer;
  }
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AuthOptions {
  store: Store;
  loaded: LoadedConfig;
  /** The deprecated single admin token (`server.adminToken` / AGORA_ADMIN_TOKEN), or null. */
  adminToken: string | null;
}

/** Registers cookies, CSRF, the request context, the viewer hook, the route rule and the sign-in routes. */
export async function registerAuth(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  const auth = authConfigOf(opts.loaded);
  const publicUrl = opts.loaded.config.server.publicUrl;
  const secure = (r: FastifyRequest) => r.protocol === 'https' || Boolean(publicUrl?.startsWith('https:'));
  const secretFromEnv = auth.session.secretEnv ? process.env[auth.session.secretEnv] : undefined;
  if (auth.session.secretEnv && (!secretFromEnv || secretFromEnv.length < 32)) {
    throw new AgoraError(
      'CONFIG_INVALID',
      `server.auth.session.secretEnv: environment variable ${auth.session.secretEnv} must hold at least 32 characters`,
    );
  }
  await app.register(cookie, { secret: secretFromEnv ?? randomBytes(32).toString('base64url') });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'agora_csrf',
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/' },
  });
  await app.register(fastifyRequestContext, { hook: 'onRequest' });

  const legacyDigest = opts.adminToken ? digest(opts.adminToken) : null;
  if (legacyDigest) {
    app.log.warn(
      'server.adminToken / AGORA_ADMIN_TOKEN is deprecated: create scoped API tokens with `agora tokens create`',
    );
  }
  const sessions = createSessions(opts.store, auth, secure);
  const trusted = auth.mode === 'proxy' && auth.proxy ? blockList(auth.proxy.trusted) : null;
  const people = await peopleLookup(opts.loaded);

  app.decorateRequest('viewer', null as unknown as Viewer);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    if (!route.config?.access) {
      throw new Error(
        `route ${route.method} ${route.url} declares no access: add config: { access: 'read' } (or 'open', 'crawl', 'admin') — see docs/ARCHITECTURE.md, "Sign-in and visibility"`,
      );
    }
  });

  async function resolveViewer(request: FastifyRequest): Promise<Viewer> {
    // A feed reader's link: its token counts on feed paths only (it rides in URLs, so it opens nothing else).
    const feedToken = (request.query as { token?: unknown } | undefined)?.token;
    if (typeof feedToken === 'string' && request.url.startsWith('/feeds/') && auth.mode !== 'none') {
      const user = await verifyFeedToken(opts.store, feedToken, Math.floor(Date.now() / 1000));
      if (!user)
        throw new AgoraError('UNAUTHORIZED', 'the feed token is unknown or revoked: get a new feed link');
      return userViewer(auth, user, 'feed', people);
    }
    const header = request.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!m) throw new AgoraError('UNAUTHORIZED', 'the Authorization header must be `Bearer <token>`');
      const token = m[1];
      if (looksLikeApiToken(token)) {
        const found = await verifyToken(opts.store, token, Math.floor(Date.now() / 1000));
        if (found) return tokenViewer(found.id, found.scopes);
      } else if (legacyDigest && timingSafeEqual(digest(token), legacyDigest)) {
        return LEGACY_ADMIN_VIEWER;
      }
      throw new AgoraError('UNAUTHORIZED', 'the token is unknown, revoked or expired');
    }
    if (auth.mode === 'none') return LOCAL_VIEWER;
    if (auth.mode === 'proxy' && trusted && auth.proxy) {
      const peer = normaliseAddress(request.raw.socket?.remoteAddress ?? '');
      // Headers from anyone but the proxy are ignored: a client could set them itself.
      if (peer && trusted.check(peer, isIPv6(peer) ? 'ipv6' : 'ipv4')) {
        const user = headerValue(request, auth.proxy.userHeader);
        const email = headerValue(request, auth.proxy.emailHeader);
        const login = auth.proxy.loginHeader ? headerValue(request, auth.proxy.loginHeader) : undefined;
        if (user || email) {
          const groups = (headerValue(request, auth.proxy.groupsHeader) ?? '')
            .split(',')
            .map((g) => g.trim())
            .filter(Boolean)
            .slice(0, 500);
          const person: SessionUser = {
            subject: user ?? email ?? '',
            email: email ?? null,
            name: user ?? null,
            groups,
            login: login ?? null,
          };
          return userViewer(auth, person, 'proxy', people);
        }
      }
    }
    if (auth.mode === 'oidc') {
      const user = await sessions.read(request);
      if (user) return userViewer(auth, user, 'session', people);
    }
    return anonymousViewer(auth);
  }

  app.addHook('onRequest', async (request, reply) => {
    const viewer = await resolveViewer(request);
    request.viewer = viewer;
    request.requestContext.set('viewer', viewer);
    const path = request.url.split('?')[0];
    const access = request.routeOptions.config?.access ?? defaultAccess(path);
    if (access === 'open' || viewer.scopes.has(access)) return;
    if (!path.startsWith('/api/')) {
      // A page of the portal: send people to sign in, then back here.
      if (auth.mode === 'oidc') {
        return reply.redirect(`/auth/login?returnTo=${encodeURIComponent(safeReturnTo(request.url))}`, 302);
      }
      return page(reply, 401, 'Sign in to see this portal.');
    }
    if (viewer.kind === 'anonymous' || viewer.kind === 'local') {
      throw new AgoraError(
        'UNAUTHORIZED',
        auth.mode === 'none'
          ? `this needs an API token with the ${access} scope (Authorization: Bearer <token>; see \`agora tokens create\`)`
          : 'sign in first',
      );
    }
    throw new AgoraError('FORBIDDEN', `this needs the ${access} scope or the admin role`);
  });

  app.addHook('preHandler', (request, reply, done) => {
    const ambient = request.viewer?.via === 'session' || request.viewer?.via === 'proxy';
    const access = request.routeOptions.config?.access;
    if (ambient && STATE_CHANGING.has(request.method) && access !== 'open') {
      return app.csrfProtection(request, reply, done);
    }
    done();
  });

  app.get(
    '/api/v1/me',
    {
      config: { access: 'open' },
      schema: {
        tags: ['meta'],
        summary:
          'Who is signed in, their role, and the CSRF token to send (x-csrf-token) with state-changing requests',
      },
    },
    async (request, reply) => {
      const v = request.viewer;
      reply.header('cache-control', 'no-store');
      const ambient = v.via === 'session' || v.via === 'proxy';
      return {
        mode: auth.mode,
        signedIn: v.kind === 'user',
        canRead: v.scopes.has('read'),
        user: v.kind === 'user' ? { email: v.email, name: v.name, role: v.role, teams: v.teams } : null,
        csrfToken: ambient ? reply.generateCsrf({ secure: secure(request) }) : null,
        signInUrl: auth.mode === 'oidc' ? '/auth/login' : null,
        signOutUrl: v.via === 'session' ? '/auth/logout' : null,
      };
    },
  );

  app.post('/auth/logout', { config: { access: 'open' }, schema: { hide: true } }, async (request, reply) => {
    if (request.viewer.via === 'session') {
      await new Promise<void>((resolve, reject) =>
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve())),
      );
      if (reply.sent) return reply;
    }
    await sessions.end(request, reply);
    return reply.redirect('/auth/signed-out', 303);
  });
  app.get(
    '/auth/signed-out',
    { config: { access: 'open' }, schema: { hide: true } },
    async (_request, reply) => page(reply, 200, 'You are signed out.'),
  );

  await feedTokenRoutes(app, opts.store);
  if (auth.mode === 'oidc') await oidcRoutes(app, { auth, sessions, publicUrl, secure });
}

/** Routes that declare nothing (the static UI's files): pages need `read`, assets and sign-in pages are open. */
function defaultAccess(path: string): RouteAccess {
  if (
    path.startsWith('/api/') ||
    path.startsWith('/auth/') ||
    path.startsWith('/assets/') ||
    path === '/health'
  ) {
    return 'open';
  }
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.includes('.') && !last.endsWith('.html') ? 'open' : 'read';
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 1000 ? s.trim() || undefined : undefined;
}

function normaliseAddress(a: string): string | null {
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return isIPv4(v4) ? v4 : isIPv6(a) ? a : null;
}

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const e of entries) {
    const [addr, bits] = e.split('/');
    const type = isIPv6(addr) ? 'ipv6' : 'ipv4';
    if (!isIPv4(addr) && !isIPv6(addr)) {
      throw new AgoraError(
        'CONFIG_INVALID',
        `server.auth.proxy.trusted: "${e}" is not an address or CIDR range`,
      );
    }
    if (bits === undefined) list.addAddress(addr, type);
    else list.addSubnet(addr, Number(bits), type);
  }
  return list;
}

/**
 * An email's config team now (config `teams:` members; the metrics service's membership rules) and the forge
 * logins config members pair with it (entries giving both `email:` and `login:`).
 */
async function peopleLookup(
  loaded: LoadedConfig,
): Promise<{ teamOfEmail(email: string): string | null; loginsOfEmail(email: string): string[] }> {
  const { configLoginEmails } = await import('../../metrics/forge-people.ts');
  const logins = new Map<string, string[]>();
  for (const [login, email] of configLoginEmails(loaded.config.teams)) {
    logins.set(email, [...(logins.get(email) ?? []), login]);
  }
  const loginsOfEmail = (email: string) => logins.get(email.toLowerCase()) ?? [];
  try {
    const { identityModel } = await import('../../metrics/service.ts');
    const model = identityModel(loaded);
    return {
      loginsOfEmail,
      teamOfEmail(email) {
        try {
          return model.teamAt(model.identity(email), Math.floor(Date.now() / 1000));
        } catch {
          return null;
        }
      },
    };
  } catch {
    return { loginsOfEmail, teamOfEmail: () => null };
  }
}

export type { AuthConfig };
