// `agora export` for Backstage and the SAP portal as a user runs it, on a small organisation of real git repos:
// Backstage entities pass @backstage/catalog-model's own validators, libraries are typed `library`, `dependsOn`
// follows the re-use graph and every owner is a Group in the same file; the SAP export refuses to write
// relative links (exit 2) unless it knows the portal's public URL (--portal-url or server.publicUrl).

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  type Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  parseEntityRef,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const PIA = { name: 'Pia', email: 'pia@payments.example.com' };
const WES = { name: 'Wes', email: 'wes@web.example.com' };

/** Backstage's own checks: the processing policies and the validator of each kind. */
async function validate(entity: Entity): Promise<void> {
  const policy = EntityPolicies.allOf([
    new DefaultNamespaceEntityPolicy(),
    new FieldFormatEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(),
    new SchemaValidEntityPolicy(),
  ]);
  expect(await policy.enforce(entity), entity.metadata.name).toBeDefined();
  const validators = [
    componentEntityV1alpha1Validator,
    groupEntityV1alpha1Validator,
    apiEntityV1alpha1Validator,
  ];
  const results = await Promise.all(validators.map((v) => v.check(entity)));
  expect(results.some(Boolean), `${entity.kind} ${entity.metadata.name}`).toBe(true);
}

describe('agora export: backstage and sap-portal', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await tmpDir('agora-export-');
    const repo = (name: string, files: Record<string, string>, author = PIA) =>
      makeRepo({ dir: join(dir, 'org', name), commits: [{ files, author, date: ago(10) }] });
    // A library: publishes @acme/ui, runs nothing.
    await repo(
      'ui-kit',
      { 'package.json': JSON.stringify({ name: '@acme/ui', version: '1.4.0' }), 'src/button.js': 'x\n' },
      WES,
    );
    // A service that also publishes its client: a Dockerfile says it runs; it re-uses @acme/ui.
    await repo('payments-api', {
      'package.json': JSON.stringify({
        name: '@acme/payments-client',
        dependencies: { '@acme/ui': '^1.0.0' },
      }),
      Dockerfile: 'FROM node:20\nCMD ["node", "server.js"]\n',
      'server.js': 'x\n',
      CODEOWNERS: '* @acme/payments\n',
    });
    // Declares itself: catalog-info's owner and type win.
    await repo('ledger', {
      'catalog-info.yaml':
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ledger\nspec:\n  type: website\n  owner: group:default/finance\n  lifecycle: experimental\n',
      'package.json': JSON.stringify({
        name: 'ledger',
        private: true,
        dependencies: { '@acme/payments-client': '2' },
      }),
    });
    // Nobody owns it.
    await repo('notes', { 'notes.txt': 'scratch\n' }, { name: 'Zed', email: 'zed@example.com' });
    await writeFile(
      join(dir, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - { type: local, name: local, path: org }',
        'teams:',
        "  payments: { name: Payments, members: ['*@payments.example.com'], handles: ['@acme/payments'] }",
        "  web: { name: Web Platform, members: ['*@web.example.com'], repos: [ui-kit] }",
        '',
      ].join('\n'),
    );
    const crawl = await runCli(['crawl'], { cwd: dir });
    expect(crawl.code, crawl.stderr).toBe(0);
  });

  it('writes Backstage entities that its validators accept, with library types, dependsOn and Groups', async () => {
    const r = await runCli(['export', '--format', 'backstage'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const entities = parseAllDocuments(r.stdout).map((d) => d.toJS() as Entity);
    for (const e of entities) await validate(e);
    const byName = new Map(entities.map((e) => [`${e.kind}:${e.metadata.name}`, e]));
    const spec = (name: string) => byName.get(`Component:${name}`)?.spec as Record<string, unknown>;
    expect(spec('ui-kit')).toMatchObject({ type: 'library', owner: 'group:web' });
    expect(spec('payments-api')).toMatchObject({
      type: 'service',
      owner: 'group:payments',
      dependsOn: ['component:ui-kit'],
    });
    expect(spec('ledger')).toMatchObject({
      type: 'website',
      owner: 'group:default/finance',
      dependsOn: ['component:payments-api'],
    });
    expect(spec('notes').owner).toBe('group:unowned');
    expect(spec('notes').dependsOn).toBeUndefined();
    // Every owner and dependency reference resolves to an entity of this file; no `unknown` owner.
    const groups = entities.filter((e) => e.kind === 'Group');
    expect(groups.map((g) => g.metadata.name).sort()).toEqual(['finance', 'payments', 'unowned', 'web']);
    expect(byName.get('Group:web')).toMatchObject({
      metadata: { title: 'Web Platform' },
      spec: { type: 'team' },
    });
    for (const c of entities.filter((e) => e.kind === 'Component')) {
      const owner = parseEntityRef(String(c.spec?.owner), { defaultKind: 'Group' });
      expect(byName.has(`Group:${owner.name}`), String(c.spec?.owner)).toBe(true);
      for (const d of (c.spec?.dependsOn as string[] | undefined) ?? []) {
        expect(byName.has(`Component:${parseEntityRef(d).name}`), d).toBe(true);
      }
    }
  });

  it('refuses relative SAP links (exit 2) and uses --portal-url or server.publicUrl', async () => {
    const none = await runCli(['export', '--format', 'sap-portal'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/no forge URL.*--portal-url.*server\.publicUrl/s);

    const bad = await runCli(['export', '--format', 'sap-portal', '--portal-url', 'agora.example.com'], {
      cwd: dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('absolute http(s) URL');

    const flag = await runCli(
      ['export', '--format', 'sap-portal', '--portal-url', 'https://agora.example.com/'],
      {
        cwd: dir,
      },
    );
    expect(flag.code, flag.stderr).toBe(0);
    const urls = (JSON.parse(flag.stdout) as { name: string; html_url: string }[]).map((r) => r.html_url);
    expect(urls).toHaveLength(4);
    for (const u of urls) expect(u).toMatch(/^https:\/\/agora\.example\.com\/projects\/local%3A/);

    const config = await readFile(join(dir, 'agora.yaml'), 'utf8');
    await writeFile(join(dir, 'public.yaml'), `${config}server:\n  publicUrl: https://portal.acme.example\n`);
    const configured = await runCli(['--config', 'public.yaml', 'export', '--format', 'sap-portal'], {
      cwd: dir,
    });
    expect(configured.code, configured.stderr).toBe(0);
    for (const r of JSON.parse(configured.stdout) as { html_url: string }[])
      expect(r.html_url.startsWith('https://portal.acme.example/projects/')).toBe(true);
  });
});
