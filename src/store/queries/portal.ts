// Reads for the portal server and the exporters: the whole catalogue in a few set queries (so the server can
// hold it in memory and answer searches without SQL), plus per-repo reads for project pages.

import type { Selectable } from 'kysely';
import type { RepoFilesTable, ReposTable } from '../schema.ts';
import type { Db } from './shared.ts';

export type PortalRepoRow = Pick<
  Selectable<ReposTable>,
  | 'id'
  | 'source'
  | 'name'
  | 'full_name'
  | 'web_url'
  | 'default_branch'
  | 'description'
  | 'topics'
  | 'archived'
  | 'org'
  | 'stars'
  | 'forks'
  | 'watchers'
  | 'open_issues'
  | 'forge_created_at'
  | 'forge_type'
  | 'owner_avatar'
  | 'visibility'
  | 'head_sha'
  | 'primary_language'
  | 'facts'
  | 'commit_count'
  | 'first_commit_at'
  | 'last_commit_at'
  | 'first_seen_at'
  | 'last_crawled_at'
>;

/** Every active repository with its facts JSON. */
export async function portalRepos(db: Db): Promise<PortalRepoRow[]> {
  return db
    .selectFrom('repos')
    .select([
      'id',
      'source',
      'name',
      'full_name',
      'web_url',
      'default_branch',
      'description',
      'topics',
      'archived',
      'org',
      'stars',
      'forks',
      'watchers',
      'open_issues',
      'forge_created_at',
      'forge_type',
      'owner_avatar',
      'visibility',
      'head_sha',
      'primary_language',
      'facts',
      'commit_count',
      'first_commit_at',
      'last_commit_at',
      'first_seen_at',
      'last_crawled_at',
    ])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
}

/** A repo a source listed whose every crawl failed (never stored), with the error of its last attempt. */
export interface NotCrawledRow {
  id: string;
  source: string;
  name: string;
  full_name: string | null;
  web_url: string | null;
  visibility: string | null;
  first_seen_at: string;
  last_crawled_at: string | null;
  code: string | null;
  message: string | null;
}

/** Repos listed but never stored (status 'failed': no crawl of theirs ever succeeded), with their error. */
export async function notCrawledRepos(db: Db): Promise<NotCrawledRow[]> {
  const rows = await db
    .selectFrom('repos')
    .select([
      'id',
      'source',
      'name',
      'full_name',
      'web_url',
      'visibility',
      'first_seen_at',
      'last_crawled_at',
    ])
    .where('status', '=', 'failed')
    .orderBy('id')
    .execute();
  if (rows.length === 0) return [];
  const errors = new Map<string, { code: string; message: string }>();
  for (const f of await db
    .selectFrom('findings')
    .select(['repo_id', 'code', 'message'])
    .where('severity', '=', 'error')
    .where('repo_id', 'in', db.selectFrom('repos').select('id').where('status', '=', 'failed'))
    .orderBy('repo_id')
    .orderBy('code')
    .execute())
    if (!errors.has(f.repo_id)) errors.set(f.repo_id, { code: f.code, message: f.message });
  return rows.map((r) => ({
    ...r,
    code: errors.get(r.id)?.code ?? null,
    message: errors.get(r.id)?.message ?? null,
  }));
}

