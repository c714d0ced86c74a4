// Pilots declared by admins in the portal, on both stores: only admins may write (a viewer gets 403, a
// browser's request without the CSRF token is refused), bad input gets a 400 that names the field, agora.yaml's
// pilots are read-only (409), the two kinds are listed together, a portal pilot has a report, and an id both
// declare is a clear error instead of a silent pick.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tmpDir } from '../helpers/gitdir.ts';
import { describeEachStore } from '../helpers/stores.ts';

const PROXY = '10.9.8.7';

describeEachStore('pilots declared in the portal', (getStore) => {
  let app: FastifyInstance;
  let adminToken = '';

  beforeAll(async () => {
    const root = await tmpDir('agora-portal-pilots-');
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'teams:',
        '  payments: { members: [ann@example.com], repos: [pay-*] }',
        'pilots:',
        '  checkout: { teams: [payments], start: 2026-01-05 }',
        'server:',
        '  auth:',
        '    mode: proxy',
        `    proxy: { trusted: ["${PROXY}/32"] }`,
        '    admins: { people: [lead@example.com] }',
        '',
      ].join('\n'),
    );
    const { loadConfig } = await import('../../src/config/load.ts');
    const { buildApp } = await import('../../src/server/app.ts');
    const { createToken } = await import('../../src/server/auth/tokens.ts');
    const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
    const now = Math.floor(Date.now() / 1000);
    adminToken = (
      await createToken(getStore(), { name: 'ops', scopes: ['admin'], expiresAt: null, createdBy: null, now })
    ).token;
    app = await buildApp({ store: getStore(), loaded, webDist: join(root, 'none') });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** A person behind the trusted proxy (browser-style: ambient credentials, so CSRF applies). */
  const person = (email: string, o: InjectOptions): InjectOptions => ({
    ...o,
    headers: { ...(o.headers as Record<string, string>), 'x-forwarded-email': email },
    remoteAddress: PROXY,
  });
  const admin = (o: InjectOptions): InjectOptions => ({
    ...o,
    headers: { ...(o.headers as Record<string, string>), authorization: `Bearer ${adminToken}` },
  });
  const pilot = { title: 'Docs first', teams: ['payments'], start: '2026-02-02', review: '2026-05-04' };

  it('refuses viewers (403) and a browser request without the CSRF token; an admin with it declares a pilot', async () => {
    const viewer = await app.inject(
      person('bob@example.com', { method: 'POST', url: '/api/v1/pilots', payload: { id: 'docs', ...pilot } }),
    );
    expect(viewer.statusCode).toBe(403);
    expect(viewer.json().message).toMatch(/admin/);
    const noCsrf = await app.inject(
      person('lead@example.com', {
        method: 'POST',
        url: '/api/v1/pilots',
        payload: { id: 'docs', ...pilot },
      }),
    );
    expect(noCsrf.statusCode).toBe(403);
    const me = await app.inject(person('lead@example.com', { url: '/api/v1/me' }));
    const csrf = me.json().csrfToken as string;
    const cookie = me.cookies.find((c) => c.name === 'agora_csrf');
    expect(csrf && cookie).toBeTruthy();
    const made = await app.inject(
      person('lead@example.com', {
        method: 'POST',
        url: '/api/v1/pilots',
        payload: { id: 'docs', ...pilot },
        headers: { 'x-csrf-token': csrf },
        cookies: { agora_csrf: cookie?.value ?? '' },
      }),
    );
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({
      id: 'docs',
      title: 'Docs first',
      source: 'portal',
      editable: true,
      createdBy: 'lead@example.com',
      review: '2026-05-04',
    });
  });

  it('answers bad input with a 400 that says what is wrong', async () => {
    const post = (payload: object) => app.inject(admin({ method: 'POST', url: '/api/v1/pilots', payload }));
    const cases: [object, RegExp][] = [
      [{ id: 'x', teams: ['payments'] }, /start/],
      [{ id: 'x', teams: ['payments'], start: 'next tuesday' }, /start/],
      [{ id: 'x', teams: ['nobody'], start: '2026-02-02' }, /no team "nobody"/],
      [{ id: 'x', start: '2026-02-02' }, /cohort is empty/],
      [
        { id: 'x', teams: ['payments'], start: '2026-02-02', review: '2026-01-01' },
        /review: must be after start/,
      ],
      [{ id: 'has space', teams: ['payments'], start: '2026-02-02' }, /id: letters, digits/],
      [{ id: 'x', teams: ['payments'], start: '2026-02-02', baselineDays: 3 }, /baselineDays/],
      [{ id: 'x', teams: ['payments'], start: '2026-02-02', colour: 'red' }, /colour|additional/],
    ];
    for (const [payload, message] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message, JSON.stringify(payload)).toMatch(message);
    }
    const list = (await app.inject(admin({ url: '/api/v1/pilots' }))).json().items;
    expect(list.map((p: { id: string }) => p.id)).toEqual(['checkout', 'docs']);
  });

  it("keeps agora.yaml's pilots read-only and refuses a second pilot of the same id", async () => {
    const yaml = await app.inject(
      admin({ method: 'POST', url: '/api/v1/pilots', payload: { id: 'checkout', ...pilot } }),
    );
    expect(yaml.statusCode).toBe(409);
    expect(yaml.json().message).toMatch(/declared in agora\.yaml: it is read-only in the portal/);
    expect(
      (await app.inject(admin({ method: 'PUT', url: '/api/v1/pilots/checkout', payload: pilot }))).statusCode,
    ).toBe(409);
    expect((await app.inject(admin({ method: 'DELETE', url: '/api/v1/pilots/checkout' }))).statusCode).toBe(
      409,
    );
    const again = await app.inject(
      admin({ method: 'POST', url: '/api/v1/pilots', payload: { id: 'docs', ...pilot } }),
    );
    expect(again.statusCode).toBe(409);
    const listed = (await app.inject(admin({ url: '/api/v1/pilots' }))).json().items;
    expect(listed.find((p: { id: string }) => p.id === 'checkout')).toMatchObject({
      source: 'agora.yaml',
      editable: false,
    });
  });

  it('reports, changes and deletes a portal pilot', async () => {
    const report = await app.inject(admin({ url: '/api/v1/pilots/docs' }));
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({
      id: 'docs',
      title: 'Docs first',
      start: '2026-02-02',
      review: '2026-05-04',
    });
    const changed = await app.inject(
      admin({ method: 'PUT', url: '/api/v1/pilots/docs', payload: { ...pilot, title: 'Docs first, v2' } }),
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await app.inject(admin({ url: '/api/v1/pilots/docs' }))).json().title).toBe('Docs first, v2');
    expect((await app.inject(admin({ method: 'DELETE', url: '/api/v1/pilots/docs' }))).statusCode).toBe(204);
    expect((await app.inject(admin({ url: '/api/v1/pilots/docs' }))).statusCode).toBe(404);
    expect(
      (await app.inject(admin({ method: 'PUT', url: '/api/v1/pilots/docs', payload: pilot }))).statusCode,
    ).toBe(404);
  });

  it('names a clash when agora.yaml later declares an id the portal holds', async () => {
    const { insertPortalPilot } = await import('../../src/store/queries/program.ts');
    await insertPortalPilot(
      getStore().db,
      {
        id: 'checkout',
        config: JSON.stringify({ teams: ['payments'], start: '2026-03-02' }),
        createdBy: 'lead',
      },
      new Date(),
    );
    const res = await app.inject(admin({ url: '/api/v1/pilots/checkout' }));
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toMatch(/declared both in agora\.yaml and in the portal/);
    const listed = (await app.inject(admin({ url: '/api/v1/pilots' }))).json().items;
    expect(listed.find((p: { id: string }) => p.id === 'checkout').clash).toMatch(
      /DELETE \/api\/v1\/pilots\/checkout/,
    );
    expect((await app.inject(admin({ method: 'DELETE', url: '/api/v1/pilots/checkout' }))).statusCode).toBe(
      204,
    );
    expect((await app.inject(admin({ url: '/api/v1/pilots/checkout' }))).statusCode).toBe(200);
  });
});
