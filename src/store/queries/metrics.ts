// Reads for metrics: commits grouped by (repo, author, time bucket) from the day aggregates however many repos
// there are, owners, packages and the repo fields the activity score needs. The only SQL of src/metrics.

import { sql } from 'kysely';
import { chunks, type Db, dialectOf } from './shared.ts';

export interface ContributionGroupRow {
  repo_id: string;
  author_email: string;
  /** Smallest author name in the group; '' when the read was asked for no names. */
  author_name: string;
  is_bot: number;
  commits: number;
  /**
   * Earliest author time in the group (unix seconds); for a lean read, the lower edge of the group's bucket
   * (`edges[0] - 1` for the bucket before every edge), which every test against an edge answers alike.
   */
  first_time: number;
}

type BucketRow = ContributionGroupRow & { bucket: number };

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
 * The bucket of `first_time` (how many `edges` are at or before it) among buckets lo..hi, as CASEs that halve
 * the range: a row takes about log2(edges) tests rather than up to one per edge (measured: 5% of the query at
 * 15 edges). `edges[mid]` separates bucket mid from mid + 1.
 */
function bucketOf(edges: readonly number[], lo: number, hi: number): RawSql {
  if (lo === hi) return sql.lit(lo);
  const mid = (lo + hi) >> 1;
  return sql`(case when first_time < ${edges[mid]} then ${bucketOf(edges, lo, mid)} else ${bucketOf(edges, mid + 1, hi)} end)`;
}

/**
 * Commits grouped by repo, author, bot flag and time bucket, where a bucket is the span between two
 * consecutive `edges` (unix seconds). Within a group every commit falls between the same two edges, so
 * any test against an edge gives the same answer for the group's earliest commit as for all of them.
 *
 * Read from the day aggregates (`commit_days`): a whole day lies in one bucket unless an edge (or the `since`
 * cut) falls inside it, so only those few split days are read from raw commits. Sums, earliest times and
 * smallest names (min of mins, in the database's collation) are the same as grouping the raw commits.
 *
 * Less to read for callers that can do without (at 1,000,000 commits the names are 15% of the query, the
 * earliest times 4%): `names: false` leaves `author_name` ''; `lean` reads no times and gives each group the
 * lower edge of its bucket instead (`since` is then an edge too). That is exact for a caller that compares
 * times only with edges, or uses them only where the answer is the same between two edges (team membership
 * between breakpoints that are edges): the lower edge lies in the group's bucket, as every commit of it does.
 */
