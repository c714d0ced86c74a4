// Commit times outside [1970, now + 1 day] stored by versions that did not clamp them (a commit dated
// `@99999999999999` made every reader that formats dates throw "Invalid time value"): clamped the way the
// crawl now clamps them, with the day aggregates and repo summaries of the repos concerned recomputed.

import { type Kysely, type Migration, sql } from 'kysely';
import { refreshCommitDays } from '../queries/commit-days.ts';
import type { Db } from '../queries/shared.ts';

export const commitDates: Migration = {
  async up(db: Kysely<unknown>) {
    const max = Math.floor(Date.now() / 1000) + 86_400;
    const bad = sql`(author_time < 0 or author_time > ${max} or committer_time < 0 or committer_time > ${max})`;
    const { rows } = await sql<{
      repo_id: string;
    }>`select distinct repo_id from commits where ${bad}`.execute(db);
    await sql`update commits set author_time = case
        when committer_time >= 0 and committer_time <= ${max} then committer_time
        when author_time < 0 then 0 else ${max} end
      where author_time < 0 or author_time > ${max}`.execute(db);
    await sql`update commits set committer_time = author_time
      where committer_time < 0 or committer_time > ${max}`.execute(db);
    for (const { repo_id: id } of rows) {
      await refreshCommitDays(db as unknown as Db, id);
      await sql`update repos set
          first_commit_at = (select min(author_time) from commits where repo_id = ${id}),
          last_commit_at = (select max(author_time) from commits where repo_id = ${id})
        where id = ${id}`.execute(db);
    }
  },
  async down() {
    // The original dates are not kept: nothing to undo.
  },
};
