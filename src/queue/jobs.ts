// What a worker does with each kind of job. A listing job lists one source and queues a job per repository
// (a repo whose forge push time did not move is recorded unchanged without one); a repo job runs the same
// per-repo crawl as `agora crawl` on SQLite (`RepoCrawler`: snapshot, analysis, store and its standards
// results in one transaction); the wave's finishing job runs once every repo has an outcome and does the
// organisation-wide part once: unchanged and gone repos, stored metrics, the crawl's summary, and a NOTIFY
// that makes every portal reload. A dead-lettered job becomes a finding. Every handler is idempotent: a
// job run again after a crash finds its work done or does it again with the same result.

import { sql } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Finding, Severity } from '../analyse/facts.ts';
import type { CrawlChecks } from '../checks/service.ts';
import type { LoadedConfig } from '../config/schema.ts';
import { type FindingCount, type RepoResult, SEVERITY_ORDER } from '../crawl/crawl.ts';
import { redactSecrets } from '../errors.ts';
import type { ForgeSource } from '../sources/forge/source.ts';
import type { RepoRef, Source, SourceProblem } from '../sources/source.ts';
import type { Store } from '../store/db.ts';
import { QUEUES } from './boss.ts';
import type { JobLocks } from './locks.ts';
import {
  bossDb,
  type QueueDb,
  queueDb,
  readWave,
  recordRepoAttemptError,
  recordRepoOutcome,
  repoDone,
  type Wave,
  waveIsDone,
} from './waves.ts';

export interface ListJob {
  kind: 'list';
  crawlId: number;
  source: string;
}
export interface RepoJob {
  kind: 'repo';
  crawlId: number;
  ref: RepoRef;
  /**
   * The listing found the forge's push time unchanged: no git, only the repo's issues and pull requests (a
   * source with `items: false` records such a repo unchanged without a job).
   */
  probedUnchanged?: boolean;
}
export interface FinishJob {
  kind: 'finish';
  crawlId: number;
}
export type AgoraJob = ListJob | RepoJob | FinishJob;

/** The NOTIFY channel a finished crawl is announced on (payload: `<store schema>:<crawl id>`). */
export const CRAWLS_CHANNEL = 'agora_crawls';

/** Repo jobs are queued in transactions of this many. */
const QUEUE_BATCH = 500;

export interface JobContextOptions {
  loaded: LoadedConfig;
  store: Store;
  boss: PgBoss;
  dataDir: string;
  locks: JobLocks;
  storeSchema: string | null;
}

/** Runs jobs for one worker process: holds what every job shares (config, sources, per-wave check runs). */
export class JobContext {
  private readonly db: QueueDb;
  private readonly checks = new Map<number, Promise<CrawlChecks>>();
  private readonly sources = new Map<number, Promise<Source[]>>();

  constructor(private readonly opts: JobContextOptions) {
    this.db = queueDb(opts.store);
  }

  private retryOptions() {
    const c = this.opts.loaded.config.crawl;
    return { retryLimit: c.jobRetries, retryDelay: c.jobRetryDelaySeconds, retryBackoff: true };
  }

  private checksFor(wave: Wave): Promise<CrawlChecks> {
    let p = this.checks.get(wave.crawlId);
    if (!p) {
      p = import('../checks/service.ts').then((m) =>
        m.crawlChecks(this.opts.store, this.opts.loaded, wave.crawlId, wave.evaluatedAt, wave.runId),
      );
      p.catch(() => this.checks.delete(wave.crawlId));
      this.checks.set(wave.crawlId, p);
    }
    return p;
  }

  /** The wave's sources, built once per wave in this process (their HTTP layers share the hosts' limits). */
  private sourcesOf(wave: Wave): Promise<Source[]> {
    let p = this.sources.get(wave.crawlId);
    if (!p) {
      p = import('../sources/registry.ts').then((m) =>
        wave.scope.paths?.length
          ? m.sourcesFromPaths(wave.scope.paths)
          : m.sourcesFromConfig(this.opts.loaded),
      );
      this.sources.set(wave.crawlId, p);
      // Waves this worker did not finish leave their entry: keep the last few only.
      if (this.sources.size > 8) this.sources.delete(this.sources.keys().next().value as number);
    }
    return p;
  }

