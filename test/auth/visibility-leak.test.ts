// Sign-in and visibility (issue 13), on both stores: a crawled organisation whose private repo carries a unique
// marker in its name, description and README (and publishes a package a public repo consumes, so it is in the
// re-use graph). As people without access — anonymous, a signed-in person of another team, a `read` token — every
// GET route of the OpenAPI document is requested (new routes are covered when merged) and the marker is nowhere:
// results, facet counts, graph, team pages, dashboard, exports. The owning team's member sees it. Also: proxy
// headers from a peer that is not the proxy are ignored, a `read` token cannot start a crawl, a revoked token is
// refused at once, CSRF on state-changing requests, and `mode: none` refuses a non-loopback address.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { ensureWebBuilt, WEB_DIST } from '../helpers/portal.ts';
import { pgAvailable, withTempPgDatabase } from '../helpers/stores.ts';
import { browserUnavailableReason, launchBrowser } from '../web/browser.ts';

const MARKER = 'zqx41';
const PROXY = '10.9.9.9';
const ANN = { name: 'Ann', email: 'ann@example.com' };
const CAROL = { name: 'Carol', email: 'carol@example.com' };
const BOB = { name: 'Bob', email: 'bob@example.com' };
const hasPg = await pgAvailable();
const noBrowser = browserUnavailableReason();
/** One Chromium for the page half on both stores. */
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

const REPOS: Record<
  string,
  { visibility: 'public' | 'internal' | 'private'; files: Record<string, string>; description: string }
