// Sign-in in a real browser (Chromium) against a real OpenID provider (`oidc-provider` on 127.0.0.1): Bob (not
// in the team that owns the private repo) opens the portal, is sent to the provider, fills its login and consent
// pages, comes back signed in. A callback with the real code but a tampered `state`, and an ID token issued for
// a tampered `nonce`, are each refused; an expired session sends the browser to sign in; the header's Sign out
// ends the session (with the CSRF token). Carol, not in the owning team but a forge collaborator on the private
// repo, signs in in a fresh context and sees its marker: her forge login comes from the provider's
// `preferred_username` claim (`oidc.loginClaim`). (The page half of the leak test — every page as a person without access, on both
// stores — is in visibility-leak.test.ts, signed in through the trusted proxy.)

import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { ensureWebBuilt } from '../helpers/portal.ts';
import { browserUnavailableReason, launchBrowser } from '../web/browser.ts';

const MARKER = 'zqx57';
const PRIVATE_ID = `org:vault-${MARKER}`;
const skip = browserUnavailableReason();
if (skip) console.warn(`oidc browser test skipped: ${skip}`);

const REPOS = {
  portal: { visibility: 'public', author: 'bob', description: 'The public portal' },
  ledger: { visibility: 'internal', author: 'bob', description: 'Internal ledger' },
  [`vault-${MARKER}`]: { visibility: 'private', author: 'carol', description: `Secret ${MARKER} vault` },
} as const;

