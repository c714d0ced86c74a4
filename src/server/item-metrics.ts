// The one place the portal reads issue 11's forge-item metrics (src/metrics/forge-items.ts): every repo's
// numbers over the last 90 days, computed once per catalogue (so once per crawl) on first use and served from
// memory after that.

import type { FastifyInstance } from 'fastify';
import type { OrgItemMetrics, RepoItemMetrics } from '../metrics/forge-item-types.ts';
import type { Catalogue } from './catalogue.ts';

const byCatalogue = new WeakMap<Catalogue, Promise<Map<string, RepoItemMetrics>>>();
const orgByCatalogue = new WeakMap<Catalogue, Promise<OrgItemMetrics>>();

/** The organisation's item metrics (teams most helpful first), once per catalogue. */
export function orgItemMetricsOf(app: FastifyInstance): Promise<OrgItemMetrics> {
  const cat = app.portal.catalogue;
  let org = orgByCatalogue.get(cat);
  if (!org) {
    org = import('../metrics/forge-items.ts').then((m) =>
      m.orgItemMetrics(app.portal.store, app.portal.loaded, {
        now: new Date(cat.now * 1000),
        // A narrowed view (a viewer who may not see every repo) counts only its own repos.
        keep: cat === app.portal.full.catalogue ? undefined : new Set(cat.projects.map((p) => p.summary.id)),
      }),
    );
    org.catch(() => orgByCatalogue.delete(cat));
    orgByCatalogue.set(cat, org);
  }
  return org;
}

/** The organisation's item metrics, or null when they cannot be read (a page still answers without them). */
export async function orgItemMetricsOrNull(app: FastifyInstance): Promise<OrgItemMetrics | null> {
  try {
    return await orgItemMetricsOf(app);
  } catch (err) {
    app.log.warn({ err: (err as Error).message }, 'forge item metrics unavailable');
    return null;
  }
}

/** Every repo's item metrics as of the catalogue's clock. */
export function allItemMetrics(app: FastifyInstance): Promise<Map<string, RepoItemMetrics>> {
  const cat = app.portal.catalogue;
  let all = byCatalogue.get(cat);
  if (!all) {
    all = import('../metrics/forge-items.ts').then((m) =>
      m.allRepoItemMetrics(app.portal.store, app.portal.loaded, { now: new Date(cat.now * 1000) }),
    );
    // A failed read is retried by the next request, not kept.
    all.catch(() => byCatalogue.delete(cat));
    byCatalogue.set(cat, all);
  }
  return all;
}

/** The repo's item metrics, or null when it has none (not a forge repo, or unreadable). */
export async function repoItemMetricsOrNull(
  app: FastifyInstance,
  repoId: string,
): Promise<RepoItemMetrics | null> {
  try {
    return (await allItemMetrics(app)).get(repoId) ?? null;
  } catch (err) {
    app.log.warn({ err: (err as Error).message }, 'forge item metrics unavailable');
    return null;
  }
}
