// Reads for metrics: commits grouped by (repo, author, time bucket) from the day aggregates however many repos
// there are, owners, packages and the repo fields the activity score needs. The only SQL of src/metrics.

import { sql } from 'kysely';
import { type Db, dialectOf } from './shared.ts';

export interface ContributionGroupRow {
  repo_id: string;
  author_email: string;
  author_name: string;
  is_bot: number;
  commits: number;
  /** Earliest author time in the group (unix seconds). */
  first_time: number;
}

const DAY = 86_400;

/** Contiguous runs of day numbers as [start, end) unix-second ranges. */
function dayRanges(days: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const d of [...days].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[1] === d * DAY) last[1] = (d + 1) * DAY;
    else out.push([d * DAY, (d + 1) * DAY]);
  }
  return out;
}

/**
 * Commits grouped by repo, author, bot flag and time bucket, where a bucket is the span between two
 * consecutive `edges` (unix seconds). Within a group every commit falls between the same two edges, so
 * any test against an edge gives the same answer for the group's earliest commit as for all of them.
 *
 * Read from the day aggregates (`commit_days`): a whole day lies in one bucket unless an edge (or the `since`
 * cut) falls inside it, so only those few split days are read from raw commits. Sums, earliest times and
 * smallest names (min of mins, in the database's collation) are the same as grouping the raw commits.
 */
export async function contributionGroups(
  db: Db,
  opts: { repoId?: string; repoIds?: readonly string[]; since?: number; edges: readonly number[] },
): Promise<ContributionGroupRow[]> {
  if (opts.repoIds !== undefined && opts.repoIds.length === 0) return [];
  const ids = opts.repoId !== undefined ? [opts.repoId] : opts.repoIds;
  const edges = [...new Set(opts.edges)].sort((a, b) => a - b);
  const since = opts.since;
  const firstDay = since === undefined ? null : Math.floor(since / DAY);
  const split = new Set<number>();
  for (const e of since === undefined ? edges : [...edges, since]) {
    const day = Math.floor(e / DAY);
    if (e !== day * DAY && (firstDay === null || day >= firstDay)) split.add(day);
  }
  const idList = ids ? sql.join(ids.map((id) => sql`${id}`)) : null;

  // The number of edges at or before the time: the first edge after it, searched from the oldest, so the bulk
  // of history (before every edge) stops at the first test.
  const bucket =
    edges.length === 0
      ? sql<number>`0`
      : sql<number>`(case ${sql.join(
          edges.map((e, i) => sql`when first_time < ${e} then ${sql.lit(i)}`),
          sql` `,
        )} else ${sql.lit(edges.length)} end)`;
  const grouped = (rows: RawSql) => sql<ContributionGroupRow & { bucket: number }>`
    select repo_id, author_email, min(author_name) as author_name, is_bot, ${bucket} as bucket,
           sum(commits) as commits, min(first_time) as first_time
    from (${rows}) d
    group by repo_id, author_email, is_bot, bucket`;

  const dayConditions = [sql`1 = 1`];
  if (idList) dayConditions.push(sql`repo_id in (${idList})`);
  // Whole days only: a day the `since` cut splits is read raw.
  if (since !== undefined) dayConditions.push(sql`day >= ${Math.ceil(since / DAY)}`);
  if (split.size > 0) dayConditions.push(sql`day not in (${sql.join([...split].map((d) => sql`${d}`))})`);
  const days = grouped(sql`
    select repo_id, author_email, author_name, is_bot, commits, first_time
    from commit_days where ${sql.join(dayConditions, sql` and `)}`).execute(db);

  let raw: Promise<{ rows: (ContributionGroupRow & { bucket: number })[] }> = Promise.resolve({ rows: [] });
  if (split.size > 0) {
    const ranges = sql.join(
      dayRanges([...split]).map(([lo, hi]) => sql`(cast(${lo} as bigint), cast(${hi} as bigint))`),
    );
    // Through repos so each range is an index range scan of (repo_id, author_time) per repo; CROSS JOIN
    // keeps SQLite from choosing a scan of all commits instead.
    raw = sql<ContributionGroupRow & { bucket: number }>`
      with ranges(lo, hi) as (values ${ranges})
      ${grouped(sql`
        select c.repo_id, c.author_email, c.author_name, c.is_bot, 1 as commits, c.author_time as first_time
        from ranges
        cross join repos r
        cross join commits c
        where c.repo_id = r.id and c.author_time >= ranges.lo and c.author_time < ranges.hi
          ${since === undefined ? sql`` : sql`and c.author_time >= ${since}`}
          ${idList ? sql`and r.id in (${idList})` : sql``}`)}`.execute(db);
  }
  // Two queries rather than one UNION: SQLite runs a union under GROUP BY as a co-routine, a third slower.
  const [dayRows, rawRows] = await Promise.all([days, raw]);
  const out = dayRows.rows;
  for (const r of out) normalise(r);
  if (rawRows.rows.length === 0) return out;
  // A split day's commits may share a group with whole days: add them in (looked up by repo, then author).
  const pending = new Map<string, Map<string, (ContributionGroupRow & { bucket: number })[]>>();
  for (const r of rawRows.rows) {
    normalise(r);
    const byAuthor = pending.get(r.repo_id) ?? new Map();
    pending.set(r.repo_id, byAuthor.set(r.author_email, [...(byAuthor.get(r.author_email) ?? []), r]));
  }
  const merged = new Set<ContributionGroupRow>();
  for (const r of out) {
    const list = pending.get(r.repo_id)?.get(r.author_email);
    const p = list?.find((x) => x.is_bot === r.is_bot && x.bucket === r.bucket);
    if (!p) continue;
    merged.add(p);
    r.commits += p.commits;
    if (p.first_time < r.first_time) r.first_time = p.first_time;
    if (p.author_name < r.author_name) r.author_name = p.author_name;
  }
  for (const p of rawRows.rows) if (!merged.has(p)) out.push(p);
  return out;
}

