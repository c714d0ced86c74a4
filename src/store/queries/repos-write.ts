// Writes what a crawl learned about repositories: one transaction per repo (with what is derived from it, the
// standards results), commits of long histories appended in bulk before it.

import { CompiledQuery, sql } from 'kysely';
import type { CommitRecord, Finding, RepoFacts } from '../../analyse/facts.ts';
import { redactSecrets } from '../../errors.ts';
import type { FileContent } from '../../snapshot/snapshot.ts';
import type { RepoRef } from '../../sources/source.ts';
import type { NewRepoRow } from '../schema.ts';
import { daySpan, refreshCommitDays } from './commit-days.ts';
import { chunks, cleanText, type Db, dialectOf, flag, inTransaction, rowsPerInsert } from './shared.ts';

export interface KnownRepo {
  headSha: string | null;
  status: string;
  /** A crawl stored its facts (an empty repo crawled before has facts and no HEAD). */
  crawled: boolean;
}

export interface SaveRepoCrawlInput {
  ref: RepoRef;
  /** HEAD sha read this crawl; null for an empty repository. */
  head: string | null;
  /** Branch HEAD points at, when known (overrides the source's default branch). */
  branch: string | null;
  facts: RepoFacts;
  /** Contents of the wanted files, already capped by the snapshot. */
  files: FileContent[];
  /** Commits new since the last crawl (or all of them on a first crawl). */
  commits: CommitRecord[];
  /** History was rewritten: commits of this repo whose sha is not kept are deleted. */
  replaceHistory?: { keepShas: Set<string> };
  findings: Finding[];
  crawlId: number;
  now: string;
  /**
   * Runs last, in the same transaction, with the repo's new rows visible: writes what is derived from this
   * crawl (the standards results), so the facts and what follows from them are stored together or not at all.
   */
  derive?: (trx: Db) => Promise<void>;
}

/** Every stored repo's HEAD and status, for the crawler's "did it change?" decision. */
export async function knownRepos(db: Db): Promise<Map<string, KnownRepo>> {
  const rows = await db
    .selectFrom('repos')
    .select((eb) => ['id', 'head_sha', 'status', eb('facts', 'is not', null).as('crawled')])
    .execute();
  const known = new Map<string, KnownRepo>();
  for (const row of rows)
    known.set(row.id, { headSha: row.head_sha, status: row.status, crawled: Boolean(row.crawled) });
  return known;
}

/**
 * Records a listed repo's metadata. A new repo starts 'active' with no HEAD; a 'gone' repo that is listed
 * again comes back ('failed' if it was never crawled). Crawl data is never touched here.
 */
export async function upsertRepoRef(db: Db, ref: RepoRef, now: string): Promise<void> {
  const meta = refColumns(ref);
  await db
    .insertInto('repos')
    .values({ ...meta, ...newRepoDefaults(now), status: 'active' })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        ...meta,
        status: sql<string>`case when repos.status = 'gone' then (case when repos.facts is null then 'failed' else 'active' end) else repos.status end`,
        gone_at: null,
      }),
    )
    .execute();
}

/**
 * Appends commits of one repo, skipping those already stored (same repo and sha); returns how many were
 * new. SQLite: multi-row INSERTs sized to its parameter limit; PostgreSQL: one `unnest` of arrays per chunk.
 */
export async function appendCommits(
  db: Db,
  repoId: string,
  commits: readonly CommitRecord[],
): Promise<number> {
  if (commits.length === 0) return 0;
  return inTransaction(db, async (trx) => {
    const added =
      dialectOf(trx) === 'postgres'
        ? await appendCommitsPostgres(trx, repoId, commits)
        : await appendCommitsSqlite(trx, repoId, commits);
    // The day aggregates of the touched days, recomputed from the commits table (re-appends count once).
    if (added > 0) await refreshCommitDays(trx, repoId, daySpan(commits));
    return added;
  });
}

/**
 * Appends one batch of a long history before the repo's crawl is saved. A repo never stored gets its row
 * first, as 'failed' without facts (what readers treat as "not crawled successfully yet"), so the batch's
 * commits have a repo to belong to; `saveRepoCrawl` makes it 'active'. Killed in between, the next crawl
 * reads the history again and the commits already stored are skipped.
 */
export async function appendCommitBatch(
  db: Db,
  ref: RepoRef,
  commits: readonly CommitRecord[],
  now: string,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    await trx
      .insertInto('repos')
      .values({ ...refColumns(ref), ...newRepoDefaults(now), status: 'failed' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return appendCommits(trx, ref.id, commits);
  });
}

