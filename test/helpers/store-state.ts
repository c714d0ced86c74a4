// Reads what a crawl left in a store, normalised so two stores can be compared: every repo's row and facts,
// commits, day aggregates, findings and its LATEST standards results (run ids and times left out).

import { sql } from 'kysely';
import { showDetail } from '../../src/cli/commands/show.ts';
import { openStore } from '../../src/store/db.ts';

/** The URL the CLI used: DATABASE_URL when set, else the data dir's SQLite file. */
export function storeUrl(dataDir: string, databaseUrl?: string): string {
  return databaseUrl ?? `sqlite:${dataDir}/agora.db`;
}

/** Runs `fn` on the store at `url` (opened without migrating: the CLI did that). */
export async function withStore<T>(
  url: string,
  fn: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>,
) {
  const store = await openStore({ url, dataDir: '/nonexistent', migrate: false });
  try {
    return await fn(store.db);
  } finally {
    await store.close();
  }
}

/**
 * What `agora show REPO --json` prints, read in-process (the command's own function, JSON round-tripped as the CLI
 * prints it): a test asking about many repos pays no Node start-up per repo.
 */
export function showRepo(url: string, repo: string): Promise<any> {
  return withStore(url, async (db) => JSON.parse(JSON.stringify(await showDetail(db, repo))));
}

export interface StoreState {
  repos: Record<string, unknown>[];
  commits: { repo_id: string; n: number; shas: number }[];
  commitDays: { repo_id: string; commits: number; days: number }[];
  findings: { repo_id: string; code: string; severity: string; message: string }[];
  checks: { repo_id: string; rule_id: string; level: string; status: string; message: string }[];
  readiness: { repo_id: string; level: string | null; passed: number; failed: number }[];
}

/** The comparable state of the store at `url`. */
export function storeState(url: string): Promise<StoreState> {
  return withStore(url, async (db) => {
    const repos = await db
      .selectFrom('repos')
      .select([
        'id',
        'status',
        'head_sha',
        'facts',
        'primary_language',
        'commit_count',
        'first_commit_at',
        'last_commit_at',
      ])
      .orderBy('id')
      .execute();
    const commits = await db
      .selectFrom('commits')
      .select((eb) => [
        'repo_id',
        eb.fn.countAll<number>().as('n'),
        sql<number>`count(distinct sha)`.as('shas'),
      ])
      .groupBy('repo_id')
      .orderBy('repo_id')
      .execute();
    const commitDays = await db
      .selectFrom('commit_days')
      .select((eb) => [
        'repo_id',
        eb.fn.sum<number>('commits').as('commits'),
        eb.fn.countAll<number>().as('days'),
      ])
      .groupBy('repo_id')
      .orderBy('repo_id')
      .execute();
    const findings = await db
      .selectFrom('findings')
      .select(['repo_id', 'code', 'severity', 'message'])
      .orderBy('repo_id')
      .orderBy('code')
      .orderBy('message')
      .execute();
    const latest = db
      .selectFrom('check_readiness')
      .select(['repo_id', (eb) => eb.fn.max('run_id').as('run_id')])
      .groupBy('repo_id');
    const checks = await db
      .selectFrom('check_results as c')
      .innerJoin(latest.as('l'), (j) =>
        j.onRef('l.repo_id', '=', 'c.repo_id').onRef('l.run_id', '=', 'c.run_id'),
      )
      .select(['c.repo_id', 'c.rule_id', 'c.level', 'c.status', 'c.message'])
      .orderBy('c.repo_id')
      .orderBy('c.rule_id')
      .execute();
    const readiness = await db
      .selectFrom('check_readiness as c')
      .innerJoin(latest.as('l'), (j) =>
        j.onRef('l.repo_id', '=', 'c.repo_id').onRef('l.run_id', '=', 'c.run_id'),
      )
      .select(['c.repo_id', 'c.level', 'c.passed', 'c.failed'])
      .orderBy('c.repo_id')
      .execute();
    const num = <T extends Record<string, unknown>>(rows: T[]) =>
      rows.map((r) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
      ) as T[];
    return {
      repos: num(repos),
      commits: num(commits).map((r) => ({ ...r, n: Number(r.n), shas: Number(r.shas) })),
      commitDays: num(commitDays).map((r) => ({ ...r, commits: Number(r.commits), days: Number(r.days) })),
      findings,
      checks,
      readiness: num(readiness).map((r) => ({ ...r, passed: Number(r.passed), failed: Number(r.failed) })),
    };
  });
}