  async list(job: ListJob, signal?: AbortSignal): Promise<void> {
    const { store } = this.opts;
    const wave = await readWave(this.db, job.crawlId);
    if (!wave || wave.finishedAt) return;
    const state = await this.db
      .selectFrom('crawl_wave_sources')
      .select('state')
      .where('crawl_id', '=', job.crawlId)
      .where('source', '=', job.source)
      .executeTakeFirst();
    if (state?.state !== 'pending') return;
    const source = (await this.sourcesOf(wave)).find((s) => s.name === job.source);
    const problems: { path: string; code: string; message: string }[] = [];
    let failed = false;
    if (!source) {
      failed = true;
      problems.push({
        path: job.source,
        code: 'SOURCE_FAILED',
        message: 'the source is no longer configured',
      });
    } else {
      const { ForgeCrawlState } = await import('../crawl/forge-state.ts');
      const { knownRepos } = await import('../store/queries/repos-write.ts');
      const { saveForgeFacts } = await import('../store/queries/forge.ts');
      const forge = await ForgeCrawlState.load(store);
      const known = await knownRepos(store.db);
      const httpCache = await forge.httpCache(source);
      const forgeIds = wave.scope.only?.forgeIds[source.name];
      let withItems = false;
      let batch: RepoRef[] = [];
      const flush = async () => {
        const refs = batch;
        batch = [];
        if (refs.length === 0) return;
        const now = new Date().toISOString();
        const unmoved = new Set(refs.filter((r) => forge.unchangedByProbe(r, known.get(r.id))));
        // Issues and pull requests move without a push: with items on, an unmoved repo gets a job too.
        const probed = withItems ? [] : refs.filter((r) => unmoved.has(r));
        const toCrawl = refs.filter((r) => !probed.includes(r));
        await this.db.transaction().execute(async (trx) => {
          if (probed.length) {
            await trx
              .insertInto('crawl_wave_repos')
              .values(
                probed.map((r) => ({
                  crawl_id: job.crawlId,
                  repo_id: r.id,
                  source: r.source,
                  outcome: 'unchanged',
                  findings: '[]',
                  updated_at: now,
                })),
              )
              .onConflict((oc) => oc.columns(['crawl_id', 'repo_id']).doNothing())
              .execute();
          }
          if (toCrawl.length === 0) return;
          const inserted = await trx
            .insertInto('crawl_wave_repos')
            .values(
              toCrawl.map((r) => ({
                crawl_id: job.crawlId,
                repo_id: r.id,
                source: r.source,
                outcome: null,
                updated_at: now,
              })),
            )
            .onConflict((oc) => oc.columns(['crawl_id', 'repo_id']).doNothing())
            .returning('repo_id')
            .execute();
          const fresh = new Set(inserted.map((r) => r.repo_id));
          const jobs = toCrawl
            .filter((r) => fresh.has(r.id))
            .map((ref) => ({
              name: QUEUES.repo,
              data: {
                kind: 'repo',
                crawlId: job.crawlId,
                ref,
                ...(unmoved.has(ref) ? { probedUnchanged: true } : {}),
              } satisfies RepoJob,
              // One queued job per repository: a repo already queued (by another wave) runs once for both.
              singletonKey: ref.id,
              ...this.retryOptions(),
            }));
          if (jobs.length) await this.opts.boss.insert(jobs, { db: bossDb(trx) });
        });
        if (probed.length)
          await saveForgeFacts(
            store.db,
            probed.map((ref) => ({ ref, crawled: true })),
          );
      };
      try {
        for await (const listed of source.list({ signal, onProblem: (p) => problems.push(p), httpCache })) {
          withItems ||= itemsOn(source);
          const ref = forge.resolve(listed);
          if (forgeIds && !forgeIds.includes(ref.forge?.id ?? '')) continue;
          batch.push(ref);
          if (batch.length >= QUEUE_BATCH) await flush();
        }
      } catch (err) {
        const { isStoreUnavailable } = await import('../crawl/store-errors.ts');
        if (isStoreUnavailable(err)) throw err;
        failed = true;
        problems.push({ path: source.name, code: 'SOURCE_FAILED', message: (err as Error).message });
      }
      await flush();
      await forge.saveHttpCache(httpCache, !failed);
    }
    await this.db
      .updateTable('crawl_wave_sources')
      .set({ state: failed ? 'failed' : 'listed', problems: appendProblems(problems) })
      .where('crawl_id', '=', job.crawlId)
      .where('source', '=', job.source)
      .execute();
    await this.maybeFinish([job.crawlId]);
  }

