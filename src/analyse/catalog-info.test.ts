// The readers validate with the libraries a caller loaded: register them all, as the crawl does.
import './manifests/all-parsers.ts';
import { describe, expect, it } from 'vitest';
import { ownerRef, parseCatalogInfo } from './catalog-info.ts';

describe('parseCatalogInfo', () => {
  it('reads a Component', () => {
    const text = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments-api
  description: Takes payments
  tags: [java, payments]
spec:
  type: service
  lifecycle: production
  owner: team-payments
  system: checkout
`;
    const r = parseCatalogInfo(text, 'catalog-info.yaml');
    expect(r.findings).toEqual([]);
    expect(r.catalog).toEqual({
      name: 'payments-api',
      description: 'Takes payments',
      tags: ['java', 'payments'],
      owner: 'team-payments',
      type: 'service',
      lifecycle: 'production',
      system: 'checkout',
    });
    expect(r.owners).toEqual([
      { owner: 'group:team-payments', kind: 'group', source: 'catalog-info', catchAll: true },
    ]);
  });

  it('takes the Component among several documents', () => {
    const text = `kind: Location
metadata: { name: loc }
spec: { targets: [] }
---
kind: API
metadata: { name: the-api }
spec: { owner: user:jane }
---
kind: Component
metadata: { name: svc }
spec: { owner: group:default/core }
`;
    const r = parseCatalogInfo(text, 'catalog-info.yaml');
    expect(r.catalog?.name).toBe('svc');
    expect(r.owners[0]).toMatchObject({ owner: 'group:default/core', kind: 'group' });
  });

  it('reports wrong types by key and keeps the valid fields', () => {
    const text =
      'kind: Component\nmetadata:\n  name: svc\n  tags: notalist\nspec:\n  owner: 42\n  lifecycle: experimental\n';
    const r = parseCatalogInfo(text, 'catalog-info.yaml');
    expect(r.catalog).toEqual({ name: 'svc', lifecycle: 'experimental' });
    expect(r.findings.map((f) => f.message.split(':')[0])).toEqual(['metadata.tags', 'spec.owner']);
    expect(r.findings.every((f) => f.code === 'CATALOG_INFO_INVALID')).toBe(true);
    expect(r.owners).toEqual([]);
  });

  it('reports invalid YAML', () => {
    const r = parseCatalogInfo('kind: Component\nmetadata: [unclosed\n', 'catalog-info.yaml');
    expect(r.catalog).toBeNull();
    expect(r.findings[0].code).toBe('CATALOG_INFO_INVALID');
  });

  it('refuses an alias bomb quickly', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
      'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
      'kind: Component',
    ].join('\n');
    const started = performance.now();
    const r = parseCatalogInfo(bomb, 'catalog-info.yaml');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.catalog).toBeNull();
    expect(r.findings[0]).toMatchObject({ code: 'CATALOG_INFO_INVALID' });
  });

  it('survives deep nesting and non-mapping documents', () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    expect(parseCatalogInfo(deep, 'c.yaml').catalog).toBeNull();
    expect(parseCatalogInfo('- a\n- b\n', 'c.yaml').findings[0].code).toBe('CATALOG_INFO_INVALID');
    expect(parseCatalogInfo('', 'c.yaml')).toEqual({ catalog: null, owners: [], findings: [] });
  });
});

describe('ownerRef', () => {
  it('defaults to a group and keeps user refs', () => {
    expect(ownerRef('payments')).toEqual({ owner: 'group:payments', kind: 'group' });
    expect(ownerRef('user:jane')).toEqual({ owner: 'user:jane', kind: 'user' });
    expect(ownerRef('Group:default/x')).toEqual({ owner: 'group:default/x', kind: 'group' });
  });
});