/** Number of active repositories. */
export async function countActiveRepos(db: Db): Promise<number> {
  const row = await db
    .selectFrom('repos')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface LanguageRow {
  repo_id: string;
  language: string;
  bytes: number;
  files: number;
}

/** Languages of every repository, largest first within a repo. */
export async function allRepoLanguages(db: Db): Promise<LanguageRow[]> {
  return db
    .selectFrom('repo_languages')
    .select(['repo_id', 'language', 'bytes', 'files'])
    .orderBy('repo_id')
    .orderBy('bytes', 'desc')
    .execute();
}

export interface PackageRow {
  repo_id: string;
  ecosystem: string;
  name: string;
  role: string;
}

/** Published and consumed packages of every repository (for the re-use graph). */
export async function allRepoPackages(db: Db): Promise<PackageRow[]> {
  return db.selectFrom('repo_packages').select(['repo_id', 'ecosystem', 'name', 'role']).execute();
}

export interface AuthorCountRow {
  repo_id: string;
  author_email: string;
  author_name: string;
  commits: number;
}

/** Commits per repo and author (bots excluded) since `sinceUnix`. */
export async function commitAuthorsSince(db: Db, sinceUnix: number): Promise<AuthorCountRow[]> {
  const rows = await db
    .selectFrom('commits')
    .select((eb) => [
      'repo_id',
      'author_email',
      eb.fn.max('author_name').as('author_name'),
      eb.fn.countAll<number>().as('commits'),
    ])
    .where('author_time', '>=', sinceUnix)
    .where('is_bot', '=', 0)
    .groupBy(['repo_id', 'author_email'])
    .execute();
  return rows.map((r) => ({ ...r, author_name: String(r.author_name ?? ''), commits: Number(r.commits) }));
}

export interface CommitPoint {
  repo_id: string;
  author_email: string;
  author_time: number;
}

/** Commit times and authors (bots excluded) since `sinceUnix`, for weekly and monthly series. */
export async function commitPointsSince(db: Db, sinceUnix: number, repoId?: string): Promise<CommitPoint[]> {
  let q = db
    .selectFrom('commits')
    .select(['repo_id', 'author_email', 'author_time'])
    .where('author_time', '>=', sinceUnix)
    .where('is_bot', '=', 0);
  if (repoId !== undefined) q = q.where('repo_id', '=', repoId);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, author_time: Number(r.author_time) }));
}

/** One stored file of a repository, or undefined. */
export async function portalRepoFile(
  db: Db,
  repoId: string,
  path: string,
): Promise<Selectable<RepoFilesTable> | undefined> {
  return db
    .selectFrom('repo_files')
    .selectAll()
    .where('repo_id', '=', repoId)
    .where('path', '=', path)
    .executeTakeFirst();
}

/** Paths of the stored files of a repository (to resolve README links case-insensitively). */
export async function portalRepoFilePaths(db: Db, repoId: string): Promise<string[]> {
  const rows = await db.selectFrom('repo_files').select('path').where('repo_id', '=', repoId).execute();
  return rows.map((r) => r.path);
}

export interface StoredFileKind {
  repo_id: string;
  path: string;
  /** 1: kept as base64 bytes (a raster image); 0: text. */
  binary: number;
  /** 1 when the content was kept (a file over the cap is listed without it). */
  has_content: number;
}

/**
 * How each of the given files was stored (absent: not stored), e.g. to show an innersource.json logo only when
 * the portal can serve it. Paths are matched in chunks (bounded bind variables); pairs are checked by the caller.
 */
export async function storedFileKinds(
  db: Db,
  files: readonly { repoId: string; path: string }[],
): Promise<StoredFileKind[]> {
  const paths = [...new Set(files.map((f) => f.path))];
  const repos = [...new Set(files.map((f) => f.repoId))];
  const out: StoredFileKind[] = [];
  const CHUNK = 400;
  for (let i = 0; i < paths.length; i += CHUNK) {
    for (let j = 0; j < repos.length; j += CHUNK) {
      const rows = await db
        .selectFrom('repo_files')
        .select(['repo_id', 'path', 'binary'])
        .select((eb) => eb.case().when('content', 'is not', null).then(1).else(0).end().as('has_content'))
        .where('path', 'in', paths.slice(i, i + CHUNK))
        .where('repo_id', 'in', repos.slice(j, j + CHUNK))
        .execute();
      for (const r of rows) out.push({ ...r, binary: Number(r.binary), has_content: Number(r.has_content) });
    }
  }
  return out;
}
