// The crawl: list every source's repositories, and for each one whose HEAD moved read a snapshot and the new
// commits, analyse them and store the result, with its standards results, in one transaction. A broken
// repository becomes findings for that repository; the crawl goes on and nothing stored earlier is lost.
// An unavailable database is no repository's fault: the crawl stops with STORE_FAILED.

import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { CommitRecord, Finding, Severity } from '../analyse/facts.ts';
import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError, redactSecrets } from '../errors.ts';
import { readHeadFromFiles } from '../git/head-fast.ts';
import { packBytes } from '../git/history-ranges.ts';
import { refreshStoredMetrics } from '../metrics/stored.ts';
import type { ForgeWait } from '../sources/forge/http.ts';
import type { RepoRef, Source, SourceProblem } from '../sources/source.ts';
import type { Store } from '../store/db.ts';
import type { KnownRepo } from '../store/queries/repos-write.ts';
import { commitBatch } from './commit-batch.ts';
import { ForgeCrawlState } from './forge-state.ts';
import { holderIsDead, thisHolder } from './holder.ts';
import { runPool } from './pool.ts';
import { isStoreUnavailable, retryStoreWrite, storeFailed } from './store-errors.ts';

export { holderIsDead } from './holder.ts';

/**
 * A history read whole from packs of at least this size is split into revision ranges read by parallel git
 * processes (one `git log` is otherwise the floor of a long first crawl), each range at least
 * SPLIT_MIN_CHAIN first-parent commits long; smaller repos never pay for the first-parent walk that splits.
 */
const SPLIT_PACK_BYTES = 4 * 1024 * 1024;
const SPLIT_MIN_CHAIN = 2_000;

export type RepoOutcome = 'new' | 'changed' | 'unchanged' | 'failed';

export interface CrawlProgress {
  phase: 'listing' | 'crawling' | 'waiting' | 'finishing';
  done: number;
  total: number | null;
  repo?: string;
  outcome?: RepoOutcome;
  /** phase 'waiting': a forge host's rate limit or back-off, until when. */
  wait?: ForgeWait;
}

/** How many repos got a finding of one code in this crawl. */
export interface FindingCount {
  code: string;
  severity: Severity;
  repos: number;
}

export interface CrawlSummary {
  crawlId: number;
  repos: { new: number; changed: number; unchanged: number; failed: number; gone: number; total: number };
  commitsAdded: number;
  findings: number;
  /** Findings of the repos this crawl read, by severity. */
  findingsBySeverity: Record<Severity, number>;
  /** The same findings by code (most severe first, then most repos), for "what went wrong where". */
  findingCodes: FindingCount[];
  problems: SourceProblem[];
  failed: { id: string; message: string }[];
  ms: number;
}

export interface CrawlOptions {
  loaded: LoadedConfig;
  store: Store;
  /** Crawl these folders instead of the configured sources. */
  paths?: string[];
  onProgress?: (p: CrawlProgress) => void;
  signal?: AbortSignal;
  /** Holder name for the crawl lock; defaults to host:pid. */
  holder?: string;
  /**
   * Crawl only these repos (a webhook's): of the named sources, the listed repos `repo` accepts; only the
   * stored repos `ids` may be marked gone (a repo deleted on the forge).
   */
  only?: { sources: string[]; repo: (ref: RepoRef) => boolean; ids: string[] };
}

