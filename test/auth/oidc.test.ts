// OpenID Connect sign-in against a real provider (`oidc-provider`, on 127.0.0.1): pages send people to sign in,
// /auth/login sends the browser to the provider with PKCE (S256), state and nonce in a signed HttpOnly cookie,
// a callback with a tampered state or without the login cookie is refused and starts no session, and a session
// past its idle time is refused (the page sends the browser to sign in again). SQLite only: no store query here
// differs between stores that the visibility test does not run on both.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.ts';
import { tmpDir } from '../helpers/gitdir.ts';

describe('oidc sign-in', () => {
  let http: Server;
  let issuer = '';
  let store: Store;
  let app: FastifyInstance;

  beforeAll(async () => {
    http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    // oidc-provider ships no types.
    const { default: Provider } = (await import('oidc-provider' as string)) as {
      default: new (issuer: string, config: unknown) => { callback(): (req: unknown, res: unknown) => void };
    };
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'agora',
          token_endpoint_auth_method: 'none',
          redirect_uris: ['http://127.0.0.1:4400/auth/callback'],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      async findAccount(_ctx: unknown, id: string) {
        return { accountId: id, claims: async () => ({ sub: id, email: `${id}@example.com` }) };
      },
    });
    http.on('request', provider.callback());
    const dir = await tmpDir('agora-oidc-');
    const { openStore } = await import('../../src/store/db.ts');
    const { configSchema } = await import('../../src/config/schema.ts');
    const { buildApp } = await import('../../src/server/app.ts');
    store = await openStore({ url: `sqlite:${join(dir, 'agora.db')}`, dataDir: dir });
    const config = configSchema.parse({
      server: {
        auth: {
          mode: 'oidc',
          oidc: { issuer, clientId: 'agora', redirectUrl: 'http://127.0.0.1:4400/auth/callback' },
          session: { idleMinutes: 5, absoluteHours: 12 },
        },
      },
    });
    app = await buildApp({ store, loaded: { config, file: null, baseDir: dir }, webDist: join(dir, 'none') });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await new Promise((resolve) => http?.close(resolve));
  });

  it('sends a page request to sign in, and refuses the API without a session', async () => {
    const page = await app.inject('/explore?q=x');
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe(`/auth/login?returnTo=${encodeURIComponent('/explore?q=x')}`);
    const api = await app.inject('/api/v1/projects');
    expect(api.statusCode).toBe(401);
  });

  it('starts the code flow with PKCE, state and nonce; the provider accepts the request', async () => {
    const login = await app.inject('/auth/login?returnTo=%2Fteams');
    expect(login.statusCode).toBe(302);
    const to = new URL(login.headers.location as string);
    expect(to.origin).toBe(issuer);
    expect(to.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['code_challenge', 'state', 'nonce'])
      expect(to.searchParams.get(p)?.length).toBeGreaterThan(20);
    const cookie = login.cookies.find((c) => c.name === 'agora_oidc');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/auth' });
    // The verifier never leaves the server but in the signed cookie.
    expect(login.headers.location).not.toContain(
      JSON.parse(decodeURIComponent(cookie!.value).replace(/\.[^.]*$/, '')).verifier,
    );
    const res = await fetch(to, { redirect: 'manual' });
    // The provider takes the request to its sign-in interaction, not to an error.
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/interaction\//);
  });

  it('refuses a tampered state, and a callback without the login cookie; no session is started', async () => {
    const login = await app.inject('/auth/login');
    const cookie = login.cookies.find((c) => c.name === 'agora_oidc')!;
    const tampered = await app.inject({
      url: '/auth/callback?code=abc&state=tampered',
      cookies: { agora_oidc: cookie.value },
    });
    expect(tampered.statusCode).toBe(400);
    expect(tampered.body).toContain('Sign-in was refused');
    expect(tampered.cookies.some((c) => c.name === 'agora_session' && c.value)).toBe(false);
    const forged = await app.inject({ url: '/auth/callback?code=abc&state=x', cookies: { agora_oidc: 'x' } });
    expect(forged.statusCode).toBe(400);
  });

  it('serves a live session, and sends an idle one to sign in', async () => {
    const { insertSession, touchSession } = await import('../../src/store/queries/auth.ts');
    const { createHash } = await import('node:crypto');
    const user = JSON.stringify({ subject: 'ann', email: 'ann@example.com', name: 'Ann', groups: [] });
    const now = Math.floor(Date.now() / 1000);
    const digest = (s: string) => createHash('sha256').update(s).digest('hex');
    await insertSession(store.db, digest('live-session-id'), user, now);
    await insertSession(store.db, digest('idle-session-id'), user, now - 3600);
    // Used a minute ago, but signed in 13 hours ago: past the absolute limit.
    await insertSession(store.db, digest('old-session-id'), user, now - 13 * 3600);
    await touchSession(store.db, digest('old-session-id'), now - 60);
    const old = await app.inject({ url: '/api/v1/me', cookies: { agora_session: 'old-session-id' } });
    expect(old.json()).toMatchObject({ signedIn: false });
    const me = await app.inject({ url: '/api/v1/me', cookies: { agora_session: 'live-session-id' } });
    expect(me.json()).toMatchObject({ signedIn: true, user: { email: 'ann@example.com', role: 'viewer' } });
    expect(
      (await app.inject({ url: '/api/v1/projects', cookies: { agora_session: 'live-session-id' } }))
        .statusCode,
    ).toBe(200);
    const idle = await app.inject({ url: '/teams', cookies: { agora_session: 'idle-session-id' } });
    expect(idle.statusCode).toBe(302);
    expect(idle.headers.location).toMatch(/^\/auth\/login\?returnTo=/);
    // Sign-out needs the CSRF token, then the session is gone at once.
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      cookies: { agora_session: 'live-session-id' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const csrfCookie = me.cookies.find((c) => c.name === 'agora_csrf')!;
    const out = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { 'x-csrf-token': me.json().csrfToken },
      cookies: { agora_session: 'live-session-id', agora_csrf: csrfCookie.value },
    });
    expect(out.statusCode).toBe(303);
    const after = await app.inject({ url: '/api/v1/me', cookies: { agora_session: 'live-session-id' } });
    expect(after.json()).toMatchObject({ signedIn: false });
  });
});
