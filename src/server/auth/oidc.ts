// OpenID Connect sign-in (authorization code flow with PKCE, `openid-client`): /auth/login sends the browser to
// the provider with a fresh state, nonce and code challenge (kept in a signed, HttpOnly, 10-minute cookie);
// /auth/callback exchanges the code, checks state, nonce and the ID token, and starts a session. Any failure —
// a tampered state or nonce, a replayed or foreign code — is refused with a page that offers to sign in again.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type * as OidcClient from 'openid-client';
import type { AuthConfig } from '../../config/schema.ts';
import { redactSecrets } from '../../errors.ts';
import type { Sessions } from './sessions.ts';
import type { SessionUser } from './viewer.ts';

const LOGIN_COOKIE = 'agora_oidc';

interface LoginState {
  verifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

export async function oidcRoutes(
  app: FastifyInstance,
  opts: {
    auth: AuthConfig;
    sessions: Sessions;
    publicUrl: string | undefined;
    secure: (r: FastifyRequest) => boolean;
  },
): Promise<void> {
  const oidc = opts.auth.oidc;
  if (!oidc) return;
  let discovered: Promise<{ client: typeof OidcClient; config: OidcClient.Configuration }> | null = null;
  const configuration = () => {
    discovered ??= (async () => {
      const client = await import('openid-client');
      const issuer = new URL(oidc.issuer);
      const secret = oidc.clientSecretEnv ? process.env[oidc.clientSecretEnv] : undefined;
      // Plain http only for a provider on this machine (development and tests).
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      const config = await client.discovery(
        issuer,
        oidc.clientId,
        undefined,
        secret ? client.ClientSecretPost(secret) : client.None(),
        issuer.protocol === 'http:' && loopback ? { execute: [client.allowInsecureRequests] } : undefined,
      );
      return { client, config };
    })();
    discovered.catch(() => {
      discovered = null;
    });
    return discovered;
  };
  const redirectUrl = (request: FastifyRequest): string =>
    oidc.redirectUrl ??
    (opts.publicUrl
      ? `${opts.publicUrl.replace(/\/+$/, '')}/auth/callback`
      : `${request.protocol}://${request.headers.host}/auth/callback`);
  const cookieOpts = (request: FastifyRequest) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: opts.secure(request),
    path: '/auth',
    signed: true,
  });

  app.get<{ Querystring: { returnTo?: string } }>(
    '/auth/login',
    { config: { access: 'open' }, schema: { hide: true } },
    async (request, reply) => {
      let found: Awaited<ReturnType<typeof configuration>>;
      try {
        found = await configuration();
      } catch (err) {
        request.log.error({ err: redactSecrets((err as Error).message) }, 'OpenID provider unreachable');
        return page(reply, 502, 'The sign-in provider cannot be reached just now. Try again in a minute.');
      }
      const { client, config } = found;
      const login: LoginState = {
        verifier: client.randomPKCECodeVerifier(),
        state: client.randomState(),
        nonce: client.randomNonce(),
        returnTo: safeReturnTo(request.query.returnTo),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUrl(request),
        scope: oidc.scopes.join(' '),
        code_challenge: await client.calculatePKCECodeChallenge(login.verifier),
        code_challenge_method: 'S256',
        state: login.state,
        nonce: login.nonce,
      });
      reply.setCookie(LOGIN_COOKIE, JSON.stringify(login), { ...cookieOpts(request), maxAge: 600 });
      reply.header('cache-control', 'no-store');
      return reply.redirect(url.href, 302);
    },
  );

  app.get(
    '/auth/callback',
    { config: { access: 'open' }, schema: { hide: true } },
    async (request, reply) => {
      const raw = request.cookies[LOGIN_COOKIE];
      reply.clearCookie(LOGIN_COOKIE, cookieOpts(request));
      reply.header('cache-control', 'no-store');
      const unsigned = raw ? request.unsignCookie(raw) : null;
      const login = unsigned?.valid && unsigned.value ? parseLogin(unsigned.value) : null;
      if (!login) return page(reply, 400, 'This sign-in has expired or was not started here.');
      try {
        const { client, config } = await configuration();
        const base = new URL(redirectUrl(request));
        const current = new URL(request.url, base.origin);
        const tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: login.verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new Error('no ID token');
        let info: Record<string, unknown> = { ...claims };
        const wantsLogin = oidc.loginClaim !== undefined && !(oidc.loginClaim in info);
        if ((!info.email || !(oidc.groupsClaim in info) || wantsLogin) && tokens.access_token) {
          const more = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
          info = { ...more, ...info, email: info.email ?? more.email };
          if (!(oidc.groupsClaim in info) && oidc.groupsClaim in more)
            info[oidc.groupsClaim] = more[oidc.groupsClaim];
        }
        const forgeLogin = oidc.loginClaim ? info[oidc.loginClaim] : undefined;
        const user: SessionUser = {
          subject: String(claims.sub),
          email: typeof info.email === 'string' ? info.email : null,
          name: typeof info.name === 'string' ? info.name : null,
          groups: groupsOf(info[oidc.groupsClaim]),
          login: typeof forgeLogin === 'string' && forgeLogin.length <= 200 ? forgeLogin : null,
        };
        await opts.sessions.start(reply, request, user);
        return reply.redirect(login.returnTo, 303);
      } catch (err) {
        // The reason is logged (never the code or tokens); the person sees a way to try again.
        request.log.warn({ err: redactSecrets((err as Error).message) }, 'sign-in refused');
        return page(
          reply,
          400,
          'Sign-in was refused: the answer from the sign-in provider did not check out.',
        );
      }
    },
  );
}

function parseLogin(text: string): LoginState | null {
  try {
    const v = JSON.parse(text) as Partial<LoginState>;
    if ([v.verifier, v.state, v.nonce, v.returnTo].every((x) => typeof x === 'string'))
      return v as LoginState;
  } catch {
    // Not ours.
  }
  return null;
}

function groupsOf(v: unknown): string[] {
  if (typeof v === 'string')
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .slice(0, 500);
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').slice(0, 500);
  return [];
}

/** Only a path of this portal: never another origin (`//evil`, `https://…`). */
export function safeReturnTo(v: string | undefined): string {
  if (!v?.startsWith('/') || v.startsWith('//') || v.startsWith('/\\') || v.length > 2000) return '/';
  return v;
}

export function page(reply: FastifyReply, status: number, message: string): FastifyReply {
  const esc = message.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Agora — sign-in</title></head><body><main><h1>Agora</h1><p>${esc}</p><p><a href="/auth/login">Sign in</a></p></main></body></html>`,
    );
}