/** Crawls every configured source (or `paths`) into the store. Throws CRAWL_LOCKED if another crawl runs. */
export async function runCrawl(opts: CrawlOptions): Promise<CrawlSummary> {
  const started = Date.now();
  const { loaded, store } = opts;
  const { config } = loaded;
  const dataDir = resolve(loaded.baseDir, config.dataDir);
  const holder = opts.holder ?? thisHolder();
  const crawlQ = await import('../store/queries/crawl.ts');
  const write = await import('../store/queries/repos-write.ts');
  const { sourcesFromConfig, sourcesFromPaths } = await import('../sources/registry.ts');

  const only = opts.only;
  const sources: Source[] = (
    opts.paths?.length ? sourcesFromPaths(opts.paths) : sourcesFromConfig(loaded)
  ).filter((s) => !only || only.sources.includes(s.name));
  if (sources.length === 0) {
    throw new AgoraError(
      'USAGE',
      'nothing to crawl: give folders (`agora crawl PATH…`) or add sources to agora.yaml',
    );
  }

  // The lock first, then the crawl's row: a row is 'running' only while its holder holds the lock. Taking
  // the lock records the crawls a killed process left 'running' as 'interrupted'.
  let crawlId: number;
  try {
    let lock = await crawlQ.acquireCrawlLock(store.db, holder, null);
    if (!lock.ok && holderIsDead(lock.holder)) {
      // A crawl on this machine was killed: its lock is stale at once, no need to wait for the heartbeat to age.
      await crawlQ.releaseCrawlLock(store.db, lock.holder);
      lock = await crawlQ.acquireCrawlLock(store.db, holder, null);
    }
    crawlId = await crawlQ.startCrawl(store.db, holder);
    if (!lock.ok) {
      await crawlQ.finishCrawl(store.db, crawlId, 'failed', { reason: 'locked' });
      throw new AgoraError(
        'CRAWL_LOCKED',
        `another crawl (${lock.holder}) is running on this database since ${lock.since}; wait for it to finish`,
      );
    }
    await crawlQ.acquireCrawlLock(store.db, holder, crawlId);
  } catch (err) {
    throw isStoreUnavailable(err) ? storeFailed(err) : err;
  }
  const beat = setInterval(() => void crawlQ.heartbeat(store.db, holder).catch(() => {}), 20_000);
  beat.unref();

  const summary: CrawlSummary = {
    crawlId,
    repos: { new: 0, changed: 0, unchanged: 0, failed: 0, gone: 0, total: 0 },
    commitsAdded: 0,
    findings: 0,
    findingsBySeverity: { error: 0, warning: 0, info: 0 },
    findingCodes: [],
    problems: [],
    failed: [],
    ms: 0,
  };
  const codes = new Map<string, FindingCount>();
  try {
    const known = await write.knownRepos(store.db);
    const { crawlChecks } = await import('../checks/service.ts');
    const checks = await crawlChecks(store, loaded, crawlId);
    const ctx = new RepoCrawler(loaded, store, dataDir, crawlId, checks);
    await ctx.init();
    const forge = await ForgeCrawlState.load(store);
    const concurrency = config.crawl.concurrency ?? defaultConcurrency();
    const seen = new Set<string>();
    const listedSources = new Set<string>();
    const unchanged: string[] = [];
    const changedIds: string[] = [];
    let done = 0;

    for (const source of sources) {
      const problems: SourceProblem[] = [];
      let listingFailed = false;
      const httpCache = await forge.httpCache(source);
      const refs = (async function* () {
        try {
          for await (const listed of source.list({
            signal: opts.signal,
            onProblem: (p) => problems.push(p),
            httpCache,
            onWait: (w) => opts.onProgress?.({ phase: 'waiting', done, total: null, wait: w }),
          })) {
            const ref = forge.resolve(listed);
            if (only && !only.repo(ref)) continue;
            if (seen.has(ref.id)) continue;
            seen.add(ref.id);
            yield ref;
          }
        } catch (err) {
          listingFailed = true;
          problems.push({ path: source.name, code: 'SOURCE_FAILED', message: (err as Error).message });
        }
      })();
      await runPool(refs, concurrency, async (ref) => {
        if (opts.signal?.aborted) return;
        const before = known.get(ref.id);
        const { result, problem } = await crawlListedRepo({
          store,
          crawler: ctx,
          checks,
          source,
          ref,
          before,
          probedUnchanged: forge.unchangedByProbe(ref, before),
          bots: config.bots,
          signal: opts.signal,
        });
        if (problem) problems.push(problem);
        forge.listedRepo(ref, result.outcome !== 'failed');
        if (result.outcome === 'unchanged') unchanged.push(ref.id);
        else if (result.outcome !== 'failed') changedIds.push(ref.id);
        summary.repos[result.outcome]++;
        summary.commitsAdded += result.commitsAdded;
        summary.findings += result.findings.length;
        countFindings(summary, codes, result.findings);
        if (result.error) summary.failed.push({ id: ref.id, message: result.error });
        done++;
        opts.onProgress?.({ phase: 'crawling', done, total: null, repo: ref.id, outcome: result.outcome });
      });
      summary.problems.push(...problems);
      await forge.saveHttpCache(httpCache, !listingFailed && !opts.signal?.aborted);
      if (!listingFailed && !opts.signal?.aborted) listedSources.add(source.name);
    }
    await ctx.close();
    await retryStoreWrite(() => forge.finish());
    // A renamed or transferred repo's mirror follows its new clone URL (no re-clone, no dead copy on disk).
    await forge.relocateMirrors(dataDir);

    const now = new Date().toISOString();
    if (unchanged.length) await write.touchUnchanged(store.db, unchanged, now);
    // A repo that disappeared from a source that listed fine is marked gone; its data stays.
    const gone = [...known.entries()]
      .filter(
        ([id, k]) =>
          k.status !== 'gone' &&
          !seen.has(id) &&
          listedSources.has(id.slice(0, id.indexOf(':'))) &&
          (!only || only.ids.includes(id)),
      )
      .map(([id]) => id);
    if (gone.length) await write.markGone(store.db, gone, now);
    summary.repos.gone = gone.length;
    summary.repos.total = seen.size;

    opts.onProgress?.({ phase: 'finishing', done, total: done });
    // Repos whose facts have no results at all (stored by a version that checked after the crawl and was
    // killed in between) are checked now; repos saved by this version carry their results already.
    await checkUnchecked(store, checks);
    await checks.finish();
    summary.findingCodes = [...codes.values()].sort(
      (a, b) =>
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        b.repos - a.repos ||
        (a.code < b.code ? -1 : 1),
    );
    // Stored per-repo metrics for the project pages (never fails the crawl).
    if (!opts.signal?.aborted) await refreshStoredMetrics(store, loaded, { changed: changedIds });
    summary.ms = Date.now() - started;
    await crawlQ.finishCrawl(
      store.db,
      crawlId,
      opts.signal?.aborted ? 'interrupted' : 'done',
      summaryStats(summary),
    );
    return summary;
  } catch (err) {
    await crawlQ
      .finishCrawl(store.db, crawlId, 'failed', { error: redactSecrets(String(err)) })
      .catch(() => {});
    throw isStoreUnavailable(err) ? storeFailed(err) : err;
  } finally {
    clearInterval(beat);
    await crawlQ.releaseCrawlLock(store.db, holder).catch(() => {});
  }
}

