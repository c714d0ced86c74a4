// Reads and writes of per-repo derived data (`repo_derived`: metrics computed once per crawl) and the paged
// per-repo lists the project API serves (findings by severity, packages), so no request reads a whole list.

import { sql } from 'kysely';
import type { Finding } from '../../analyse/facts.ts';
import type { RepoDerivedTable } from '../schema.ts';
import { chunks, type Db, rowsPerInsert } from './shared.ts';

export type RepoDerivedRow = RepoDerivedTable;

/** The stored derived row of one repo, or undefined. */
export async function readRepoDerived(db: Db, repoId: string): Promise<RepoDerivedRow | undefined> {
  const row = await db
    .selectFrom('repo_derived')
    .selectAll()
    .where('repo_id', '=', repoId)
    .executeTakeFirst();
  return row ? { ...row, as_of: Number(row.as_of) } : undefined;
}

/** The stored derived rows of these repos (metrics JSON included). */
export async function readRepoDerivedMany(db: Db, repoIds: readonly string[]): Promise<RepoDerivedRow[]> {
  const out: RepoDerivedRow[] = [];
  for (const ids of chunks(repoIds, 500)) {
    const rows = await db.selectFrom('repo_derived').selectAll().where('repo_id', 'in', ids).execute();
    for (const r of rows) out.push({ ...r, as_of: Number(r.as_of) });
  }
  return out;
}

export interface DerivedStamp {
  id: string;
  /** The repo's HEAD now. */
  head_sha: string | null;
  /** What its stored row was computed from; null without a row. */
  derived_head: string | null;
  config_key: string | null;
  as_of: number | null;
}

/** Every active repo with the stamps of its stored derived row (nulls when it has none). */
export async function derivedStamps(db: Db): Promise<DerivedStamp[]> {
  const rows = await db
    .selectFrom('repos')
    .leftJoin('repo_derived', 'repo_derived.repo_id', 'repos.id')
    .select([
      'repos.id as id',
      'repos.head_sha as head_sha',
      'repo_derived.head_sha as derived_head',
      'repo_derived.config_key as config_key',
      'repo_derived.as_of as as_of',
    ])
    .where('repos.status', '=', 'active')
    .orderBy('repos.id')
    .execute();
  return rows.map((r) => ({ ...r, as_of: r.as_of === null ? null : Number(r.as_of) }));
}

/** Inserts or replaces derived rows. */
export async function writeRepoDerived(db: Db, rows: readonly RepoDerivedRow[]): Promise<void> {
  for (const batch of chunks(rows, rowsPerInsert(5))) {
    await db
      .insertInto('repo_derived')
      .values(batch)
      .onConflict((oc) =>
        oc.column('repo_id').doUpdateSet((eb) => ({
          head_sha: eb.ref('excluded.head_sha'),
          config_key: eb.ref('excluded.config_key'),
          as_of: eb.ref('excluded.as_of'),
          metrics: eb.ref('excluded.metrics'),
        })),
      )
      .execute();
  }
}

export type FindingCounts = Record<Finding['severity'], number>;

/** A repo's current findings counted by severity. */
export async function findingCounts(db: Db, repoId: string): Promise<FindingCounts> {
  const rows = await db
    .selectFrom('findings')
    .select((eb) => ['severity', eb.fn.countAll<number>().as('n')])
    .where('repo_id', '=', repoId)
    .groupBy('severity')
    .execute();
  const out: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const r of rows) {
    const sev = r.severity === 'error' || r.severity === 'warning' ? r.severity : 'info';
    out[sev] += Number(r.n);
  }
  return out;
}

export interface FindingRow {
  code: string;
  severity: string;
  message: string;
  path: string | null;
}

/** One page of a repo's findings: errors first, then warnings, then the rest; oldest first within each. */
export async function findingsPage(
  db: Db,
  repoId: string,
  page: { offset: number; limit: number },
): Promise<FindingRow[]> {
  return db
    .selectFrom('findings')
    .select(['code', 'severity', 'message', 'path'])
    .where('repo_id', '=', repoId)
    .orderBy(sql`case severity when 'error' then 0 when 'warning' then 1 else 2 end`)
    .orderBy('crawl_id')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export interface PackagePageRow {
  ecosystem: string;
  name: string;
  role: string;
  version: string | null;
  manifest: string;
}

/** How many packages a repo publishes and consumes (every manifest). */
export async function countRepoPackages(db: Db, repoId: string): Promise<number> {
  const row = await db
    .selectFrom('repo_packages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('repo_id', '=', repoId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One page of a repo's packages: published ones first, then by name and manifest. */
export async function repoPackagesPage(
  db: Db,
  repoId: string,
  page: { offset: number; limit: number },
): Promise<PackagePageRow[]> {
  return db
    .selectFrom('repo_packages')
    .select(['ecosystem', 'name', 'role', 'version', 'manifest'])
    .where('repo_id', '=', repoId)
    .orderBy(sql`case role when 'publishes' then 0 else 1 end`)
    .orderBy('name')
    .orderBy('manifest')
    .orderBy('ecosystem')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
