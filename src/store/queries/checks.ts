// SQL of the standards: reading what the checks need from stored repos, writing check runs and results, and
// the portal's reads (latest results, readiness per repo, compliance over time).

import type { Insertable } from 'kysely';
import type { RepoFacts } from '../../analyse/facts.ts';
import type { CheckReport } from '../../checks/ruleset/types.ts';
import type { FileContent } from '../../snapshot/snapshot.ts';
import type { CheckRulesTable } from '../schema.ts';
import { chunks, cleanText, type Db, flag, inTransaction, parseJson, rowsPerInsert } from './shared.ts';

export interface CheckableRepo {
  id: string;
  name: string;
  fullName: string;
  source: string;
  description: string | null;
  topics: string[];
  org: string | null;
  lastCommitAt: number | null;
  facts: Omit<RepoFacts, 'findings'> | null;
}

/** Active repos (all, or those listed) with their stored facts. */
export async function checkableRepos(db: Db, repoIds?: readonly string[]): Promise<CheckableRepo[]> {
  const select = () =>
    db
      .selectFrom('repos')
      .select([
        'id',
        'name',
        'full_name',
        'source',
        'description',
        'topics',
        'org',
        'last_commit_at',
        'facts',
      ])
      .where('status', '!=', 'gone');
  const rows = [];
  if (repoIds) {
    for (const part of chunks(repoIds, 1000))
      rows.push(...(await select().where('id', 'in', part).execute()));
  } else {
    rows.push(...(await select().execute()));
  }
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    fullName: r.full_name,
    source: r.source,
    description: r.description,
    topics: parseJson<string[]>(r.topics, []),
    org: r.org,
    lastCommitAt: r.last_commit_at === null ? null : Number(r.last_commit_at),
    facts: parseJson<Omit<RepoFacts, 'findings'> | null>(r.facts, null),
  }));
}

/** Organisation-defaults repositories: every stored repo named `.github`. */
export async function orgDefaultRepos(db: Db): Promise<CheckableRepo[]> {
  const rows = await db
    .selectFrom('repos')
    .select('id')
    .where('name', '=', '.github')
    .where('status', '!=', 'gone')
    .execute();
  return rows.length
    ? checkableRepos(
        db,
        rows.map((r) => r.id),
      )
    : [];
}

/** The stored file contents of the given repos, keyed by repo id then path. */
export async function storedFiles(
  db: Db,
  repoIds: readonly string[],
): Promise<Map<string, Map<string, FileContent>>> {
  const out = new Map<string, Map<string, FileContent>>();
  for (const id of repoIds) out.set(id, new Map());
  for (const part of chunks(repoIds, 500)) {
    const rows = await db
      .selectFrom('repo_files')
      .select(['repo_id', 'path', 'size', 'content', 'truncated', 'binary'])
      .where('repo_id', 'in', part)
      .execute();
    for (const r of rows) {
      out.get(r.repo_id)?.set(r.path, {
        path: r.path,
        size: Number(r.size),
        text: r.binary === 1 ? null : r.content,
        binary: r.binary === 1,
        truncated: r.truncated === 1,
      });
    }
  }
  return out;
}

/** Stores one check run with every repo's results and readiness, in one transaction; returns the run id. */
export async function saveCheckRun(
  db: Db,
  input: { crawlId: number | null; ruleset: string; evaluatedAt: string; reports: readonly CheckReport[] },
): Promise<number> {
  return inTransaction(db, async (trx) => {
    const runId = await createCheckRun(trx, input);
    await addCheckReports(trx, { runId, ...input });
    return runId;
  });
}