const COMMIT_COLUMNS =
  'repo_id, sha, author_name, author_email, author_time, committer_time, parents, files_changed, additions, deletions, is_bot';
const COMMIT_COLUMN_COUNT = 11;

async function appendCommitsSqlite(
  db: Db,
  repoId: string,
  commits: readonly CommitRecord[],
): Promise<number> {
  let added = 0;
  const perInsert = rowsPerInsert(COMMIT_COLUMN_COUNT);
  const fullRow = `(${new Array(COMMIT_COLUMN_COUNT).fill('?').join(',')})`;
  // Building the statement text once keeps a 200k-commit append dominated by SQLite, not strings.
  const fullStatement = insertCommitsSql(new Array(perInsert).fill(fullRow).join(','));
  for (const batch of chunks(commits, perInsert)) {
    const params: unknown[] = [];
    for (const c of batch) {
      params.push(
        repoId,
        c.sha,
        cleanText(c.authorName),
        cleanText(c.authorEmail),
        c.authorTime,
        c.committerTime,
        c.parents,
        c.filesChanged,
        c.additions,
        c.deletions,
        flag(c.isBot),
      );
    }
    const text =
      batch.length === perInsert
        ? fullStatement
        : insertCommitsSql(new Array(batch.length).fill(fullRow).join(','));
    const result = await db.executeQuery(CompiledQuery.raw(text, params));
    added += Number(result.numAffectedRows ?? 0);
  }
  return added;
}

function insertCommitsSql(values: string): string {
  return `insert into commits (${COMMIT_COLUMNS}) values ${values} on conflict (repo_id, sha) do nothing`;
}

const PG_COMMITS_PER_INSERT = 20_000;

async function appendCommitsPostgres(
  db: Db,
  repoId: string,
  commits: readonly CommitRecord[],
): Promise<number> {
  let added = 0;
  const text =
    `insert into commits (${COMMIT_COLUMNS}) ` +
    'select $1::text, u.* from unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], ' +
    '$7::int[], $8::int[], $9::int[], $10::int[], $11::int[]) as u ' +
    'on conflict (repo_id, sha) do nothing';
  for (const batch of chunks(commits, PG_COMMITS_PER_INSERT)) {
    const n = batch.length;
    const cols = {
      sha: new Array<string>(n),
      name: new Array<string>(n),
      email: new Array<string>(n),
      at: new Array<number>(n),
      ct: new Array<number>(n),
      parents: new Array<number>(n),
      files: new Array<number>(n),
      adds: new Array<number | null>(n),
      dels: new Array<number | null>(n),
      bot: new Array<number>(n),
    };
    for (let i = 0; i < n; i++) {
      const c = batch[i];
      cols.sha[i] = c.sha;
      cols.name[i] = cleanText(c.authorName);
      cols.email[i] = cleanText(c.authorEmail);
      cols.at[i] = c.authorTime;
      cols.ct[i] = c.committerTime;
      cols.parents[i] = c.parents;
      cols.files[i] = c.filesChanged;
      cols.adds[i] = c.additions;
      cols.dels[i] = c.deletions;
      cols.bot[i] = flag(c.isBot);
    }
    const params = [
      repoId,
      cols.sha,
      cols.name,
      cols.email,
      cols.at,
      cols.ct,
      cols.parents,
      cols.files,
      cols.adds,
      cols.dels,
      cols.bot,
    ];
    const result = await db.executeQuery(CompiledQuery.raw(text, params));
    added += Number(result.numAffectedRows ?? 0);
  }
  return added;
}

/**
 * Stores one repo's crawl in ONE transaction: its row and facts, the per-repo tables replaced, new commits
 * appended (old ones dropped when history was rewritten), its findings replaced, commit summary recomputed.
 * Returns the number of commits added.
 */