/**
 * One listed repo's crawl, the same in-process and in a queue worker's repo job: its changed issues and pull
 * requests first (they move without a push; read before the repo is saved and checked, so its checks — the
 * response promise — see this crawl's numbers), then its git unless the forge's push time said nothing moved,
 * and, when git did not move but items did, its stored checks re-evaluated. `itemsCache`: the conditional
 * requests' validators when the source's listing is not in this process (a worker's job).
 */
export async function crawlListedRepo(opts: {
  store: Store;
  crawler: RepoCrawler;
  checks: import('../checks/service.ts').CrawlChecks;
  /** The repo's source (undefined: no longer configured; its git is crawled all the same). */
  source: Source | undefined;
  ref: RepoRef;
  before: KnownRepo | undefined;
  probedUnchanged: boolean;
  bots: LoadedConfig['config']['bots'];
  signal: AbortSignal | undefined;
  itemsCache?: import('../sources/forge/http.ts').HttpCache;
}): Promise<{ result: RepoResult; problem: SourceProblem | null }> {
  const { store, ref, before, checks } = opts;
  const itemRun = await ingestItems(store, opts.source, ref, opts.bots, opts.signal, opts.itemsCache);
  const result: RepoResult = opts.probedUnchanged
    ? { outcome: 'unchanged', commitsAdded: 0, findings: [] }
    : await opts.crawler.crawlRepo(ref, before);
  // A repo whose git did not move is not saved again: changed items re-evaluate its stored checks.
  if (result.outcome === 'unchanged' && itemRun.items > 0 && before) {
    const { inTransaction } = await import('../store/queries/shared.ts');
    await retryStoreWrite(() => inTransaction(store.db, (trx) => checks.evaluateInto(trx, ref.id)));
  }
  return { result, problem: itemRun.problem };
}