type RawSql = ReturnType<typeof sql>;

function normalise<T extends ContributionGroupRow & { bucket: number }>(r: T): T {
  r.is_bot = Number(r.is_bot);
  r.commits = Number(r.commits);
  r.first_time = Number(r.first_time);
  r.bucket = Number(r.bucket);
  return r;
}

export interface OwnerRow {
  repo_id: string;
  owner: string;
  kind: string;
  source: string;
  catch_all: number;
}

/** Owner entries of one repo, or of every repo. */
export async function ownerRows(db: Db, repoIds?: readonly string[]): Promise<OwnerRow[]> {
  let q = db.selectFrom('repo_owners').select(['repo_id', 'owner', 'kind', 'source', 'catch_all']);
  if (repoIds) {
    if (repoIds.length === 0) return [];
    q = q.where('repo_id', 'in', repoIds);
  }
  return q.execute();
}

export interface MetricsRepoRow {
  id: string;
  name: string;
  full_name: string;
  description: string | null;
  stars: number | null;
  forks: number | null;
  watchers: number | null;
  open_issues: number | null;
  forge_created_at: string | null;
  first_commit_at: number | null;
  last_commit_at: number | null;
  catalog_description: string | null;
  motivation: string | null;
  has_contributing: number;
}

/** Active repos (one, when `repoId` is given) with what the activity score and ownership need. */
export async function metricsRepos(db: Db, repoId?: string): Promise<MetricsRepoRow[]> {
  const pg = dialectOf(db) === 'postgres';
  const catalog = pg
    ? sql<string | null>`(facts::json -> 'catalog' ->> 'description')`
    : sql<string | null>`json_extract(facts, '$.catalog.description')`;
  const motivation = pg
    ? sql<string | null>`(facts::json -> 'innersource' ->> 'motivation')`
    : sql<string | null>`json_extract(facts, '$.innersource.motivation')`;
  let q = db
    .selectFrom('repos')
    .select([
      'id',
      'name',
      'full_name',
      'description',
      'stars',
      'forks',
      'watchers',
      'open_issues',
      'forge_created_at',
      'first_commit_at',
      'last_commit_at',
    ])
    .select((eb) => [
      catalog.as('catalog_description'),
      motivation.as('motivation'),
      eb
        .exists(
          eb
            .selectFrom('repo_docs')
            .select('repo_docs.repo_id')
            .whereRef('repo_docs.repo_id', '=', 'repos.id')
            .where('repo_docs.kind', '=', 'contributing'),
        )
        .as('has_contributing'),
    ])
    .where('status', '=', 'active');
  if (repoId !== undefined) q = q.where('id', '=', repoId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    ...r,
    catalog_description: typeof r.catalog_description === 'string' ? r.catalog_description : null,
    motivation: typeof r.motivation === 'string' ? r.motivation : null,
    has_contributing: r.has_contributing ? 1 : 0,
    first_commit_at: r.first_commit_at === null ? null : Number(r.first_commit_at),
    last_commit_at: r.last_commit_at === null ? null : Number(r.last_commit_at),
  }));
}

/** Finds an active repo by id, full name or name (id first). */
export async function findRepoId(db: Db, ref: string): Promise<string | null> {
  for (const column of ['id', 'full_name', 'name'] as const) {
    const row = await db
      .selectFrom('repos')
      .select('id')
      .where(column, '=', ref)
      .where('status', '=', 'active')
      .orderBy('id')
      .executeTakeFirst();
    if (row) return row.id;
  }
  return null;
}

export interface PackageRow {
  repo_id: string;
  ecosystem: string;
  name: string;
  role: string;
}

/** Package facts of active repos; with `names` (lower-cased), only packages whose lower-cased name is one of them. */
export async function packageRows(db: Db, names?: readonly string[]): Promise<PackageRow[]> {
  let q = db
    .selectFrom('repo_packages')
    .innerJoin('repos', 'repos.id', 'repo_packages.repo_id')
    .select(['repo_packages.repo_id', 'repo_packages.ecosystem', 'repo_packages.name', 'repo_packages.role'])
    .where('repos.status', '=', 'active');
  if (names) {
    if (names.length === 0) return [];
    q = q.where(sql`lower(repo_packages.name)`, 'in', names);
  }
  return q.execute();
}

/** Package facts of one repo. */
export async function packagesOfRepo(db: Db, repoId: string): Promise<PackageRow[]> {
  return db
    .selectFrom('repo_packages')
    .select(['repo_id', 'ecosystem', 'name', 'role'])
    .where('repo_id', '=', repoId)
    .execute();
}

/** Every distinct author identity (for team checks), with whether the crawl flagged it a bot. */
export async function distinctAuthors(
  db: Db,
): Promise<{ author_email: string; author_name: string; is_bot: number }[]> {
  const rows = await db
    .selectFrom('commits')
    .select((eb) => [
      'author_email',
      eb.fn.min('author_name').as('author_name'),
      eb.fn.max('is_bot').as('is_bot'),
    ])
    .groupBy('author_email')
    .execute();
  return rows.map((r) => ({
    author_email: r.author_email,
    author_name: String(r.author_name),
    is_bot: Number(r.is_bot),
  }));
}