  async repo(job: RepoJob, signal?: AbortSignal): Promise<void> {
    const { store, loaded, dataDir } = this.opts;
    const { ref } = job;
    const wave = await readWave(this.db, job.crawlId);
    if (!wave || wave.finishedAt) return;
    if (await repoDone(this.db, job.crawlId, ref.id)) return this.maybeFinish([job.crawlId]);
    const host = ref.location.kind === 'remote' ? hostOf(ref.location.url) : null;
    const lock = await this.opts.locks.acquire(ref.id, host, loaded.config.crawl.hostConcurrency, signal);
    try {
      // Another job on this repo may have finished while this one waited for the lock.
      if (await repoDone(this.db, job.crawlId, ref.id)) return this.maybeFinish([job.crawlId]);
      const before = await knownRepo(store, ref.id);
      const { RepoCrawler, crawlListedRepo } = await import('../crawl/crawl.ts');
      const checks = await this.checksFor(wave);
      const crawler = new RepoCrawler(loaded, store, dataDir, job.crawlId, checks);
      await crawler.init();
      const source = (await this.sourcesOf(wave)).find((s) => s.name === ref.source);
      // The listing ran in some worker: this one registers the repo's clone credentials and keeps the item
      // listing's validators per repo (a quiet repo's issues cost one 304, as in-process).
      const forgeSource = source && isForgeSource(source) ? source : null;
      if (forgeSource && ref.location.kind === 'remote') forgeSource.registerClone(ref.location.url);
      const forgeQ = await import('../store/queries/forge.ts');
      const itemsCache =
        forgeSource && ref.forge?.id ? await forgeQ.loadHttpCache(store.db, itemsCacheKey(ref)) : undefined;
      let result: RepoResult;
      try {
        const run = await crawlListedRepo({
          store,
          crawler,
          checks,
          source,
          ref,
          before,
          probedUnchanged: job.probedUnchanged === true && before?.status === 'active' && before.crawled,
          bots: loaded.config.bots,
          signal,
          itemsCache,
        });
        result = run.result;
        if (itemsCache)
          await forgeQ.saveHttpCache(store.db, itemsCache, { complete: true, now: new Date().toISOString() });
        if (run.problem) await this.addProblem(job.crawlId, ref.source, run.problem);
      } catch (err) {
        // Only an unavailable store gets here (a repo's own failure is a finding): the job is retried.
        await recordRepoAttemptError(this.db, ref.id, messageOf(err), new Date().toISOString()).catch(
          () => {},
        );
        throw err;
      }
      if (ref.forge?.id) {
        const { saveForgeFacts } = await import('../store/queries/forge.ts');
        await saveForgeFacts(store.db, [{ ref, crawled: result.outcome !== 'failed' }]);
      }
      const waves = await recordRepoOutcome(this.db, ref.id, result, new Date().toISOString());
      await this.maybeFinish(waves.length ? waves : [job.crawlId]);
    } finally {
      await lock.release();
    }
  }

  /** Adds a repo's problem (its items read in part, a forge failure) to its source's in the wave. */
  private async addProblem(crawlId: number, source: string, problem: SourceProblem): Promise<void> {
    await this.db
      .updateTable('crawl_wave_sources')
      .set({ problems: appendProblems([problem]) })
      .where('crawl_id', '=', crawlId)
      .where('source', '=', source)
      .execute();
  }

  /** Queues the finishing job of each wave that has nothing left to list or crawl. */
  async maybeFinish(crawlIds: readonly number[]): Promise<void> {
    for (const crawlId of new Set(crawlIds)) {
      if (!(await waveIsDone(this.db, crawlId))) continue;
      await this.opts.boss.send(QUEUES.finish, { kind: 'finish', crawlId } satisfies FinishJob, {
        singletonKey: String(crawlId),
        ...this.retryOptions(),
      });
    }
  }

