// A project's responsiveness as the portal shows it: the response time it promises (CONTRIBUTING or
// innersource.json, a repo fact) beside what the forge measured (issue 11's item metrics: open PRs and issues,
// time to first response for outside-team items, outside PRs by month), and whether the promise holds.

import type { ResponsePromise } from '../../analyse/facts.ts';
import type { RepoItemMetrics } from '../../metrics/forge-item-types.ts';
import type { ProjectRecord } from '../catalogue.ts';

export interface ProjectResponsiveness {
  repoId: string;
  /** The promised first-response times; null when the repo promises none. */
  promise: ResponsePromise | null;
  /** The forge's numbers for the window; null when issues and PRs were never read for this repo. */
  measured: RepoItemMetrics | null;
  /** Per promised kind: whether the outside-team p90 is within it (null: not measured, or no promise). */
  kept: { pullRequests: boolean | null; issues: boolean | null };
}

/** The responsiveness view of a project from its facts and (when ingested) its item metrics. */
export function presentResponsiveness(p: ProjectRecord, m: RepoItemMetrics | null): ProjectResponsiveness {
  const promise = p.facts.responsePromise ?? null;
  const measured = m?.ingested ? m : null;
  const keeps = (hours: number | undefined, p90: number | null | undefined): boolean | null =>
    hours === undefined || p90 === null || p90 === undefined ? null : p90 <= hours;
  return {
    repoId: p.summary.id,
    promise,
    measured,
    kept: {
      pullRequests: keeps(promise?.pullRequests?.hours, measured?.numbers.outside.prFirstResponse.p90Hours),
      issues: keeps(promise?.issues?.hours, measured?.numbers.outside.issueFirstResponse.p90Hours),
    },
  };
}
