// The OpenAPI document: structurally valid OpenAPI 3.0, every schema compiles, every route of the contract is
// described, and a snapshot keeps it from drifting unnoticed (update with `npx vitest run -u`).

import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { tmpDir } from '../helpers/gitdir.ts';

const CONTRACT = [
  'get /health',
  'get /api/v1/projects',
  'get /api/v1/projects/{id}',
  'get /api/v1/projects/{id}/readme',
  'get /api/v1/projects/{id}/documents',
  'get /api/v1/projects/{id}/documents/{*}',
  'get /api/v1/projects/{id}/activity',
  'get /api/v1/projects/{id}/files/{*}',
  'get /api/v1/projects/{id}/dependencies',
  'get /api/v1/projects/{id}/dependents',
  'get /api/v1/projects/{id}/findings',
  'get /api/v1/projects/{id}/packages',
  'get /api/v1/projects/{id}/contributors',
  'get /api/v1/projects/{id}/contributors-by-team',
  'get /api/v1/projects/{id}/docs',
  'get /api/v1/projects/{id}/owners',
  'get /api/v1/projects/{id}/checks',
  'get /api/v1/projects/{id}/languages',
  'get /api/v1/teams',
  'get /api/v1/teams/{id}',
  'get /api/v1/dashboard',
  'get /api/v1/graph',
  'get /api/v1/standards',
  'get /api/v1/crawls',
  'post /api/v1/crawls',
  'get /api/v1/export/repos.json',
  'get /api/v1/export/catalog-info.yaml',
  'get /api/v1/export/repos.csv',
];

type Json = any;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

describe('OpenAPI document', () => {
  let app: FastifyInstance;
  let store: Store;
  let doc: Record<string, Json>;

  beforeAll(async () => {
    const dir = await tmpDir('agora-openapi-');
    store = await openStore({ url: `sqlite:${join(dir, 'agora.db')}`, dataDir: dir });
    const loaded = await loadConfig({ cwd: dir });
    const { buildApp } = await import('../../src/server/app.ts');
    app = await buildApp({ store, loaded, webDist: join(dir, 'none') });
    const res = await app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('is structurally valid OpenAPI 3.0', () => {
    expect(doc.openapi).toMatch(/^3\.0\.\d$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(typeof doc.paths).toBe('object');
    const opIds = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Json>>)) {
      expect(path.startsWith('/'), path).toBe(true);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        expect(METHODS, `${path} ${method}`).toContain(method);
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path} has responses`).toBeGreaterThan(0);
        for (const code of Object.keys(op.responses)) expect(code).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
        for (const [, r] of Object.entries(op.responses as Record<string, Json>))
          expect(typeof r.description).toBe('string');
        const params = (op.parameters ?? []) as {
          name: string;
          in: string;
          required?: boolean;
          schema?: object;
        }[];
        for (const p of params) {
          expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
          if (p.in === 'path') expect(p.required, `${path} ${p.name}`).toBe(true);
        }
        for (const name of templated) {
          expect(
            params.some((p) => p.in === 'path' && p.name === name),
            `${method} ${path} declares {${name}}`,
          ).toBe(true);
        }
        if (op.operationId) {
          expect(opIds.has(op.operationId)).toBe(false);
          opIds.add(op.operationId);
        }
        for (const s of op.security ?? []) {
          for (const scheme of Object.keys(s)) expect(doc.components.securitySchemes).toHaveProperty(scheme);
        }
      }
    }
  });

  it('has schemas that compile', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    let compiled = 0;
    const visit = (node: unknown, key: string) => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (key === 'schema') {
        ajv.compile(o);
        compiled++;
        return;
      }
      for (const [k, v] of Object.entries(o)) visit(v, k);
    };
    visit(doc.paths, '');
    expect(compiled).toBeGreaterThan(20);
  });

  it('describes every route of the API contract', () => {
    const described = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, object>)) {
      for (const method of Object.keys(item)) described.add(`${method} ${path}`);
    }
    for (const route of CONTRACT) expect([...described], route).toContain(route);
  });

  it('matches its snapshot', async () => {
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot(
      './__snapshots__/openapi.json.snap',
    );
  });
});