/** Creates an empty check run (a crawl fills it repo by repo with `addCheckReports`); returns its id. */
export async function createCheckRun(
  db: Db,
  input: { crawlId: number | null; ruleset: string; evaluatedAt: string },
): Promise<number> {
  const run = await db
    .insertInto('check_runs')
    .values({
      crawl_id: input.crawlId,
      ruleset: input.ruleset,
      evaluated_at: input.evaluatedAt,
      repo_count: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(run.id);
}

/**
 * Adds repos' results, readiness and rule texts to a check run (replacing what the run held for those repos)
 * and counts them in its `repo_count`. Called inside the transaction that saves a crawled repo, so a repo's
 * facts and its results are stored together or not at all.
 */
export async function addCheckReports(
  db: Db,
  input: {
    runId: number;
    crawlId: number | null;
    ruleset: string;
    evaluatedAt: string;
    reports: readonly CheckReport[];
  },
): Promise<void> {
  if (input.reports.length === 0) return;
  const { runId } = input;
  const repoIds = input.reports.map((rep) => rep.repo.id);
  let replaced = 0;
  for (const part of chunks(repoIds, 500)) {
    await db.deleteFrom('check_results').where('run_id', '=', runId).where('repo_id', 'in', part).execute();
    const gone = await db
      .deleteFrom('check_readiness')
      .where('run_id', '=', runId)
      .where('repo_id', 'in', part)
      .executeTakeFirst();
    replaced += Number(gone.numDeletedRows);
  }
  // Rule texts first, in ruleset order: concurrent writers of one run then wait on each other, never deadlock.
  const rules = new Map<string, Insertable<CheckRulesTable>>();
  for (const rep of input.reports) {
    for (const r of rep.results) {
      if (rules.has(r.id)) continue;
      rules.set(r.id, {
        run_id: runId,
        rule_id: r.id,
        title: cleanText(r.title),
        level: r.override?.from ?? r.level,
        why: cleanText(r.why),
        fix: cleanText(r.fix),
        template: r.template ?? null,
        docs: cleanText(r.docs ?? null),
      });
    }
  }
  for (const part of chunks([...rules.values()], rowsPerInsert(8)))
    await db
      .insertInto('check_rules')
      .values(part)
      .onConflict((oc) => oc.columns(['run_id', 'rule_id']).doNothing())
      .execute();
  const results = input.reports.flatMap((rep) =>
    rep.results.map((r) => ({
      run_id: runId,
      crawl_id: input.crawlId,
      repo_id: rep.repo.id,
      rule_id: r.id,
      level: r.level,
      status: r.status,
      message: cleanText(r.message),
      reason: cleanText(r.reason ?? null),
      inherited: flag(r.inherited),
      ruleset: input.ruleset,
      evaluated_at: input.evaluatedAt,
    })),
  );
  for (const part of chunks(results, rowsPerInsert(12)))
    await db.insertInto('check_results').values(part).execute();
  const readiness = input.reports.map((rep) => ({
    run_id: runId,
    repo_id: rep.repo.id,
    level: rep.readiness.level,
    next_level: rep.readiness.next?.level ?? null,
    missing: JSON.stringify(rep.readiness.next?.missing ?? []),
    passed: rep.summary.pass,
    failed: rep.summary.fail,
    errors: rep.summary.errors,
    warnings: rep.summary.warnings,
    not_evaluated: rep.summary.notEvaluated,
  }));
  for (const part of chunks(readiness, rowsPerInsert(10)))
    await db.insertInto('check_readiness').values(part).execute();
  // An increment (not a recount): concurrent writers of one run each add their own repos.
  const added = input.reports.length - replaced;
  if (added !== 0)
    await db
      .updateTable('check_runs')
      .set((eb) => ({ repo_count: eb('repo_count', '+', added) }))
      .where('id', '=', runId)
      .execute();
}

/** Deletes check runs that hold no repo (left by a crawl killed before its first result), with their rules. */
export async function deleteEmptyCheckRuns(db: Db): Promise<void> {
  const empty = await db
    .selectFrom('check_runs')
    .select('id')
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('check_readiness').select('run_id').whereRef('run_id', '=', 'check_runs.id')),
      ),
    )
    .execute();
  for (const part of chunks(
    empty.map((r) => Number(r.id)),
    500,
  )) {
    await db.deleteFrom('check_rules').where('run_id', 'in', part).execute();
    await db.deleteFrom('check_runs').where('id', 'in', part).execute();
  }
}

