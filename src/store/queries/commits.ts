// Reads commits for metrics: compact rows (only the columns metrics use), fast at a million rows.

import type { CommitRow } from '../schema.ts';
import type { Db } from './shared.ts';

/** One commit as metrics need it; `is_bot` is 0/1 and times are unix seconds. */
export type CompactCommit = Pick<
  CommitRow,
  'repo_id' | 'author_email' | 'author_name' | 'author_time' | 'is_bot' | 'additions' | 'deletions'
>;

const COMPACT = [
  'repo_id',
  'author_email',
  'author_name',
  'author_time',
  'is_bot',
  'additions',
  'deletions',
] as const;

/** A repo's commits (optionally only those authored at or after `sinceUnix`), oldest first. */
export async function commitsForRepo(db: Db, repoId: string, sinceUnix?: number): Promise<CompactCommit[]> {
  let query = db.selectFrom('commits').select(COMPACT).where('repo_id', '=', repoId);
  if (sinceUnix !== undefined) query = query.where('author_time', '>=', sinceUnix);
  return query.orderBy('author_time').execute();
}

/** Every repo's commits authored at or after `sinceUnix`, in no particular order. */
export async function allCommitsSince(db: Db, sinceUnix: number): Promise<CompactCommit[]> {
  return db.selectFrom('commits').select(COMPACT).where('author_time', '>=', sinceUnix).execute();
}

/**
 * The same rows as allCommitsSince, a page at a time (keyset pagination on the primary key), so a caller
 * can fold a large history without holding it all.
 */
export async function* iterateCommitsSince(
  db: Db,
  sinceUnix: number,
  pageSize = 50_000,
): AsyncGenerator<CompactCommit[]> {
  let after: { repo_id: string; sha: string } | null = null;
  for (;;) {
    let query = db
      .selectFrom('commits')
      .select([...COMPACT, 'sha'])
      .where('author_time', '>=', sinceUnix);
    if (after) {
      const { repo_id, sha } = after;
      query = query.where((eb) =>
        eb.or([eb('repo_id', '>', repo_id), eb.and([eb('repo_id', '=', repo_id), eb('sha', '>', sha)])]),
      );
    }
    const rows = await query.orderBy('repo_id').orderBy('sha').limit(pageSize).execute();
    if (rows.length === 0) return;
    const last = rows[rows.length - 1];
    after = { repo_id: last.repo_id, sha: last.sha };
    yield rows.map(({ sha: _sha, ...rest }) => rest);
    if (rows.length < pageSize) return;
  }
}