> = {
  portal: {
    visibility: 'public',
    description: 'The public portal',
    files: {
      'README.md': '# portal\n\nThe public face.\n',
      'package.json': JSON.stringify({ name: '@acme/portal', dependencies: { '@acme/vault-lib': '^1.0.0' } }),
    },
  },
  ledger: {
    visibility: 'internal',
    description: 'Internal ledger',
    files: { 'README.md': '# ledger\n\nInternal books.\n' },
  },
  [`vault-${MARKER}`]: {
    visibility: 'private',
    description: `Secret vault ${MARKER} description`,
    files: {
      'README.md': `# vault\n\nThe ${MARKER} secret README.\n\n![logo](logo-${MARKER}.png)\n`,
      'package.json': JSON.stringify({ name: '@acme/vault-lib', version: '1.0.0' }),
    },
  },
};

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !hasPg && process.env.CI !== 'true')(`visibility [${kind}]`, () => {
    let dropPg: (() => Promise<void>) | null = null;
    let store: Store | null = null;
    let app: FastifyInstance;
    let readToken = '';
    const logs: string[] = [];
    const privateId = `org:vault-${MARKER}`;

    beforeAll(async () => {
      if (kind === 'postgres' && !hasPg)
        throw new Error('PostgreSQL is not available at 127.0.0.1:5432 (CI=true)');
      ensureWebBuilt();
      const root = await tmpDir('agora-visibility-');
      for (const [name, r] of Object.entries(REPOS)) {
        await makeRepo({
          dir: join(root, 'org', name),
          commits: [
            {
              files: r.files,
              author: name.startsWith('vault') ? CAROL : ANN,
              date: new Date().toISOString(),
            },
            // A commit from another team's member: that team's "contributes to" would name the repo.
            ...(name.startsWith('vault')
              ? [{ files: { 'NOTES.md': 'notes\n' }, author: BOB, date: new Date().toISOString() }]
              : []),
          ],
        });
      }
      let url = `sqlite:${join(root, 'data', 'agora.db')}`;
      if (kind === 'postgres') {
        const temp = await withTempPgDatabase();
        url = temp.url;
        dropPg = temp.drop;
      }
      await writeFile(
        join(root, 'agora.yaml'),
        [
          'dataDir: data',
          // The store's URL in the config too: the queue status reads its queue from it.
          ...(kind === 'postgres' ? [`database: "${url}"`] : []),
          'sources:',
          '  - { type: local, name: org, path: org }',
          'teams:',
          '  vaulters: { members: [carol@example.com], repos: ["vault-*"] }',
          '  books: { members: [bob@example.com], repos: [ledger] }',
          // A member entry pairing an email with a forge login: that person has the login's access.
          '  drafters: { members: [{ email: frank@example.com, login: Dana }] }',
          // A campaign and a pilot over every repo (the hidden one too), with a control cohort.
          'campaigns:',
          '  guides: { rule: contributing, target: 2030-01-31, scope: {} }',
          'pilots:',
          `  trial: { repos: ["*"], start: ${new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10)}, control: { repos: [ledger] } }`,
          'server:',
          '  auth:',
          '    mode: proxy',
          '    anonymous: true',
          // The browser of the page half comes from 127.0.0.1 as the proxy would, naming its person.
          `    proxy: { trusted: ["${PROXY}/32", "127.0.0.1/32"], loginHeader: x-forwarded-login }`,
          '    admins: { people: [admin@example.com] }',
          '',
        ].join('\n'),
      );
      const { loadConfig } = await import('../../src/config/load.ts');
      const { openStore } = await import('../../src/store/db.ts');
      const { runCrawl } = await import('../../src/crawl/crawl.ts');
      const { saveForgeFacts } = await import('../../src/store/queries/forge.ts');
      const { buildApp } = await import('../../src/server/app.ts');
      const { createToken } = await import('../../src/server/auth/tokens.ts');
      const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
      store = await openStore({ url, dataDir: join(root, 'data') });
      const summary = await runCrawl({ loaded, store });
      expect(summary.repos.failed).toBe(0);
      // What a forge crawl writes: each repo's visibility and description.
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
            // The forge's collaborators on the private repo (what a forge crawl reads for private repos).
            forge: {
              type: 'github' as const,
              id: String(100 + i),
              ...(r.visibility === 'private' ? { collaborators: ['dana'] } : {}),
            },
          },
        })),
      );
      const now = Math.floor(Date.now() / 1000);
      readToken = (
        await createToken(store, { name: 'reader', scopes: ['read'], expiresAt: null, createdBy: null, now })
      ).token;
      app = await buildApp({
        store,
        loaded,
        webDist: WEB_DIST,
        // Request logs are kept: feed tokens ride in URLs and must not reach them.
        logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
      });
    });
    afterAll(async () => {
      await app?.close();
      await store?.close();
      await dropPg?.();
    });

    const as = (who: 'anonymous' | 'bob' | 'carol' | 'admin' | 'token', o: InjectOptions): InjectOptions => {
      const headers: Record<string, string> = { ...(o.headers as Record<string, string>) };
      if (who === 'token') headers.authorization = `Bearer ${readToken}`;
      else if (who !== 'anonymous') headers['x-forwarded-email'] = `${who}@example.com`;
      return { ...o, headers, remoteAddress: who === 'anonymous' || who === 'token' ? '127.0.0.1' : PROXY };
    };

    /** Every GET route of the OpenAPI document, with ids filled in (each project and team id, the hidden one too). */
    async function everyGetUrl(): Promise<string[]> {
      const doc = (await app.inject({ url: '/api/openapi.json' })).json() as {
        paths: Record<string, Record<string, unknown>>;
      };
      const projects = Object.keys(REPOS).map((n) => `org:${n}`);
      const teams = ['vaulters', 'books'];
      const urls: string[] = [];
      for (const [path, ops] of Object.entries(doc.paths)) {
        if (!ops.get) continue;
        const ids = path.startsWith('/api/v1/teams/')
          ? teams
          : path.startsWith('/api/v1/campaigns/')
            ? ['guides']
            : path.startsWith('/api/v1/pilots/')
              ? ['trial']
              : path.startsWith('/feeds/teams/')
                ? teams.map((t) => `${t}.atom`)
                : projects;
        const variants = /\{(id|file)\}/.test(path) ? ids : [''];
        for (const id of variants) {
          let url = path.replace(/\{(id|file)\}/, encodeURIComponent(id)).replace(/\{\*\}|\*$/, 'README.md');
          if (url === '/api/v1/projects') url += `?q=${MARKER}`;
          urls.push(url);
          if (url.startsWith('/api/v1/projects?')) urls.push('/api/v1/projects?pageSize=200');
        }
      }
      return urls;
    }

    it('shows the marker to nobody without access, on any GET route of the API', async () => {
      const urls = await everyGetUrl();
      // The enumeration found the routes that matter (so a renamed path cannot empty the test).
      const narrowed = [
        '/feeds/org.atom',
        '/feeds/teams/books.atom',
        '/feeds/teams/vaulters.atom',
        '/api/v1/campaigns',
        '/api/v1/campaigns/guides',
        '/api/v1/pilots/trial',
        '/api/v1/queue',
      ];
      for (const must of [
        '/api/v1/projects',
        '/api/v1/graph',
        '/api/v1/dashboard',
        '/api/v1/export/repos.csv',
        ...narrowed,
      ])
        expect(
          urls.some((u) => u.startsWith(must)),
          must,
        ).toBe(true);
      for (const who of ['anonymous', 'bob', 'token'] as const) {
        for (const url of urls) {
          const res = await app.inject(as(who, { method: 'GET', url }));
          expect(res.statusCode, `${who} ${url}`).toBeLessThan(500);
          // Program pages, feeds and the queue are narrowed to the viewer's repos, not refused.
          if (narrowed.includes(url)) expect(res.statusCode, `${who} ${url}: ${res.body}`).toBe(200);
          if (url.includes(MARKER)) {
            // Asking for the hidden repo by id answers exactly as for a repo that does not exist.
            const ghost = await app.inject(
              as(who, { method: 'GET', url: url.replaceAll(MARKER, 'nothere') }),
            );
            expect(res.statusCode, `${who} ${url}`).toBe(ghost.statusCode);
            expect(res.body.replaceAll(MARKER, 'nothere'), `${who} ${url}`).toBe(ghost.body);
            continue;
          }
          expect(res.body.toLowerCase().includes(MARKER), `${who} ${url}: ${res.body.slice(0, 300)}`).toBe(
            false,
          );
        }
      }
    });

    it('counts only visible repos in facets; anonymous sees public only, signed-in people internal too', async () => {
      const anon = (await app.inject(as('anonymous', { url: '/api/v1/projects?pageSize=50' }))).json();
      expect(anon.items.map((p: { id: string }) => p.id)).toEqual(['org:portal']);
      expect(anon.facets.visibility).toEqual([{ value: 'public', count: 1 }]);
      const bob = (await app.inject(as('bob', { url: '/api/v1/projects?pageSize=50' }))).json();
      expect(bob.items.map((p: { id: string }) => p.id).sort()).toEqual(['org:ledger', 'org:portal']);
      expect(bob.facets.visibility.map((v: { value: string }) => v.value)).toEqual(['internal', 'public']);
      const hidden = await app.inject(
        as('bob', { url: `/api/v1/projects/${encodeURIComponent(privateId)}` }),
      );
      expect(hidden.statusCode).toBe(404);
    });

    it('shows the private repo to its owning team and to admins: search, facets, graph, exports', async () => {
      for (const who of ['carol', 'admin'] as const) {
        const list = (await app.inject(as(who, { url: `/api/v1/projects?q=${MARKER}` }))).json();
        expect(list.items.map((p: { id: string }) => p.id)).toContain(privateId);
        const graph = await app.inject(as(who, { url: '/api/v1/graph' }));
        expect(graph.body).toContain(MARKER);
        const csv = await app.inject(as(who, { url: '/api/v1/export/repos.csv' }));
        expect(csv.body).toContain(MARKER);
        const page = await app.inject(
          as(who, { url: `/api/v1/projects/${encodeURIComponent(privateId)}/readme` }),
        );
        expect(page.statusCode).toBe(200);
        expect(page.body).toContain(MARKER);
      }
    });

    it('narrows campaigns, pilots, feeds and the queue to what the viewer sees', async () => {
      const get = async (who: 'anonymous' | 'bob' | 'carol' | 'admin', url: string) => {
        const res = await app.inject(as(who, { url }));
        expect(res.statusCode, `${who} ${url}`).toBe(200);
        return res;
      };
      // Campaigns: repos and counts over the visible repos only.
      const bobCampaign = (await get('bob', '/api/v1/campaigns/guides')).json();
      expect(bobCampaign.repos.map((r: { id: string }) => r.id).sort()).toEqual(['org:ledger', 'org:portal']);
      expect(bobCampaign.total).toBe(2);
      expect(bobCampaign.burnup.every((d: { total: number }) => d.total === 2)).toBe(true);
      expect((await get('bob', '/api/v1/campaigns')).json().items[0]).toMatchObject({ total: 2 });
      expect((await get('anonymous', '/api/v1/campaigns')).json().items[0]).toMatchObject({ total: 1 });
      const adminCampaign = (await get('admin', '/api/v1/campaigns/guides')).json();
      expect(adminCampaign.total).toBe(3);
      expect(JSON.stringify(adminCampaign)).toContain(MARKER);
      // Pilots: cohorts over the visible repos; the frozen baseline (which counts the hidden repo) is not shown.
      const adminPilot = (await get('admin', '/api/v1/pilots/trial')).json();
      expect(adminPilot.cohorts.pilot).toContain(privateId);
      expect(adminPilot.baseline.frozen).toBe(true);
      const bobPilot = (await get('bob', '/api/v1/pilots/trial')).json();
      expect(bobPilot.cohorts.pilot.sort()).toEqual(['org:ledger', 'org:portal']);
      expect(bobPilot.pilot.before.repos).toBe(2);
      expect(bobPilot.baseline.frozen).toBe(false);
      expect(JSON.stringify(bobPilot)).not.toContain(MARKER);
      // Feeds: the digest of what the reader sees (the repos are new this week).
      const bobFeed = (await get('bob', '/feeds/org.atom')).body;
      expect(bobFeed).toContain('ledger');
      expect(bobFeed).not.toContain(MARKER);
      const anonFeed = (await get('anonymous', '/feeds/org.atom')).body;
      expect(anonFeed).toContain('portal');
      expect(anonFeed).not.toContain('ledger');
      expect((await get('carol', '/feeds/teams/vaulters.atom')).body).toContain(MARKER);
      expect((await get('bob', '/feeds/teams/vaulters.atom')).body).not.toContain(MARKER);
      if (kind !== 'postgres') return;
      // Queue status: jobs and errors of visible repos only; totals by queue and by source to admins only.
      const { queueDb } = await import('../../src/queue/waves.ts');
      const db = queueDb(store!);
      const at = new Date().toISOString();
      await db
        .insertInto('crawl_waves')
        .values({
          crawl_id: 900,
          run_id: 900,
          only: null,
          evaluated_at: 0,
          created_at: at,
          finished_at: null,
        })
        .execute();
      await db
        .insertInto('crawl_wave_repos')
        .values(
          ['org:portal', privateId].map((repo_id) => ({
            crawl_id: 900,
            repo_id,
            source: 'org',
            outcome: null,
            error: `clone of ${repo_id} failed`,
            updated_at: at,
          })),
        )
        .execute();
      await db
        .insertInto('queue_active')
        .values([
          { job_id: 'j1', queue: 'agora-repo', worker_id: 'w', label: privateId, started_at: at },
          { job_id: 'j2', queue: 'agora-repo', worker_id: 'w', label: 'org:portal', started_at: at },
        ])
        .execute();
      const bobQueue = (await get('bob', '/api/v1/queue')).json();
      expect(bobQueue.enabled).toBe(true);
      expect(bobQueue.errors.map((e: { repo: string }) => e.repo)).toEqual(['org:portal']);
      expect(bobQueue.running.map((r: { label: string }) => r.label)).toEqual(['org:portal']);
      expect(bobQueue.crawls[0].bySource).toEqual([]);
      expect(JSON.stringify(bobQueue)).not.toContain(MARKER);
      const adminQueue = (await get('admin', '/api/v1/queue')).json();
      expect(adminQueue.errors.map((e: { repo: string }) => e.repo).sort()).toEqual([
        'org:portal',
        privateId,
      ]);
      expect(adminQueue.crawls[0].bySource).toEqual([{ source: 'org', queued: 2, done: 0, failed: 0 }]);
    });

    it('feed tokens: a private link per person, their view only, feeds only, revocable, never logged', async () => {
      const tokenOf = async (who: 'bob' | 'carol') => {
        const me = await app.inject(as(who, { url: '/api/v1/me' }));
        const csrf = me.cookies.find((c) => c.name === 'agora_csrf')?.value ?? '';
        const created = await app.inject(
          as(who, {
            method: 'POST',
            url: '/api/v1/me/feed-token',
            headers: { 'x-csrf-token': me.json().csrfToken },
            cookies: { agora_csrf: csrf },
          }),
        );
        expect(created.statusCode).toBe(201);
        return { token: created.json().token as string, csrf, csrfToken: me.json().csrfToken as string };
      };
      // The secret part (base64url: it may hold `_` itself).
      const secretOf = (t: string) => t.slice('agorafeed_'.length + 17);
      const bob = await tokenOf('bob');
      const carol = await tokenOf('carol');
      // A feed reader: no cookie, no proxy header, from anywhere.
      const reader = (token: string, url = '/feeds/org.atom') =>
        app.inject({ url: `${url}?token=${encodeURIComponent(token)}`, remoteAddress: '10.1.2.3' });
      const bobFeed = await reader(bob.token);
      expect(bobFeed.statusCode).toBe(200);
      expect(bobFeed.body).toContain('ledger');
      expect(bobFeed.body).not.toContain(MARKER);
      expect((await reader(carol.token)).body).toContain(MARKER);
      // Only the digest is stored; the token opens nothing but feeds.
      const rows = await store!.db.selectFrom('feed_tokens').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(secretOf(bob.token));
      const api = await app.inject({
        url: `/api/v1/me?token=${encodeURIComponent(bob.token)}`,
        remoteAddress: '10.1.2.3',
      });
      expect(api.json()).toMatchObject({ signedIn: false });
      // A new token revokes the old one; a revoked token is refused at once.
      const again = await tokenOf('bob');
      expect((await reader(bob.token)).statusCode).toBe(401);
      expect((await reader(again.token)).statusCode).toBe(200);
      const revoked = await app.inject(
        as('bob', {
          method: 'DELETE',
          url: '/api/v1/me/feed-token',
          headers: { 'x-csrf-token': again.csrfToken },
          cookies: { agora_csrf: again.csrf },
        }),
      );
      expect(revoked.json()).toEqual({ revoked: true });
      expect((await reader(again.token)).statusCode).toBe(401);
      // API tokens are not people: no feed token for them.
      expect(
        (await app.inject(as('token', { method: 'POST', url: '/api/v1/me/feed-token' }))).statusCode,
      ).toBe(403);
      // Request logs name feed URLs with the token redacted.
      const logged = logs.join('');
      expect(logged).toContain('/feeds/org.atom?token=***');
      for (const t of [bob.token, carol.token, again.token]) expect(logged).not.toContain(secretOf(t));
    });

    it("shows a private repo to the forge's collaborators on it, by forge login, and to no one else", async () => {
      const ids = async (email: string, login?: string) => {
        const headers: Record<string, string> = { 'x-forwarded-email': email };
        if (login) headers['x-forwarded-login'] = login;
        const res = await app.inject({ url: '/api/v1/projects?pageSize=50', headers, remoteAddress: PROXY });
        return res.json().items.map((p: { id: string }) => p.id);
      };
      // Dana's login (from the proxy's header, as an OIDC login claim would give it) is a collaborator's.
      expect(await ids('dana@example.com', 'Dana')).toContain(privateId);
      // Frank's, from the config's member entry pairing his email with that login.
      expect(await ids('frank@example.com')).toContain(privateId);
      // Signed in without a login, or with another one: internal repos, not the private one.
      expect(await ids('erin@example.com')).toEqual(['org:ledger', 'org:portal']);
      expect(await ids('erin@example.com', 'erin')).toEqual(['org:ledger', 'org:portal']);
    });

    it.skipIf(noBrowser !== null)(
      'as Bob, no page shows the private repo, in the DOM or in any response it loads',
      async () => {
        const portal = (await app.listen({ host: '127.0.0.1', port: 0 })).replace(/\/$/, '');
        browser ??= await launchBrowser();
        const context = await browser.newContext({
          extraHTTPHeaders: { 'x-forwarded-email': 'bob@example.com' },
        });
        try {
          const bodies: { url: string; text: string }[] = [];
          const pending: Promise<void>[] = [];
          context.on('response', (r) => {
            if (!r.url().startsWith(portal)) return;
            pending.push(
              r.text().then(
                (text) => void bodies.push({ url: r.url(), text }),
                () => {},
              ),
            );
          });
          const api = async (path: string) => (await context.request.get(`${portal}${path}`)).json();
          const projects = (await api('/api/v1/projects')).items.map((p: { id: string }) => p.id).sort();
          expect(projects).toEqual(['org:ledger', 'org:portal']);
          const teams = (await api('/api/v1/teams')).items.map((t: { id: string }) => t.id);
          expect(teams.length).toBeGreaterThan(0);
          const paths = [
            '/',
            '/?q=vault',
            '/dashboard',
            '/teams',
            ...teams.map((id: string) => `/teams/${encodeURIComponent(id)}`),
            ...projects.map((id: string) => `/projects/${encodeURIComponent(id)}`),
            '/graph',
            '/gigs',
            '/crawls',
            '/standards',
            '/get-listed',
            '/campaigns/guides',
            '/pilots/trial',
          ];
          // Four tabs at a time: most of a page's time is the wait for its network to go quiet.
          const queue = [...paths];
          await Promise.all(
            [0, 1, 2, 3].map(async () => {
              const page = await context.newPage();
              for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
                await page.goto(`${portal}${path}`, { waitUntil: 'networkidle' });
                expect(page.url(), path).toBe(`${portal}${path}`);
                const dom = await page.evaluate(() => document.documentElement.outerHTML);
                expect(dom.includes(MARKER), `${path} shows the marker`).toBe(false);
              }
            }),
          );
          await Promise.all(pending);
          expect(bodies.length).toBeGreaterThan(paths.length);
          expect(bodies.filter((b) => b.text.includes(MARKER)).map((b) => b.url)).toEqual([]);
          // The pages did load what they show: search with facets, the campaign and the pilot.
          for (const api of ['/api/v1/projects', '/api/v1/campaigns/guides', '/api/v1/pilots/trial'])
            expect(
              bodies.some((b) => b.url.startsWith(`${portal}${api}`)),
              api,
            ).toBe(true);
          // Follow on a project page gives Bob a private feed link a reader opens without his headers.
          const follow = await context.newPage();
          await follow.goto(`${portal}/projects/${encodeURIComponent('org:ledger')}`);
          await follow.getByRole('button', { name: 'Get my feed link' }).click();
          const href = (await follow.getByTestId('follow-feed').getAttribute('href')) ?? '';
          expect(href).toMatch(/\/feeds\/teams\/books\.atom\?token=agorafeed_/);
          const feed = await fetch(href);
          expect(feed.status).toBe(200);
          const xml = await feed.text();
          expect(xml).toContain('ledger');
          expect(xml).not.toContain(MARKER);
          // The owning team's member, in the same browser, sees it.
          const carol = await browser.newContext({
            extraHTTPHeaders: { 'x-forwarded-email': 'carol@example.com' },
          });
          const p = await carol.newPage();
          await p.goto(`${portal}/projects/${encodeURIComponent(privateId)}`);
          await expect.poll(() => p.evaluate(() => document.body.textContent)).toContain(MARKER);
          await carol.close();
        } finally {
          await context.close();
        }
      },
    );

    it('ignores proxy headers from a peer that is not the proxy', async () => {
      const spoofed = await app.inject({
        url: '/api/v1/projects?pageSize=50',
        headers: { 'x-forwarded-email': 'admin@example.com' },
        remoteAddress: '10.9.9.8',
      });
      expect(spoofed.body.toLowerCase()).not.toContain(MARKER);
      expect(spoofed.json().items.map((p: { id: string }) => p.id)).toEqual(['org:portal']);
      const me = await app.inject({
        url: '/api/v1/me',
        headers: { 'x-forwarded-email': 'admin@example.com' },
        remoteAddress: '10.9.9.8',
      });
      expect(me.json()).toMatchObject({ signedIn: false, user: null });
      const real = await app.inject(as('admin', { url: '/api/v1/me' }));
      expect(real.json()).toMatchObject({ signedIn: true, user: { role: 'admin' } });
    });

    it('a read token cannot start a crawl; a revoked token is refused at once; state changes need the CSRF token', async () => {
      const crawl = await app.inject(as('token', { method: 'POST', url: '/api/v1/crawls' }));
      expect(crawl.statusCode).toBe(403);
      expect(crawl.body).not.toContain(readToken);
      // An admin creates and revokes a token through the API; a browser-borne request needs the CSRF token.
      const noCsrf = await app.inject(
        as('admin', { method: 'POST', url: '/api/v1/tokens', payload: { name: 'ci', scopes: ['read'] } }),
      );
      expect(noCsrf.statusCode).toBe(403);
      const me = await app.inject(as('admin', { url: '/api/v1/me' }));
      const csrfCookie = me.cookies.find((c) => c.name === 'agora_csrf');
      expect(csrfCookie?.httpOnly).toBe(true);
      const created = await app.inject(
        as('admin', {
          method: 'POST',
          url: '/api/v1/tokens',
          payload: { name: 'ci', scopes: ['read'] },
          headers: { 'x-csrf-token': me.json().csrfToken },
          cookies: { agora_csrf: csrfCookie?.value ?? '' },
        }),
      );
      expect(created.statusCode).toBe(201);
      const { token, id } = created.json() as { token: string; id: string };
      const ok = await app.inject({ url: '/api/v1/projects', headers: { authorization: `Bearer ${token}` } });
      expect(ok.statusCode).toBe(200);
      const list = await app.inject(as('admin', { url: '/api/v1/tokens' }));
      expect(list.body).toContain(id);
      expect(list.body).not.toContain(token);
      const { revokeToken } = await import('../../src/store/queries/auth.ts');
      expect(await revokeToken(store!.db, id, Math.floor(Date.now() / 1000))).toBe(true);
      const refused = await app.inject({
        url: '/api/v1/projects',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(refused.statusCode).toBe(401);
      // Only the digest is stored.
      const rows = await store!.db.selectFrom('api_tokens').selectAll().execute();
      expect(JSON.stringify(rows)).not.toContain(token.slice('agora_'.length + 17));
    });
  });
}

describe('mode none', () => {
  it('refuses to listen on a non-loopback address, with a clear message', async () => {
    const { startServer } = await import('../../src/server/start.ts');
    const { configSchema } = await import('../../src/config/schema.ts');
    const loaded = { config: configSchema.parse({}), file: null, baseDir: '/' };
    await expect(startServer({ loaded, store: {} as never, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /refusing to listen on 0\.0\.0\.0 without sign-in/,
    );
  });
});