/** Reads a forge repo's changed issues and PRs: how many were stored, and a problem (partial run, forge failure). */
async function ingestItems(
  store: Store,
  source: Source | undefined,
  ref: RepoRef,
  bots: LoadedConfig['config']['bots'],
  signal: AbortSignal | undefined,
  cache: import('../sources/forge/http.ts').HttpCache | undefined,
): Promise<{ items: number; problem: SourceProblem | null }> {
  const items = (source as Partial<import('../sources/forge/source.ts').ForgeSource> | undefined)?.items?.(
    cache,
  );
  if (!items || !ref.forge?.id || signal?.aborted) return { items: 0, problem: null };
  const { ingestRepoItems } = await import('./forge-items.ts');
  const { makeLoginBotTest } = await import('../metrics/forge-people.ts');
  const result = await retryStoreWrite(() =>
    ingestRepoItems({
      db: store.db,
      repoId: ref.id,
      repo: { fullName: ref.fullName, forgeId: ref.forge?.id as string, hasIssues: ref.forge?.hasIssues },
      client: items.client,
      maxPages: items.maxPages,
      timeBudgetMs: items.timeBudgetMs,
      isBotLogin: makeLoginBotTest(bots),
      source: ref.source,
      signal,
    }),
  );
  return {
    items: result.items,
    problem: result.problem
      ? { path: ref.id, code: result.problem.code, message: result.problem.message }
      : null,
  };
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Adds one repo's findings to the crawl's counts (a code counts once per repo). */
export function countFindings(
  summary: CrawlSummary,
  codes: Map<string, FindingCount>,
  findings: readonly Finding[],
) {
  const mine = new Set<string>();
  for (const f of findings) {
    summary.findingsBySeverity[f.severity]++;
    const key = `${f.severity}\u0000${f.code}`;
    if (mine.has(key)) continue;
    mine.add(key);
    const c = codes.get(key) ?? { code: f.code, severity: f.severity, repos: 0 };
    c.repos++;
    codes.set(key, c);
  }
}

/** Evaluates, each in its own transaction, the repos whose stored facts no check run ever evaluated. */
export async function checkUnchecked(
  store: Store,
  checks: import('../checks/service.ts').CrawlChecks,
): Promise<void> {
  const q = await import('../store/queries/checks.ts');
  const { inTransaction } = await import('../store/queries/shared.ts');
  for (const id of await q.uncheckedRepoIds(store.db)) {
    await inTransaction(store.db, (trx) => checks.evaluateInto(trx, id));
  }
}

export function summaryStats(s: CrawlSummary) {
  return {
    ...s.repos,
    commitsAdded: s.commitsAdded,
    findings: s.findings,
    findingsBySeverity: s.findingsBySeverity,
    ms: s.ms,
  };
}

export interface RepoResult {
  outcome: RepoOutcome;
  commitsAdded: number;
  /** The findings stored for the repo by this crawl (none when unchanged). */
  findings: Finding[];
  error?: string;
}

/** Crawls one repository at a time; holds what every repo's crawl shares (config, modules, bot matcher). */
export class RepoCrawler {
  private mods!: {
    head: typeof import('../git/head.ts');
    build: typeof import('../snapshot/build.ts');
    commits: typeof import('../snapshot/commits.ts');
    analyse: typeof import('../analyse/index.ts');
    wanted: typeof import('../analyse/wanted.ts');
    bots: typeof import('../analyse/bots.ts');
    write: typeof import('../store/queries/repos-write.ts');
    documents: typeof import('../render/documents.ts');
    markdown: typeof import('../checks/rules/helpers.ts');
  };

  constructor(
    private readonly loaded: LoadedConfig,
    private readonly store: Store,
    private readonly dataDir: string,
    private readonly crawlId: number,
    private readonly checks: import('../checks/service.ts').CrawlChecks,
  ) {}

  async init(): Promise<void> {
    this.mods = {
      head: await import('../git/head.ts'),
      build: await import('../snapshot/build.ts'),
      commits: await import('../snapshot/commits.ts'),
      analyse: await import('../analyse/index.ts'),
      wanted: await import('../analyse/wanted.ts'),
      bots: await import('../analyse/bots.ts'),
      write: await import('../store/queries/repos-write.ts'),
      documents: await import('../render/documents.ts'),
      markdown: await import('../checks/rules/helpers.ts'),
    };
  }

  async close(): Promise<void> {}

  /** Saves a repo's crawl with its standards results, in one transaction (retried if the store hiccups). */
  private save(input: Omit<import('../store/queries/repos-write.ts').SaveRepoCrawlInput, 'derive'>) {
    return retryStoreWrite(() =>
      this.mods.write.saveRepoCrawl(this.store.db, {
        ...input,
        derive: (trx) => this.checks.evaluateInto(trx, input.ref.id, input.ref.name),
      }),
    );
  }

  async crawlRepo(ref: RepoRef, before: KnownRepo | undefined): Promise<RepoResult> {
    const { config } = this.loaded;
    const timeoutMs = config.crawl.gitTimeoutSeconds * 1000;
    const findings: Finding[] = [];
    const now = () => new Date().toISOString();
    // A repo that was gone and came back is re-read in full (its stored head may be stale).
    const lastHead = before?.status === 'active' ? before.headSha : null;
    const unchanged: RepoResult = { outcome: 'unchanged', commitsAdded: 0, findings: [] };
    try {
      // HEAD from the repo's files when they are plain (most local repos): no git process for an unchanged
      // repo, and fewer for a changed one (each spawn costs milliseconds of the crawl's main thread).
      const fileHead = ref.location.kind === 'local' ? await readHeadFromFiles(ref.location.path) : null;
      if (fileHead && lastHead && fileHead.sha === lastHead) return unchanged;
      let gitDir: string;
      let blobless = false;
      if (fileHead) {
        gitDir = fileHead.gitDir;
      } else if (ref.location.kind === 'local') {
        const dir = await this.mods.head.resolveGitDir(ref.location.path);
        if (!dir) throw new AgoraError('GIT_FAILED', `${ref.location.path} is not a readable git repository`);
        gitDir = dir;
      } else {
        // Loaded on the first remote repo only (it loads node:crypto, ~30 ms a start a local crawl need not pay).
        const { ensureMirror } = await import('../git/mirror.ts');
        const m = await ensureMirror(ref.location.url, this.dataDir, {
          timeoutMs,
          branch: ref.defaultBranch,
        });
        gitDir = m.gitDir;
        blobless = true;
      }
      const head = fileHead
        ? { sha: fileHead.sha as string | null, branch: fileHead.branch }
        : await this.mods.head.readHead(gitDir);
      if (head.sha !== null && head.sha === lastHead) return unchanged;
      // Still empty since a crawl stored it empty: nothing to re-read.
      if (head.sha === null && before?.status === 'active' && before.crawled && before.headSha === null)
        return unchanged;
      const outcome: RepoOutcome = before ? 'changed' : 'new';
      if (head.sha === null) {
        findings.push({ code: 'EMPTY_REPO', severity: 'warning', message: 'the repository has no commits' });
        await this.save({
          ref,
          head: null,
          branch: head.branch,
          facts: this.mods.analyse.emptyFacts(),
          files: [],
          commits: [],
          findings,
          crawlId: this.crawlId,
          now: now(),
        });
        return { outcome, commitsAdded: 0, findings };
      }

      const { snapshot, findings: snapFindings } = await this.mods.build.buildSnapshot({
        repoId: ref.id,
        name: ref.name,
        gitDir,
        head: head.sha,
        isWanted: this.mods.wanted.isWantedFile,
        select: (tree) => this.mods.wanted.selectWantedFiles(tree, config.crawl),
        keepBinary: this.mods.wanted.isImageFile,
        maxFileBytes: config.crawl.maxFileBytes,
        timeoutMs,
        blobless,
        url: ref.location.kind === 'remote' ? ref.location.url : undefined,
      });
      // Nothing readable at all: is HEAD's commit itself missing? Then this is a failure, and the data stored
      // by earlier crawls must stay as it is (asked only here, to spare a git process per repo).
      if (
        snapshot.tree.length === 0 &&
        !(await this.mods.head.commitExists(gitDir, head.sha, { timeoutMs }))
      ) {
        throw new AgoraError('GIT_FAILED', `HEAD points at ${head.sha}, a commit that is missing or corrupt`);
      }
      findings.push(...snapFindings);
      const facts = this.mods.analyse.analyseSnapshot(snapshot, config.crawl);
      findings.push(...facts.findings);
      // Documents to HTML in the render pool, under its budget: one over budget is a finding, shown as plain text.
      // The README's outline comes from the same parse and is kept for the standards rules, which then neither
      // parse it again nor wait for a render worker inside the transaction that saves the repo. The history is
      // read meanwhile: git works while a render worker does (findings keep their order: documents', then history's).
      const branch = head.branch ?? ref.defaultBranch ?? null;
      const rendering = this.mods.documents.renderRepoDocuments(
        { id: ref.id, webUrl: ref.webUrl ?? null, branch },
        facts,
        snapshot.files,
        { readmeOutlineMaxChars: this.mods.markdown.MAX_MARKDOWN_CHARS },
      );
      const historyFindings: Finding[] = [];
      const history = this.readHistory(ref, gitDir, head.sha, lastHead, {
        timeoutMs,
        blobless,
        tree: snapshot.tree,
        findings: historyFindings,
      });
      const [docsRun, historyRun] = await Promise.allSettled([rendering, history]);
      if (docsRun.status === 'rejected') throw docsRun.reason;
      const docs = docsRun.value;
      findings.push(...docs.findings);
      if (docs.readmeOutline)
        this.mods.markdown.rememberParsedMarkdown(docs.readmeOutline.text, docs.readmeOutline.outline);
      findings.push(...historyFindings);
      if (historyRun.status === 'rejected') throw historyRun.reason;
      const { batch, keepShas, commitsAdded } = historyRun.value;
      await this.save({
        ref: { ...ref, defaultBranch: ref.defaultBranch ?? head.branch ?? undefined },
        head: head.sha,
        branch: head.branch,
        facts,
        files: [...snapshot.files.values()],
        commits: batch,
        replaceHistory: keepShas ? { keepShas } : undefined,
        findings,
        crawlId: this.crawlId,
        now: now(),
        documents: docs.documents,
      });
      return { outcome, commitsAdded, findings };
    } catch (err) {
      // The database going away is not this repo's fault: stop the crawl instead of blaming the repo.
      if (isStoreUnavailable(err)) throw storeFailed(err);
      const message = redactSecrets(err instanceof Error ? err.message : String(err));
      findings.push({
        code: err instanceof AgoraError ? err.code : 'CRAWL_FAILED',
        severity: 'error',
        message: `crawl failed: ${message}`,
      });
      await retryStoreWrite(() =>
        this.mods.write.recordRepoFailure(this.store.db, ref, this.crawlId, findings, now()),
      );
      return { outcome: 'failed', commitsAdded: 0, findings, error: message };
    }
  }

  /**
   * Reads the repo's new commits (all of them on a first crawl, or when history was rewritten), writing full
   * batches as they come; returns the last, partial batch for the save, and the shas to keep on a rewrite.
   */
  private async readHistory(
    ref: RepoRef,
    gitDir: string,
    headSha: string,
    lastHead: string | null,
    opts: {
      timeoutMs: number;
      blobless: boolean;
      tree: readonly { path: string; type: string; size: number | null }[];
      findings: Finding[];
    },
  ): Promise<{ batch: CommitRecord[]; keepShas: Set<string> | null; commitsAdded: number }> {
    const { config } = this.loaded;
    const { timeoutMs, blobless, findings } = opts;
    const now = () => new Date().toISOString();
    // Incremental history: append what is new since the last crawled HEAD, unless history was rewritten.
    let since: string | null = null;
    let rewritten = false;
    if (lastHead) {
      if (await this.mods.head.isAncestor(gitDir, lastHead, headSha)) since = lastHead;
      else rewritten = true;
    }
    const keepShas = rewritten ? new Set<string>() : null;
    const split =
      since === null && (await packBytes(gitDir)) >= SPLIT_PACK_BYTES
        ? { ranges: historyRanges(), minChainPerRange: SPLIT_MIN_CHAIN }
        : undefined;
    const extraBots = config.bots;
    const classifyBot = (name: string, email: string) => this.mods.bots.isBot(name, email, extraBots);
    let batch: CommitRecord[] = [];
    const batchSize = commitBatch();
    let commitsAdded = 0;
    for await (const c of this.mods.commits.readCommits(gitDir, {
      since,
      head: headSha,
      timeoutMs,
      lineCounts: !blobless,
      mailmapFile: config.aliases ? resolve(this.loaded.baseDir, config.aliases) : undefined,
      // Known from the tree, so no git process asks (a blobless mirror may lack the blob: git is asked).
      mailmapAtHead: blobless ? undefined : mailmapInTree(opts.tree),
      classifyBot,
      onFinding: (f) => findings.push(f),
      split,
    })) {
      batch.push(c);
      keepShas?.add(c.sha);
      if (batch.length >= batchSize) {
        // Creates the row of a repo never stored yet (as not crawled), so a first crawl of a long history works.
        const full = batch;
        await retryStoreWrite(() => this.mods.write.appendCommitBatch(this.store.db, ref, full, now()));
        commitsAdded += batch.length;
        batch = [];
      }
    }
    commitsAdded += batch.length;
    if (await this.mods.head.isShallow(gitDir)) {
      findings.push({
        code: 'HISTORY_TRUNCATED',
        severity: 'warning',
        message:
          'the repository is a shallow clone: history before its shallow boundary is not there, so commit counts and activity are undercounted',
      });
    }
    if (rewritten) {
      findings.push({
        code: 'HISTORY_REWRITTEN',
        severity: 'info',
        message: `HEAD ${headSha.slice(0, 12)} does not descend from the last crawled ${lastHead!.slice(0, 12)}; history re-read`,
      });
    }
    return { batch, keepShas, commitsAdded };
  }
}

/**
 * Repos in flight by default: twice the core count. Git works for one repo while this process parses and
 * stores another's history on its single thread; one repo per core left cores idle (1,000 repos on 2 cores:
 * 100 s at 2 in flight, 92 s at 4).
 */
function defaultConcurrency(): number {
  return Math.max(2, 2 * availableParallelism());
}

/** Ranges a long history is split into: two a core (ranges are uneven; more of them keep every core busy). */
function historyRanges(): number {
  return Math.min(8, 2 * availableParallelism());
}

/**
 * What HEAD's tree says of `.mailmap` in a repo with all its blobs: absent, readable (ls-tree read its size),
 * or unreadable (listed without a size: the blob is missing); anything else (not a file) is left to git.
 */
function mailmapInTree(
  tree: readonly { path: string; type: string; size: number | null }[],
): 'absent' | 'readable' | 'unreadable' | undefined {
  const entry = tree.find((e) => e.path === '.mailmap');
  if (!entry) return 'absent';
  if (entry.type !== 'blob') return undefined;
  return entry.size !== null ? 'readable' : 'unreadable';
}