export async function saveRepoCrawl(db: Db, input: SaveRepoCrawlInput): Promise<number> {
  const { ref, facts, now } = input;
  const id = ref.id;
  const { findings: factFindings, ...factsWithoutFindings } = facts;
  return inTransaction(db, async (trx) => {
    const previous = await trx
      .selectFrom('repos')
      .select(['head_sha', 'facts'])
      .where('id', '=', id)
      .executeTakeFirst();
    const changed = !previous || previous.facts === null || previous.head_sha !== input.head;
    const meta = refColumns(ref);
    const crawled = {
      ...meta,
      default_branch: input.branch ?? meta.default_branch,
      head_sha: input.head,
      status: 'active',
      gone_at: null,
      last_crawled_at: now,
      primary_language: cleanText(facts.primaryLanguage),
      facts: JSON.stringify(factsWithoutFindings),
      facts_crawl_id: input.crawlId,
    };
    await trx
      .insertInto('repos')
      .values({ ...newRepoDefaults(now), ...crawled, last_changed_at: now })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet(changed ? { ...crawled, last_changed_at: now } : crawled),
      )
      .execute();

    await replaceChildRows(trx, id, facts, input.files);

    if (input.replaceHistory) await deleteCommitsNotIn(trx, id, input.replaceHistory.keepShas);
    const added = await appendCommits(trx, id, input.commits);
    if (input.replaceHistory) await refreshCommitDays(trx, id);

    await trx.deleteFrom('findings').where('repo_id', '=', id).execute();
    await insertFindings(trx, id, input.crawlId, [...factFindings, ...input.findings]);

    await refreshCommitSummary(trx, id);
    await input.derive?.(trx);
    return added;
  });
}

/** Marks repos whose HEAD did not move as crawled now; clears failure findings an earlier crawl left. */
export async function touchUnchanged(db: Db, ids: readonly string[], now: string): Promise<void> {
  if (ids.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (const batch of chunks(ids, 500)) {
      await trx.updateTable('repos').set({ last_crawled_at: now }).where('id', 'in', batch).execute();
      await trx
        .deleteFrom('findings')
        .where('repo_id', 'in', batch)
        .where((eb) =>
          eb(
            'crawl_id',
            '<>',
            eb.fn.coalesce(
              eb
                .selectFrom('repos')
                .select('repos.facts_crawl_id')
                .whereRef('repos.id', '=', 'findings.repo_id'),
              sql<number>`-1`,
            ),
          ),
        )
        .execute();
    }
  });
}

/**
 * Records that crawling a repo failed. Everything stored before is kept; the failure's findings replace
 * those of earlier failures, and a repo never crawled successfully gets status 'failed'.
 */
export async function recordRepoFailure(
  db: Db,
  ref: RepoRef,
  crawlId: number,
  findings: readonly Finding[],
  now: string,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('repos')
      .values({ ...refColumns(ref), ...newRepoDefaults(now), status: 'failed' })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const row = await trx
      .selectFrom('repos')
      .select(['facts_crawl_id', 'status'])
      .where('id', '=', ref.id)
      .executeTakeFirstOrThrow();
    if (row.facts_crawl_id === null && row.status === 'active') {
      await trx.updateTable('repos').set({ status: 'failed' }).where('id', '=', ref.id).execute();
    }
    let stale = trx.deleteFrom('findings').where('repo_id', '=', ref.id);
    if (row.facts_crawl_id !== null) stale = stale.where('crawl_id', '<>', row.facts_crawl_id);
    await stale.execute();
    await insertFindings(trx, ref.id, crawlId, findings);
  });
}

/** Marks repos no source lists any more as gone; their data stays for history. */
export async function markGone(db: Db, ids: readonly string[], now: string): Promise<void> {
  if (ids.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (const batch of chunks(ids, 500)) {
      await trx
        .updateTable('repos')
        .set({ status: 'gone', gone_at: now })
        .where('id', 'in', batch)
        .where('status', '<>', 'gone')
        .execute();
    }
  });
}

function refColumns(ref: RepoRef) {
  return {
    id: ref.id,
    source: cleanText(ref.source),
    name: cleanText(ref.name),
    full_name: cleanText(ref.fullName),
    location: cleanText(ref.location.kind === 'local' ? ref.location.path : redactSecrets(ref.location.url)),
    web_url: cleanText(ref.webUrl),
    default_branch: cleanText(ref.defaultBranch),
    description: cleanText(ref.description),
    topics: JSON.stringify(ref.topics ?? []),
    archived: flag(ref.archived),
    visibility: ref.visibility ?? null,
    org: cleanText(ref.owner),
    stars: ref.forge?.stars ?? null,
    forks: ref.forge?.forks ?? null,
    watchers: ref.forge?.watchers ?? null,
    open_issues: ref.forge?.openIssues ?? null,
    forge_created_at: cleanText(ref.forge?.createdAt),
  };
}