describe.skipIf(skip !== null)('oidc sign-in in Chromium, and what pages show', () => {
  let provider: Server;
  let issuer = '';
  let store: Store;
  let app: FastifyInstance;
  let portal = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuilt();
    provider = createServer();
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
    const root = await tmpDir('agora-oidc-browser-');
    for (const [name, r] of Object.entries(REPOS)) {
      const who = { name: r.author, email: `${r.author}@example.com` };
      await makeRepo({
        dir: join(root, 'org', name),
        commits: [
          {
            files: { 'README.md': `# ${name}\n\n${r.description} README.\n` },
            author: who,
            date: new Date().toISOString(),
          },
        ],
      });
    }
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - { type: local, name: org, path: org }',
        'teams:',
        '  vaulters: { members: [vera@example.com], repos: ["vault-*"] }',
        '  books: { members: [bob@example.com], repos: [ledger, portal] }',
        'server:',
        '  auth:',
        '    mode: oidc',
        `    oidc: { issuer: "${issuer}", clientId: agora, loginClaim: preferred_username }`,
        '    session: { idleMinutes: 5, absoluteHours: 12 }',
        '',
      ].join('\n'),
    );
    const { loadConfig } = await import('../../src/config/load.ts');
    const { openStore } = await import('../../src/store/db.ts');
    const { runCrawl } = await import('../../src/crawl/crawl.ts');
    const { saveForgeFacts } = await import('../../src/store/queries/forge.ts');
    const { buildApp } = await import('../../src/server/app.ts');
    const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
    store = await openStore({ url: `sqlite:${join(root, 'data', 'agora.db')}`, dataDir: join(root, 'data') });
    expect((await runCrawl({ loaded, store })).repos.failed).toBe(0);
    await saveForgeFacts(
      store.db,
      Object.entries(REPOS).map(([name, r], i) => ({
        crawled: true,
        ref: {
          id: `org:${name}`,
          name,
          fullName: `acme/${name}`,
          source: 'org',
          location: { kind: 'local' as const, path: join(root, 'org', name) },
          description: r.description,
          visibility: r.visibility,
          // Carol is a collaborator on the private repo, as a forge crawl reads it.
          forge: {
            type: 'github' as const,
            id: String(100 + i),
            ...(r.visibility === 'private' ? { collaborators: ['carol'] } : {}),
          },
        },
      })),
    );
    app = await buildApp({ store, loaded, webDist: join(import.meta.dirname, '..', '..', 'web', 'dist') });
    portal = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
    // oidc-provider ships no types. Its development login and consent pages are the interaction filled below.
    const { default: Provider } = (await import('oidc-provider' as string)) as {
      default: new (issuer: string, config: unknown) => { callback(): (req: unknown, res: unknown) => void };
    };
    const op = new Provider(issuer, {
      clients: [
        {
          client_id: 'agora',
          token_endpoint_auth_method: 'none',
          redirect_uris: [`${portal}/auth/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email'], profile: ['name', 'preferred_username'] },
      async findAccount(_ctx: unknown, id: string) {
        return {
          accountId: id,
          claims: async () => ({ sub: id, email: `${id}@example.com`, name: id, preferred_username: id }),
        };
      },
    });
    provider.on('request', op.callback());
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    await new Promise((resolve) => provider?.close(resolve));
  });

  /** From a page that went to the provider: fills its login (any password) and consent, back to the portal. */
  async function signInAtProvider(p: Page, login: string): Promise<void> {
    await p.waitForURL(`${issuer}/interaction/**`);
    await p.fill('input[name=login]', login);
    await p.fill('input[name=password]', 'any');
    await p.getByRole('button', { name: 'Sign-in' }).click();
    await p.getByRole('button', { name: 'Continue' }).click();
    await p.waitForURL((u) => u.href.startsWith(portal));
  }

  it('signs in: the portal sends the browser to the provider, whose login and consent bring it back', async () => {
    await page.goto(`${portal}/teams`);
    await signInAtProvider(page, 'bob');
    await page.waitForURL(`${portal}/teams`);
    expect(await page.locator('.account').textContent()).toContain('Signed in as bob');
  });

  /**
   * A sign-in started by the test (its login cookie kept here, not in the browser) and completed at the provider
   * by the browser (where Bob is signed in). The browser's own callback is refused for want of the login cookie
   * before any code exchange, so the code it carried is real and unused.
   */
  async function codeFromProvider(
    tamper?: (authorize: URL) => void,
  ): Promise<{ callback: URL; cookie: string }> {
    const login = await fetch(`${portal}/auth/login?returnTo=%2Fgigs`, { redirect: 'manual' });
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('agora_oidc='))!
      .split(';')[0];
    const authorize = new URL(login.headers.get('location')!);
    tamper?.(authorize);
    const other = await context.newPage();
    const seen = other.waitForRequest((r) => r.url().startsWith(`${portal}/auth/callback?`));
    await other.goto(authorize.href);
    const callback = new URL((await seen).url());
    await other.close();
    return { callback, cookie };
  }

  it('a tampered state is refused even with a real code; the same code with its state signs in', async () => {
    const { callback, cookie } = await codeFromProvider();
    expect(callback.searchParams.get('code')?.length).toBeGreaterThan(20);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const refused = await fetch(tampered, { headers: { cookie }, redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Sign-in was refused');
    expect(refused.headers.getSetCookie().some((c) => /^agora_session=[^;]/.test(c))).toBe(false);
    const accepted = await fetch(callback, { headers: { cookie }, redirect: 'manual' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/gigs');
    expect(accepted.headers.getSetCookie().some((c) => /^agora_session=[^;]/.test(c))).toBe(true);
  });

  it('an ID token issued for a tampered nonce is refused', async () => {
    const { callback, cookie } = await codeFromProvider((u) =>
      u.searchParams.set('nonce', `${u.searchParams.get('nonce')}x`),
    );
    const refused = await fetch(callback, { headers: { cookie }, redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Sign-in was refused');
    expect(refused.headers.getSetCookie().some((c) => /^agora_session=[^;]/.test(c))).toBe(false);
  });

  it('an expired session sends the browser to sign in', async () => {
    const { touchSession } = await import('../../src/store/queries/auth.ts');
    const session = (await context.cookies(portal)).find((c) => c.name === 'agora_session')!;
    const digest = createHash('sha256').update(session.value).digest('hex');
    await touchSession(store.db, digest, Math.floor(Date.now() / 1000) - 3600);
    const toLogin = page.waitForRequest((r) =>
      r.url().startsWith(`${portal}/auth/login?returnTo=%2Fdashboard`),
    );
    await page.goto(`${portal}/dashboard`);
    await toLogin;
    // The provider still knows Bob, so he is signed in again and back on the page.
    await page.waitForURL(`${portal}/dashboard`);
  });

  it('Sign out ends the session, with the CSRF token', async () => {
    await page.goto(`${portal}/teams`, { waitUntil: 'networkidle' });
    const signOut = page.getByRole('button', { name: 'Sign out' });
    await signOut.waitFor();
    await signOut.click();
    await page.waitForURL(`${portal}/auth/signed-out`);
    expect(await page.textContent('body')).toContain('You are signed out');
    const me = await (await context.request.get(`${portal}/api/v1/me`)).json();
    expect(me).toMatchObject({ signedIn: false });
    const toLogin = page.waitForRequest((r) => r.url().startsWith(`${portal}/auth/login?returnTo=%2Fteams`));
    await page.goto(`${portal}/teams`);
    await toLogin;
  });

  it('as Carol, a forge collaborator on it (login from the provider), the private repo is there', async () => {
    const carol = await browser.newContext();
    const p = await carol.newPage();
    await p.goto(`${portal}/projects/${encodeURIComponent(PRIVATE_ID)}`);
    await signInAtProvider(p, 'carol');
    await p.waitForLoadState('networkidle');
    await expect.poll(() => p.evaluate(() => document.body.textContent)).toContain(MARKER);
    await carol.close();
  });
});