/** Ids of repos with stored facts that no check run has evaluated (their results were lost or never made). */
export async function uncheckedRepoIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('repos')
    .select('id')
    .where('status', '!=', 'gone')
    .where('facts', 'is not', null)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('check_readiness').select('repo_id').whereRef('repo_id', '=', 'repos.id')),
      ),
    )
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface StoredCheckResult {
  runId: number;
  crawlId: number | null;
  repoId: string;
  ruleId: string;
  /** The rule's title in that run (the rule id for runs stored before rule texts were kept). */
  title: string;
  /** Level after config overrides: error | warning | info | off. */
  level: string;
  /** pass | fail | not-applicable | not-evaluated */
  status: string;
  message: string;
  reason: string | null;
  inherited: boolean;
  /** Why the rule matters, as the run's ruleset said; null only for runs stored before rule texts were kept. */
  why: string | null;
  /** What to do to pass it (whatever the status: show it for failures); null as for `why`. */
  fix: string | null;
  /** The `agora fix` template that creates what the rule wants, if any. */
  template: string | null;
  docs: string | null;
  ruleset: string;
  evaluatedAt: string;
}

function latestRuns(db: Db) {
  return db
    .selectFrom('check_readiness')
    .select(['repo_id', (eb) => eb.fn.max('run_id').as('run_id')])
    .groupBy('repo_id');
}

/** Each repo's results from the latest run that evaluated it (one repo, or all). */
export async function latestCheckResults(db: Db, repoId?: string): Promise<StoredCheckResult[]> {
  let q = db
    .selectFrom('check_results as r')
    .innerJoin(latestRuns(db).as('l'), (j) =>
      j.onRef('l.repo_id', '=', 'r.repo_id').onRef('l.run_id', '=', 'r.run_id'),
    )
    .leftJoin('check_rules as k', (j) =>
      j.onRef('k.run_id', '=', 'r.run_id').onRef('k.rule_id', '=', 'r.rule_id'),
    )
    .selectAll('r')
    .select(['k.title', 'k.why', 'k.fix', 'k.template', 'k.docs']);
  if (repoId) q = q.where('r.repo_id', '=', repoId);
  const rows = await q.orderBy('r.repo_id').orderBy('r.rule_id').execute();
  return rows.map((r) => ({
    runId: Number(r.run_id),
    crawlId: r.crawl_id === null ? null : Number(r.crawl_id),
    repoId: r.repo_id,
    ruleId: r.rule_id,
    title: r.title ?? r.rule_id,
    level: r.level,
    status: r.status,
    message: r.message,
    reason: r.reason,
    inherited: Number(r.inherited) === 1,
    why: r.why,
    fix: r.fix,
    template: r.template,
    docs: r.docs,
    ruleset: r.ruleset,
    evaluatedAt: r.evaluated_at,
  }));
}

export interface StoredCheckRule {
  runId: number;
  id: string;
  title: string;
  /** The ruleset's level, before per-repo overrides. */
  level: string;
  why: string;
  fix: string;
  template: string | null;
  docs: string | null;
}

/** The rules of the latest check run (or of `runId`), by id: the columns of a compliance table. */
export async function checkRulesOfRun(db: Db, runId?: number): Promise<StoredCheckRule[]> {
  let id = runId;
  if (id === undefined) {
    const last = await db
      .selectFrom('check_runs')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    if (last?.id === null || last?.id === undefined) return [];
    id = Number(last.id);
  }
  const rows = await db
    .selectFrom('check_rules')
    .selectAll()
    .where('run_id', '=', id)
    .orderBy('rule_id')
    .execute();
  return rows.map((r) => ({
    runId: Number(r.run_id),
    id: r.rule_id,
    title: r.title,
    level: r.level,
    why: r.why,
    fix: r.fix,
    template: r.template,
    docs: r.docs,
  }));
}

