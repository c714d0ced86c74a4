// Reads the gig board from the store: the open issues carrying any gig label (most recently updated first), a
// page at a time up to MAX_GIGS, then the exact per-repo label sets (gigs.ts).

import type { AgoraConfig } from '../config/schema.ts';
import type { ForgeItem } from '../metrics/forge-item-types.ts';
import { openIssues } from '../store/queries/forge-items.ts';
import type { Db } from '../store/queries/shared.ts';
import { allGigLabels, type GigList, type GigRepo, gigsFrom, MAX_GIGS } from './gigs.ts';

/** Rows per store read (the query's own maximum). */
const PAGE = 1000;

/** Every gig of `repos` (the repos the caller may show), newest first; bounded by MAX_GIGS candidates. */
export async function collectGigs(
  db: Db,
  config: Pick<AgoraConfig, 'gigs'>,
  repos: readonly GigRepo[],
  now: number,
  max = MAX_GIGS,
): Promise<GigList> {
  const byId = new Map(repos.map((r) => [r.id, r]));
  const labels = allGigLabels(config, repos);
  const candidates: ForgeItem[] = [];
  let truncated = false;
  if (labels.length === 0) return { gigs: [], truncated: false };
  for (let offset = 0; ; offset += PAGE) {
    const want = Math.min(PAGE, max + 1 - offset);
    const page = await openIssues(db, { labels, limit: want, offset });
    candidates.push(...page);
    if (candidates.length > max) {
      truncated = true;
      candidates.length = max;
      break;
    }
    if (page.length < want) break;
  }
  return { gigs: gigsFrom(config, byId, candidates, now), truncated };
}