  async finish(job: FinishJob): Promise<void> {
    const { store, loaded } = this.opts;
    const wave = await readWave(this.db, job.crawlId);
    if (!wave || wave.finishedAt) return;
    if (!(await waveIsDone(this.db, job.crawlId))) return;
    const write = await import('../store/queries/repos-write.ts');
    const crawlQ = await import('../store/queries/crawl.ts');
    const rows = await this.db
      .selectFrom('crawl_wave_repos')
      .select(['repo_id', 'outcome', 'commits_added', 'findings', 'error'])
      .where('crawl_id', '=', job.crawlId)
      .execute();
    const sources = await this.db
      .selectFrom('crawl_wave_sources')
      .select(['source', 'state', 'problems'])
      .where('crawl_id', '=', job.crawlId)
      .execute();
    const now = new Date().toISOString();
    const unchanged = rows.filter((r) => r.outcome === 'unchanged').map((r) => r.repo_id);
    if (unchanged.length) await write.touchUnchanged(store.db, unchanged, now);

    // Gone: stored, not listed by a source that listed fine (and, for a webhook's wave, one it named).
    const seen = new Set(rows.map((r) => r.repo_id));
    const listed = new Set(sources.filter((s) => s.state === 'listed').map((s) => s.source));
    let onlyIds: Set<string> | null = null;
    if (wave.scope.only) {
      const { storedForgeRepos } = await import('../store/queries/forge.ts');
      const named = wave.scope.only.forgeIds;
      onlyIds = new Set(
        (await storedForgeRepos(store.db))
          .filter((r) => named[r.source]?.includes(r.forgeId))
          .map((r) => r.id),
      );
    }
    const known = await write.knownRepos(store.db);
    const gone = [...known.entries()]
      .filter(
        ([id, k]) =>
          k.status !== 'gone' &&
          !seen.has(id) &&
          listed.has(id.slice(0, id.indexOf(':'))) &&
          (!onlyIds || onlyIds.has(id)),
      )
      .map(([id]) => id);
    if (gone.length) await write.markGone(store.db, gone, now);

    const { checkUnchecked } = await import('../crawl/crawl.ts');
    await checkUnchecked(store, await this.checksFor(wave));
    await deleteRunIfEmpty(store, wave.runId);
    const changed = rows.filter((r) => r.outcome === 'new' || r.outcome === 'changed').map((r) => r.repo_id);
    const { refreshStoredMetrics } = await import('../metrics/stored.ts');
    await refreshStoredMetrics(store, loaded, { changed });

    const stats = waveStats(rows, sources, gone.length, Date.now() - Date.parse(wave.createdAt));
    await crawlQ.finishCrawl(store.db, job.crawlId, 'done', stats);
    await this.db
      .updateTable('crawl_waves')
      .set({ finished_at: now })
      .where('crawl_id', '=', job.crawlId)
      .execute();
    this.checks.delete(job.crawlId);
    this.sources.delete(job.crawlId);
    await notifyCrawlFinished(store, this.opts.storeSchema, job.crawlId);
  }

  /** A job that failed its last retry: its error becomes a finding (repo) or a problem (source). */
  async dead(job: AgoraJob): Promise<void> {
    const { store } = this.opts;
    const now = new Date().toISOString();
    if (job.kind === 'repo') {
      const row = await this.db
        .selectFrom('crawl_wave_repos')
        .select(['error', 'outcome'])
        .where('crawl_id', '=', job.crawlId)
        .where('repo_id', '=', job.ref.id)
        .executeTakeFirst();
      if (row?.outcome) return;
      const error = row?.error ?? 'the job failed';
      const findings: Finding[] = [
        {
          code: 'CRAWL_JOB_FAILED',
          severity: 'error',
          message: `the crawl job of this repository failed ${this.opts.loaded.config.crawl.jobRetries + 1} times and was given up: ${error}`,
        },
      ];
      const { recordRepoFailure } = await import('../store/queries/repos-write.ts');
      await recordRepoFailure(store.db, job.ref, job.crawlId, findings, now);
      const waves = await recordRepoOutcome(
        this.db,
        job.ref.id,
        { outcome: 'failed', commitsAdded: 0, findings, error },
        now,
      );
      await this.maybeFinish(waves.length ? waves : [job.crawlId]);
    } else if (job.kind === 'list') {
      await this.db
        .updateTable('crawl_wave_sources')
        .set({
          state: 'failed',
          problems: JSON.stringify([
            { path: job.source, code: 'SOURCE_FAILED', message: 'the listing job failed its last retry' },
          ]),
        })
        .where('crawl_id', '=', job.crawlId)
        .where('source', '=', job.source)
        .where('state', '=', 'pending')
        .execute();
      await this.maybeFinish([job.crawlId]);
    } else if (job.kind === 'finish') {
      const crawlQ = await import('../store/queries/crawl.ts');
      await crawlQ.finishCrawl(store.db, job.crawlId, 'failed', {
        error: 'the finishing job failed its last retry',
      });
      await this.db
        .updateTable('crawl_waves')
        .set({ finished_at: now })
        .where('crawl_id', '=', job.crawlId)
        .execute();
      await notifyCrawlFinished(store, this.opts.storeSchema, job.crawlId);
    }
  }
}