export interface RepoReadiness {
  repoId: string;
  runId: number;
  level: string | null;
  nextLevel: string | null;
  missing: string[];
  passed: number;
  failed: number;
  errors: number;
  warnings: number;
  notEvaluated: number;
}

/** Each repo's readiness in the latest run that evaluated it. */
export async function readinessByRepo(db: Db): Promise<RepoReadiness[]> {
  const rows = await db
    .selectFrom('check_readiness as c')
    .innerJoin(latestRuns(db).as('l'), (j) =>
      j.onRef('l.repo_id', '=', 'c.repo_id').onRef('l.run_id', '=', 'c.run_id'),
    )
    .selectAll('c')
    .orderBy('c.repo_id')
    .execute();
  return rows.map((r) => ({
    repoId: r.repo_id,
    runId: Number(r.run_id),
    level: r.level,
    nextLevel: r.next_level,
    missing: parseJson<string[]>(r.missing, []),
    passed: Number(r.passed),
    failed: Number(r.failed),
    errors: Number(r.errors),
    warnings: Number(r.warnings),
    notEvaluated: Number(r.not_evaluated),
  }));
}

/** One repo's readiness in one run: what the roll-up's standards series reads. */
export interface ReadinessEvent {
  repoId: string;
  runId: number;
  evaluatedAt: string;
  /** Readiness level reached; null or 'none' when none. */
  level: string | null;
}

/** Every repo's readiness in every run that evaluated it, in run order (a repo's last event is its latest). */
export async function readinessHistory(db: Db): Promise<ReadinessEvent[]> {
  const rows = await db
    .selectFrom('check_readiness as c')
    .innerJoin('check_runs as r', 'r.id', 'c.run_id')
    .select(['c.repo_id', 'c.run_id', 'c.level', 'r.evaluated_at'])
    .orderBy('c.run_id')
    .orderBy('c.repo_id')
    .execute();
  return rows.map((r) => ({
    repoId: r.repo_id,
    runId: Number(r.run_id),
    evaluatedAt: r.evaluated_at,
    level: r.level,
  }));
}

export interface CompliancePoint {
  runId: number;
  crawlId: number | null;
  evaluatedAt: string;
  ruleset: string;
  repos: number;
  /** Repos with no failing error-level rule. */
  compliant: number;
  /** Repos per readiness level reached ('none' for none). */
  levels: Record<string, number>;
}

/** One point per check run, oldest first: how many repos were evaluated and how many met the standard. */
export async function complianceOverTime(db: Db): Promise<CompliancePoint[]> {
  const runs = await db.selectFrom('check_runs').selectAll().orderBy('id').execute();
  const rows = await db
    .selectFrom('check_readiness')
    .select([
      'run_id',
      'level',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>(eb.case().when('errors', '=', 0).then(1).else(0).end()).as('ok'),
    ])
    .groupBy(['run_id', 'level'])
    .execute();
  const byRun = new Map<number, { repos: number; compliant: number; levels: Record<string, number> }>();
  for (const r of rows) {
    const id = Number(r.run_id);
    const e = byRun.get(id) ?? { repos: 0, compliant: 0, levels: {} };
    e.repos += Number(r.n);
    e.compliant += Number(r.ok ?? 0);
    e.levels[r.level ?? 'none'] = (e.levels[r.level ?? 'none'] ?? 0) + Number(r.n);
    byRun.set(id, e);
  }
  return runs.map((run) => {
    const e = byRun.get(Number(run.id)) ?? { repos: 0, compliant: 0, levels: {} };
    return {
      runId: Number(run.id),
      crawlId: run.crawl_id === null ? null : Number(run.crawl_id),
      evaluatedAt: run.evaluated_at,
      ruleset: run.ruleset,
      ...e,
    };
  });
}