export async function contributionGroups(
  db: Db,
  opts: {
    repoId?: string;
    repoIds?: readonly string[];
    since?: number;
    edges: readonly number[];
    lean?: boolean;
    names?: boolean;
  },
): Promise<ContributionGroupRow[]> {
  if (opts.repoIds !== undefined && opts.repoIds.length === 0) return [];
  const ids = opts.repoId !== undefined ? [opts.repoId] : opts.repoIds;
  const { since, lean = false, names = true } = opts;
  const edges = [...new Set(lean && since !== undefined ? [...opts.edges, since] : opts.edges)].sort(
    (a, b) => a - b,
  );
  // With no edges there is no bucket edge to stand for the times.
  if (lean && edges.length === 0) throw new Error('contributionGroups: a lean read needs edges or since');
  const firstDay = since === undefined ? null : Math.floor(since / DAY);
  const split = new Set<number>();
  for (const e of since === undefined ? edges : [...edges, since]) {
    const day = Math.floor(e / DAY);
    if (e !== day * DAY && (firstDay === null || day >= firstDay)) split.add(day);
  }
  const idList = ids ? sql.join(ids.map((id) => sql`${id}`)) : null;

  const name = names ? sql`min(author_name) as author_name, ` : sql``;
  const time = lean ? sql`` : sql`, min(first_time) as first_time`;
  const grouped = (rows: RawSql) => sql<BucketRow>`
    select repo_id, author_email, ${name}is_bot, ${bucketOf(edges, 0, edges.length)} as bucket,
           sum(commits) as commits${time}
    from (${rows}) d
    group by repo_id, author_email, is_bot, bucket`;

  // Through repos, so each repo's days are a range of the primary key (repo_id, day, …) rather than a scan of
  // all days: SQLite reads a year of 1,000,000 commits' days in 60% of the time (7% of the grouped query).
  // CROSS JOIN keeps SQLite to that order; every day row has its repo (foreign key).
  const dayConditions = [sql`d.repo_id = r.id`];
  // On both sides: PostgreSQL does not carry `r.id in (…)` over the join and would scan every day of the year
  // (95 ms instead of 2 ms for one repo's dependencies at 1,000,000 commits).
  if (idList) dayConditions.push(sql`r.id in (${idList})`, sql`d.repo_id in (${idList})`);
  // Whole days only: a day the `since` cut splits is read raw.
  if (since !== undefined) dayConditions.push(sql`d.day >= ${Math.ceil(since / DAY)}`);
  if (split.size > 0) dayConditions.push(sql`d.day not in (${sql.join([...split].map((d) => sql`${d}`))})`);
  const days = grouped(sql`
    select d.repo_id, d.author_email, ${names ? sql`d.author_name, ` : sql``}d.is_bot, d.commits, d.first_time
    from repos r cross join commit_days d where ${sql.join(dayConditions, sql` and `)}`).execute(db);

  let raw: Promise<{ rows: BucketRow[] }> = Promise.resolve({ rows: [] });
  if (split.size > 0) {
    const ranges = sql.join(
      dayRanges([...split]).map(([lo, hi]) => sql`(cast(${lo} as bigint), cast(${hi} as bigint))`),
    );
    // Through repos so each range is an index range scan of (repo_id, author_time) per repo; CROSS JOIN
    // keeps SQLite from choosing a scan of all commits instead.
    raw = sql<BucketRow>`
      with ranges(lo, hi) as (values ${ranges})
      ${grouped(sql`
        select c.repo_id, c.author_email, ${names ? sql`c.author_name, ` : sql``}c.is_bot, 1 as commits,
               c.author_time as first_time
        from ranges
        cross join repos r
        cross join commits c
        where c.repo_id = r.id and c.author_time >= ranges.lo and c.author_time < ranges.hi
          ${since === undefined ? sql`` : sql`and c.author_time >= ${since}`}
          ${idList ? sql`and r.id in (${idList})` : sql``}`)}`.execute(db);
  }
  // Two queries rather than one UNION: SQLite runs a union under GROUP BY as a co-routine, a third slower.
  const [dayRows, rawRows] = await Promise.all([days, raw]);
  const normalise = normaliser(edges, lean, names);
  const out = dayRows.rows;
  for (const r of out) normalise(r);
  if (rawRows.rows.length === 0) return out;
  // A split day's commits may share a group with whole days: add them in (looked up by repo, then author).
  const pending = new Map<string, Map<string, BucketRow[]>>();
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

/** Numbers from the driver as numbers (pg returns sums and bigints as text); what a read left out, filled in. */
function normaliser(edges: readonly number[], lean: boolean, names: boolean): (r: BucketRow) => void {
  return (r) => {
    r.is_bot = Number(r.is_bot);
    r.commits = Number(r.commits);
    r.bucket = Number(r.bucket);
    if (!names) r.author_name = '';
    // Bucket b holds times from edges[b - 1] on; bucket 0 everything before edges[0].
    r.first_time = !lean ? Number(r.first_time) : r.bucket === 0 ? edges[0] - 1 : edges[r.bucket - 1];
  };
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
  const q = db
    .selectFrom('repo_packages')
    .innerJoin('repos', 'repos.id', 'repo_packages.repo_id')
    .select(['repo_packages.repo_id', 'repo_packages.ecosystem', 'repo_packages.name', 'repo_packages.role'])
    .where('repos.status', '=', 'active');
  if (!names) return q.execute();
  // A package bomb's names exceed SQLite's bound-parameter limit in one statement: ask in chunks.
  const out: PackageRow[] = [];
  for (const part of chunks(names, 10_000))
    out.push(...(await q.where(sql`lower(repo_packages.name)`, 'in', part).execute()));
  return out;
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