/** The summary stored on the crawl's row: the same counters `agora crawl` reports in-process. */
function waveStats(
  rows: {
    outcome: string | null;
    commits_added: number;
    findings: string | null;
    error: string | null;
    repo_id: string;
  }[],
  sources: { source: string; state: string; problems: string | null }[],
  gone: number,
  ms: number,
) {
  const repos = { new: 0, changed: 0, unchanged: 0, failed: 0 };
  let commitsAdded = 0;
  let findings = 0;
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const codes = new Map<string, FindingCount>();
  const failed: { id: string; message: string }[] = [];
  for (const r of rows) {
    if (r.outcome && r.outcome in repos) repos[r.outcome as keyof typeof repos]++;
    commitsAdded += Number(r.commits_added);
    if (r.outcome === 'failed') failed.push({ id: r.repo_id, message: r.error ?? 'failed' });
    for (const f of JSON.parse(r.findings ?? '[]') as { code: string; severity: Severity; n: number }[]) {
      findings += f.n;
      bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + f.n;
      const key = `${f.severity}\u0000${f.code}`;
      const c = codes.get(key) ?? { code: f.code, severity: f.severity, repos: 0 };
      c.repos++;
      codes.set(key, c);
    }
  }
  const findingCodes = [...codes.values()].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      b.repos - a.repos ||
      (a.code < b.code ? -1 : 1),
  );
  const problems = sources.flatMap((s) => JSON.parse(s.problems ?? '[]') as unknown[]);
  return {
    ...repos,
    gone,
    total: rows.length,
    commitsAdded,
    findings,
    findingsBySeverity: bySeverity,
    findingCodes,
    problems,
    failedRepos: failed.slice(0, 100),
    ms,
  };
}

async function knownRepo(store: Store, id: string) {
  const row = await store.db
    .selectFrom('repos')
    .select((eb) => ['head_sha', 'status', eb('facts', 'is not', null).as('crawled')])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { headSha: row.head_sha, status: row.status, crawled: Boolean(row.crawled) } : undefined;
}

/** Drops the wave's check run when it holds no result (nothing changed), as an in-process crawl does. */
async function deleteRunIfEmpty(store: Store, runId: number): Promise<void> {
  const used = await store.db
    .selectFrom('check_readiness')
    .select('run_id')
    .where('run_id', '=', runId)
    .limit(1)
    .executeTakeFirst();
  if (used) return;
  await store.db.deleteFrom('check_rules').where('run_id', '=', runId).execute();
  await store.db.deleteFrom('check_runs').where('id', '=', runId).execute();
}

/** Tells every portal on this database that a crawl finished (they reload their catalogue). */
export async function notifyCrawlFinished(store: Store, storeSchema: string | null, crawlId: number) {
  const { sql } = await import('kysely');
  await sql`select pg_notify(${CRAWLS_CHANNEL}, ${`${storeSchema ?? ''}:${crawlId}`})`.execute(store.db);
}

/** Appends problems to a wave source's JSON list in one statement (repo jobs and the listing add to it). */
function appendProblems(problems: readonly SourceProblem[]) {
  return sql<string>`(coalesce(problems::jsonb, '[]'::jsonb) || ${JSON.stringify(problems)}::jsonb)::text`;
}

/** Whether a source reads its repos' issues and pull requests (a forge source without `items: false`). */
function itemsOn(source: Source): boolean {
  return isForgeSource(source) && source.items() !== null;
}

function isForgeSource(source: Source): source is ForgeSource {
  return typeof (source as Partial<ForgeSource>).registerClone === 'function';
}

/** Where a repo job keeps its item listing's validators (`forge_http_cache.source`): one set per repo. */
function itemsCacheKey(ref: RepoRef): string {
  return `items:${ref.id}`;
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host || null;
  } catch {
    return null;
  }
}

export function messageOf(err: unknown): string {
  return redactSecrets(err instanceof Error ? err.message : String(err));
}
