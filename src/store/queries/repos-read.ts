// Reads repositories for the portal, the API and the checks: a filtered list and everything about one repo.

import { sql } from 'kysely';
import type {
  DocFact,
  DocKind,
  Finding,
  LanguageFact,
  OwnerFact,
  PackageFact,
  RepoFacts,
} from '../../analyse/facts.ts';
import type { RepoRow } from '../schema.ts';
import { chunks, type Db, parseJson } from './shared.ts';

export interface RepoListFilter {
  /** Primary language, compared case-insensitively. */
  language?: string;
  /** Repos that have every one of these documents. */
  has?: DocKind[];
  /** Repos that lack every one of these documents. */
  lacks?: DocKind[];
  /** An owner as stored (`@org/team`, an email, `group:x`), compared case-insensitively. */
  owner?: string;
  status?: string;
  source?: string;
  /** Words matched (case-insensitively) against name, full name and description. */
  q?: string;
}

export interface RepoListItem {
  id: string;
  name: string;
  fullName: string;
  source: string;
  status: string;
  primaryLanguage: string | null;
  description: string | null;
  owners: string[];
  docKinds: DocKind[];
  commitCount: number;
  /** Unix seconds. */
  lastCommitAt: number | null;
  headSha: string | null;
  lastCrawledAt: string | null;
}

export interface StoredFinding extends Finding {
  crawlId: number;
}

export interface StoredFileInfo {
  path: string;
  size: number;
  truncated: boolean;
  binary: boolean;
}

export interface StoredFile extends StoredFileInfo {
  content: string | null;
}

export interface CommitSummary {
  count: number;
  /** Unix seconds. */
  firstAt: number | null;
  lastAt: number | null;
  /** Distinct author emails. */
  authors: number;
  /** Most frequent authors, most commits first (at most 10). */
  topAuthors: { email: string; name: string; commits: number; isBot: boolean }[];
}

export interface RepoDetail {
  id: string;
  name: string;
  fullName: string;
  source: string;
  location: string;
  webUrl: string | null;
  defaultBranch: string | null;
  description: string | null;
  topics: string[];
  archived: boolean;
  visibility: string | null;
  org: string | null;
  forge: {
    stars: number | null;
    forks: number | null;
    watchers: number | null;
    openIssues: number | null;
    createdAt: string | null;
  };
  headSha: string | null;
  status: string;
  firstSeenAt: string;
  lastCrawledAt: string | null;
  lastChangedAt: string | null;
  goneAt: string | null;
  primaryLanguage: string | null;
  /** Facts of the last successful crawl (findings are in `findings`); null if never crawled successfully. */
  facts: Omit<RepoFacts, 'findings'> | null;
  factsCrawlId: number | null;
  languages: LanguageFact[];
  docs: DocFact[];
  owners: OwnerFact[];
  packages: PackageFact[];
  /** The stored files (paths and sizes; contents through getRepoFile). */
  files: StoredFileInfo[];
  /** Findings of the last successful crawl plus those of failed crawls since. */
  findings: StoredFinding[];
  commits: CommitSummary;
}