function newRepoDefaults(now: string): Omit<NewRepoRow, keyof ReturnType<typeof refColumns> | 'status'> {
  return {
    head_sha: null,
    first_seen_at: now,
    last_crawled_at: null,
    last_changed_at: null,
    gone_at: null,
    primary_language: null,
    facts: null,
    facts_crawl_id: null,
    commit_count: 0,
    first_commit_at: null,
    last_commit_at: null,
  };
}

async function replaceChildRows(
  db: Db,
  repoId: string,
  facts: RepoFacts,
  files: FileContent[],
): Promise<void> {
  for (const table of [
    'repo_languages',
    'repo_docs',
    'repo_owners',
    'repo_packages',
    'repo_files',
  ] as const) {
    await db.deleteFrom(table).where('repo_id', '=', repoId).execute();
  }

  // Analysers read untrusted input; duplicates must not break the primary keys, so the first wins.
  const languages = uniqueBy(facts.languages, (l) => l.language).map((l) => ({
    repo_id: repoId,
    language: cleanText(l.language),
    bytes: l.bytes,
    files: l.files,
  }));
  for (const batch of chunks(languages, rowsPerInsert(4)))
    await db.insertInto('repo_languages').values(batch).execute();

  const docs = uniqueBy(facts.docs, (d) => `${d.kind}\u0000${d.path}`).map((d) => ({
    repo_id: repoId,
    kind: d.kind,
    path: cleanText(d.path),
    size: d.size,
    inherited: flag(d.inherited),
  }));
  for (const batch of chunks(docs, rowsPerInsert(5)))
    await db.insertInto('repo_docs').values(batch).execute();

  const owners = facts.owners.map((o) => ({
    repo_id: repoId,
    owner: cleanText(o.owner),
    kind: o.kind,
    source: o.source,
    pattern: cleanText(o.pattern),
    catch_all: flag(o.catchAll),
  }));
  for (const batch of chunks(owners, rowsPerInsert(6)))
    await db.insertInto('repo_owners').values(batch).execute();

  const packages = facts.packages.map((p) => ({
    repo_id: repoId,
    ecosystem: p.ecosystem,
    name: cleanText(p.name),
    role: p.role,
    version: cleanText(p.version),
    manifest: cleanText(p.manifest),
    scope: p.scope ?? null,
  }));
  for (const batch of chunks(packages, rowsPerInsert(7)))
    await db.insertInto('repo_packages').values(batch).execute();

  const fileRows = uniqueBy(files, (f) => f.path).map((f) => ({
    repo_id: repoId,
    path: cleanText(f.path),
    size: f.size,
    // Text as text; a kept binary (a README image) as base64, marked binary.
    content: f.text === null ? (f.base64 ?? null) : cleanText(f.text),
    truncated: flag(f.truncated),
    binary: flag(f.binary),
  }));
  // File contents can be large: small batches keep one statement's memory modest.
  for (const batch of chunks(fileRows, 50)) await db.insertInto('repo_files').values(batch).execute();
}

async function deleteCommitsNotIn(db: Db, repoId: string, keep: Set<string>): Promise<void> {
  const stored = await db.selectFrom('commits').select('sha').where('repo_id', '=', repoId).execute();
  const drop = stored.map((r) => r.sha).filter((sha) => !keep.has(sha));
  for (const batch of chunks(drop, 500)) {
    await db.deleteFrom('commits').where('repo_id', '=', repoId).where('sha', 'in', batch).execute();
  }
}

async function insertFindings(
  db: Db,
  repoId: string,
  crawlId: number,
  findings: readonly Finding[],
): Promise<void> {
  const rows = uniqueBy(findings, (f) => `${f.code}\u0000${f.path ?? ''}\u0000${f.message}`).map((f) => ({
    repo_id: repoId,
    crawl_id: crawlId,
    code: cleanText(f.code),
    severity: f.severity,
    message: cleanText(f.message),
    path: cleanText(f.path),
  }));
  for (const batch of chunks(rows, rowsPerInsert(6))) await db.insertInto('findings').values(batch).execute();
}

async function refreshCommitSummary(db: Db, repoId: string): Promise<void> {
  const summary = await db
    .selectFrom('commits')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.min('author_time').as('first'),
      eb.fn.max('author_time').as('last'),
    ])
    .where('repo_id', '=', repoId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('repos')
    .set({
      commit_count: Number(summary.count),
      first_commit_at: summary.first === null ? null : Number(summary.first),
      last_commit_at: summary.last === null ? null : Number(summary.last),
    })
    .where('id', '=', repoId)
    .execute();
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(item);
  }
  return out;
}
