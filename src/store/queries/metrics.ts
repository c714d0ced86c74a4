// Reads for metrics: commits grouped by (repo, author, time bucket) in one query however many repos there
// are, owners, packages and the repo fields the activity score needs. The only SQL of src/metrics.

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

/**
 * Commits grouped by repo, author, bot flag and time bucket, where a bucket is the span between two
 * consecutive `edges` (unix seconds). Within a group every commit falls between the same two edges, so
 * any test against an edge gives the same answer for the group's earliest commit as for all of them.
 */
export async function contributionGroups(
  db: Db,
  opts: { repoId?: string; repoIds?: readonly string[]; since?: number; edges: readonly number[] },
): Promise<ContributionGroupRow[]> {
  const bucket =
    opts.edges.length === 0
      ? sql<number>`0`
      : sql<number>`(${sql.join(
          opts.edges.map((e) => sql`case when author_time >= ${e} then 1 else 0 end`),
          sql` + `,
        )})`;
  const conditions = [sql`1 = 1`];
  if (opts.repoId !== undefined) conditions.push(sql`repo_id = ${opts.repoId}`);
  if (opts.repoIds !== undefined) {
    if (opts.repoIds.length === 0) return [];
    conditions.push(sql`repo_id in (${sql.join(opts.repoIds.map((id) => sql`${id}`))})`);
  }
  if (opts.since !== undefined) conditions.push(sql`author_time >= ${opts.since}`);
  const result = await sql<ContributionGroupRow>`
    select repo_id, author_email, min(author_name) as author_name, is_bot, ${bucket} as bucket,
           count(*) as commits, min(author_time) as first_time
    from commits
    where ${sql.join(conditions, sql` and `)}
    group by repo_id, author_email, is_bot, bucket`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    is_bot: Number(r.is_bot),
    commits: Number(r.commits),
    first_time: Number(r.first_time),
  }));
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