/** Lists repos matching every given filter, ordered by name (code-point order), then id. */
export async function listRepos(db: Db, filter: RepoListFilter = {}): Promise<RepoListItem[]> {
  let query = db
    .selectFrom('repos')
    .select([
      'id',
      'name',
      'full_name',
      'source',
      'status',
      'primary_language',
      'description',
      'commit_count',
      'last_commit_at',
      'head_sha',
      'last_crawled_at',
    ]);
  if (filter.language) {
    query = query.where(sql<string>`lower(primary_language)`, '=', filter.language.toLowerCase());
  }
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.source) query = query.where('source', '=', filter.source);
  for (const kind of filter.has ?? []) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('repo_docs')
          .select('repo_docs.kind')
          .whereRef('repo_docs.repo_id', '=', 'repos.id')
          .where('repo_docs.kind', '=', kind),
      ),
    );
  }
  for (const kind of filter.lacks ?? []) {
    query = query.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('repo_docs')
            .select('repo_docs.kind')
            .whereRef('repo_docs.repo_id', '=', 'repos.id')
            .where('repo_docs.kind', '=', kind),
        ),
      ),
    );
  }
  if (filter.owner) {
    const owner = filter.owner.toLowerCase();
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('repo_owners')
          .select('repo_owners.owner')
          .whereRef('repo_owners.repo_id', '=', 'repos.id')
          .where(sql<string>`lower(repo_owners.owner)`, '=', owner),
      ),
    );
  }
  for (const word of (filter.q ?? '').split(/\s+/).filter(Boolean)) {
    const pattern = `%${escapeLike(word.toLowerCase())}%`;
    query = query.where(({ or, eb }) =>
      or([
        eb(sql<string>`lower(repos.name)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql<string>`lower(repos.full_name)`, 'like', sql<string>`${pattern} escape '\\'`),
        eb(sql<string>`lower(coalesce(repos.description, ''))`, 'like', sql<string>`${pattern} escape '\\'`),
      ]),
    );
  }
  const rows = await query.execute();
  if (rows.length === 0) return [];
  rows.sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id));

  const owners = new Map<string, string[]>();
  const docKinds = new Map<string, DocKind[]>();
  for (const batch of chunks(
    rows.map((r) => r.id),
    500,
  )) {
    const ownerRows = await db
      .selectFrom('repo_owners')
      .select(['repo_id', 'owner'])
      .where('repo_id', 'in', batch)
      .execute();
    for (const row of ownerRows) pushUnique(owners, row.repo_id, row.owner);
    const docRows = await db
      .selectFrom('repo_docs')
      .select(['repo_id', 'kind'])
      .where('repo_id', 'in', batch)
      .execute();
    for (const row of docRows) pushUnique(docKinds, row.repo_id, row.kind as DocKind);
  }
  for (const kinds of docKinds.values()) kinds.sort(byText);
  for (const list of owners.values()) list.sort(byText);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    fullName: r.full_name,
    source: r.source,
    status: r.status,
    primaryLanguage: r.primary_language,
    description: r.description,
    owners: owners.get(r.id) ?? [],
    docKinds: docKinds.get(r.id) ?? [],
    commitCount: Number(r.commit_count),
    lastCommitAt: r.last_commit_at === null ? null : Number(r.last_commit_at),
    headSha: r.head_sha,
    lastCrawledAt: r.last_crawled_at,
  }));
}

/** Everything stored about one repo, found by id, else by full name, else by name; null when unknown. */
export async function getRepo(db: Db, idOrName: string): Promise<RepoDetail | null> {
  const row = await findRepoRow(db, idOrName);
  if (!row) return null;
  const id = row.id;

  const languages = await db
    .selectFrom('repo_languages')
    .select(['language', 'bytes', 'files'])
    .where('repo_id', '=', id)
    .execute();
  const docs = await db
    .selectFrom('repo_docs')
    .select(['kind', 'path', 'size', 'inherited'])
    .where('repo_id', '=', id)
    .execute();
  const owners = await db
    .selectFrom('repo_owners')
    .select(['owner', 'kind', 'source', 'pattern', 'catch_all'])
    .where('repo_id', '=', id)
    .execute();
  const packages = await db
    .selectFrom('repo_packages')
    .select(['ecosystem', 'name', 'role', 'version', 'manifest', 'scope'])
    .where('repo_id', '=', id)
    .execute();
  const files = await db
    .selectFrom('repo_files')
    .select(['path', 'size', 'truncated', 'binary'])
    .where('repo_id', '=', id)
    .execute();
  // Sorted here, not in SQL, so both dialects (and any PostgreSQL collation) give the same order.
  languages.sort((a, b) => Number(b.bytes) - Number(a.bytes) || byText(a.language, b.language));
  docs.sort((a, b) => byText(a.kind, b.kind) || byText(a.path, b.path));
  owners.sort(
    (a, b) => byText(a.source, b.source) || byText(a.owner, b.owner) || byText(a.pattern, b.pattern),
  );
  packages.sort(
    (a, b) =>
      byText(a.role, b.role) ||
      byText(a.ecosystem, b.ecosystem) ||
      byText(a.name, b.name) ||
      byText(a.manifest, b.manifest),
  );
  files.sort((a, b) => byText(a.path, b.path));

  return {
    id,
    name: row.name,
    fullName: row.full_name,
    source: row.source,
    location: row.location,
    webUrl: row.web_url,
    defaultBranch: row.default_branch,
    description: row.description,
    topics: parseJson<string[]>(row.topics, []),
    archived: row.archived === 1,
    visibility: row.visibility,
    org: row.org,
    forge: {
      stars: row.stars,
      forks: row.forks,
      watchers: row.watchers,
      openIssues: row.open_issues,
      createdAt: row.forge_created_at,
    },
    headSha: row.head_sha,
    status: row.status,
    firstSeenAt: row.first_seen_at,
    lastCrawledAt: row.last_crawled_at,
    lastChangedAt: row.last_changed_at,
    goneAt: row.gone_at,
    primaryLanguage: row.primary_language,
    facts: parseJson<Omit<RepoFacts, 'findings'> | null>(row.facts, null),
    factsCrawlId: row.facts_crawl_id,
    languages: languages.map((l) => ({ language: l.language, bytes: Number(l.bytes), files: l.files })),
    docs: docs.map((d) => ({
      kind: d.kind as DocKind,
      path: d.path,
      size: d.size,
      ...(d.inherited === 1 ? { inherited: true } : {}),
    })),
    owners: owners.map((o) => ({
      owner: o.owner,
      kind: o.kind as OwnerFact['kind'],
      source: o.source as OwnerFact['source'],
      ...(o.pattern === null ? {} : { pattern: o.pattern }),
      catchAll: o.catch_all === 1,
    })),
    packages: packages.map((p) => ({
      ecosystem: p.ecosystem as PackageFact['ecosystem'],
      name: p.name,
      role: p.role as PackageFact['role'],
      ...(p.version === null ? {} : { version: p.version }),
      manifest: p.manifest,
      ...(p.scope === null ? {} : { scope: p.scope as PackageFact['scope'] }),
    })),
    files: files.map((f) => ({
      path: f.path,
      size: Number(f.size),
      truncated: f.truncated === 1,
      binary: f.binary === 1,
    })),
    findings: await findingsFor(db, id),
    commits: await commitSummary(db, row),
  };
}

/** One stored file of a repo (capped contents), or null. */
export async function getRepoFile(db: Db, repoId: string, path: string): Promise<StoredFile | null> {
  const row = await db
    .selectFrom('repo_files')
    .select(['path', 'size', 'content', 'truncated', 'binary'])
    .where('repo_id', '=', repoId)
    .where('path', '=', path)
    .executeTakeFirst();
  if (!row) return null;
  return {
    path: row.path,
    size: Number(row.size),
    content: row.content,
    truncated: row.truncated === 1,
    binary: row.binary === 1,
  };
}

/** A repo's current findings: those of its last successful crawl and of failed crawls since, oldest first. */
export async function findingsFor(db: Db, repoId: string): Promise<StoredFinding[]> {
  const rows = await db
    .selectFrom('findings')
    .select(['crawl_id', 'code', 'severity', 'message', 'path'])
    .where('repo_id', '=', repoId)
    .orderBy('crawl_id')
    .orderBy('id')
    .execute();
  return rows.map((f) => ({
    code: f.code,
    severity: f.severity as Finding['severity'],
    message: f.message,
    ...(f.path === null ? {} : { path: f.path }),
    crawlId: Number(f.crawl_id),
  }));
}

async function findRepoRow(db: Db, idOrName: string): Promise<RepoRow | undefined> {
  const byId = await db.selectFrom('repos').selectAll().where('id', '=', idOrName).executeTakeFirst();
  if (byId) return byId;
  // Names are not unique across sources: prefer an active repo, then the first id.
  return db
    .selectFrom('repos')
    .selectAll()
    .where((eb) => eb.or([eb('full_name', '=', idOrName), eb('name', '=', idOrName)]))
    .orderBy(sql`case when full_name = ${idOrName} then 0 else 1 end`)
    .orderBy(sql`case when status = 'active' then 0 else 1 end`)
    .orderBy('id')
    .executeTakeFirst();
}

async function commitSummary(db: Db, row: RepoRow): Promise<CommitSummary> {
  const authors = await db
    .selectFrom('commits')
    .select((eb) => [
      'author_email',
      eb.fn.max('author_name').as('name'),
      eb.fn.max('is_bot').as('is_bot'),
      eb.fn.countAll<number>().as('commits'),
    ])
    .where('repo_id', '=', row.id)
    .groupBy('author_email')
    .execute();
  const top = authors
    .map((a) => ({
      email: a.author_email,
      name: String(a.name ?? ''),
      commits: Number(a.commits),
      isBot: Number(a.is_bot) === 1,
    }))
    .sort((a, b) => b.commits - a.commits || byText(a.email, b.email))
    .slice(0, 10);
  return {
    count: Number(row.commit_count),
    firstAt: row.first_commit_at === null ? null : Number(row.first_commit_at),
    lastAt: row.last_commit_at === null ? null : Number(row.last_commit_at),
    authors: authors.length,
    topAuthors: top,
  };
}

/** Code-point order: the same on every machine, unlike locale or database collation. */
function byText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function pushUnique<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}
