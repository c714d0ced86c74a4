// Keeps `commit_days` (commits per repo, author, day and bot flag) equal to what the commits table says:
// the commit writers call this in their own transaction for the days they touched.

import { sql } from 'kysely';
import type { CommitRecord } from '../../analyse/facts.ts';
import type { Db } from './shared.ts';

export const DAY_SECONDS = 86_400;

/** Unix day number of a unix time: floor division, so times before 1970 land on the right day too. */
export function dayOf(time: number): number {
  return Math.floor(time / DAY_SECONDS);
}

/** The same floor division in SQL (`%` truncates towards zero on both databases). */
const dayExpr = sql<number>`(author_time - (((author_time % 86400) + 86400) % 86400)) / 86400`;

/** First and last day (inclusive) of some commits, or null for none. */
export function daySpan(commits: readonly CommitRecord[]): { from: number; to: number } | null {
  if (commits.length === 0) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const c of commits) {
    if (c.authorTime < min) min = c.authorTime;
    if (c.authorTime > max) max = c.authorTime;
  }
  return { from: dayOf(min), to: dayOf(max) };
}

/**
 * Recomputes a repo's day rows from its commits: all of them, or only the days `span` covers. Recomputing
 * (rather than adding the new commits) keeps the rows exact whatever was skipped as already stored.
 */
export async function refreshCommitDays(
  db: Db,
  repoId: string,
  span?: { from: number; to: number } | null,
): Promise<void> {
  let del = db.deleteFrom('commit_days').where('repo_id', '=', repoId);
  const inSpan = span
    ? sql`and author_time >= ${span.from * DAY_SECONDS} and author_time < ${(span.to + 1) * DAY_SECONDS}`
    : sql``;
  if (span) del = del.where('day', '>=', span.from).where('day', '<=', span.to);
  await del.execute();
  await sql`insert into commit_days
      (repo_id, author_email, day, is_bot, commits, author_name, first_time, additions, deletions)
    select repo_id, author_email, day, is_bot, count(*), min(author_name), min(author_time),
           sum(additions), sum(deletions)
    from (select repo_id, author_email, author_name, author_time, is_bot, additions, deletions,
                 ${dayExpr} as day
          from commits where repo_id = ${repoId} ${inSpan}) d
    group by repo_id, day, author_email, is_bot`.execute(db);
}
