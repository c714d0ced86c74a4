// What the forge shows of each repo's responsiveness, for the `response-promise` rule: issue 11's item metrics
// (src/metrics/forge-items.ts) as check subjects carry them. Read only for the repos that promise a response
// time, so a crawl of repos without a promise pays nothing for it.

import type { LoadedConfig } from '../config/schema.ts';
import type { RepoItemMetrics } from '../metrics/forge-item-types.ts';
import type { Store } from '../store/db.ts';
import { type Db, dialectOf } from '../store/queries/shared.ts';
import type { SubjectResponsiveness } from './subject.ts';

/** The subject's view of a repo's item metrics. */
export function subjectResponsiveness(m: RepoItemMetrics | null): SubjectResponsiveness | null {
  if (!m) return null;
  return {
    days: m.window.days,
    ingested: m.ingested,
    outsidePrFirstResponse: m.numbers.outside.prFirstResponse,
    outsideIssueFirstResponse: m.numbers.outside.issueFirstResponse,
  };
}

/** Each repo's responsiveness over the last 90 days, as `db` (maybe a crawl's transaction) sees it. */
export async function responsivenessOf(
  db: Db,
  loaded: LoadedConfig,
  repoIds: readonly string[],
  now: number,
): Promise<Map<string, SubjectResponsiveness>> {
  const out = new Map<string, SubjectResponsiveness>();
  if (repoIds.length === 0) return out;
  const metrics = await import('../metrics/forge-items.ts');
  // The metrics read through `store.db` only: inside a transaction they must read through it.
  const view: Store = { db, dialect: dialectOf(db), url: '', close: async () => {} };
  const opts = { now: new Date(now * 1000) };
  if (repoIds.length === 1) {
    const r = subjectResponsiveness(await metrics.repoItemMetrics(view, loaded, repoIds[0], opts));
    if (r) out.set(repoIds[0], r);
    return out;
  }
  const all = await metrics.allRepoItemMetrics(view, loaded, opts);
  for (const id of repoIds) {
    const r = subjectResponsiveness(all.get(id) ?? null);
    if (r) out.set(id, r);
  }
  return out;
}
