// Evaluates the standards for stored repos (all, or those a crawl changed) and stores the results as one
// check run, so the portal can show compliance per repo, per rule, per team and over time.

import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import type { Db } from '../store/queries/shared.ts';
import { prepareSubjectMarkdown } from './rules/helpers.ts';

import { promiseOf } from './rules/responsiveness.ts';
import { compiledBuiltin } from './ruleset/builtin.ts';

import type { CheckReport, Ruleset } from './ruleset/types.ts';
import { runChecks } from './runner.ts';
import type { CheckSubject } from './subject.ts';
import { orgDefaultsFor, subjectFromStored } from './subject-from-store.ts';

export interface EvaluateOptions {
  repoIds?: string[];
  crawlId?: number;
  /** Ruleset reference overriding the config's `standards.ruleset`. */
  ruleset?: string;
  /** Store the results (default true). */
  save?: boolean;
  now?: number;
}

export interface EvaluateResult {
  runId: number | null;
  ruleset: Ruleset;
  reports: CheckReport[];
  /** Repos that could not be evaluated because they were never crawled successfully. */
  skipped: { id: string; name: string; reason: string }[];
}

/**
 * Loads the ruleset the config names (relative paths resolve against the config's folder). A built-in one
 * comes pre-loaded from the build; only a ruleset file loads the YAML parser and zod to validate it.
 */
export async function rulesetFor(loaded: LoadedConfig, ref?: string): Promise<Ruleset> {
  const name = ref ?? loaded.config.standards.ruleset;
  const compiled = compiledBuiltin(name);
  if (compiled) return compiled;
  const { loadRuleset } = await import('./ruleset/load.ts');
  return loadRuleset(name, ref ? process.cwd() : resolve(loaded.baseDir));
}

/** Re-evaluates stored repos against the ruleset without re-crawling, and stores one check run. */
export async function evaluateStoredRepos(
  store: Store,
  loaded: LoadedConfig,
  opts: EvaluateOptions = {},
): Promise<EvaluateResult> {
  const q = await import('../store/queries/checks.ts');
  const ruleset = await rulesetFor(loaded, opts.ruleset);
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const { reports, skipped } = await evaluate(store.db, loaded, ruleset, opts.repoIds, now);
  let runId: number | null = null;
  if (opts.save !== false && reports.length > 0) {
    runId = await q.saveCheckRun(store.db, {
      crawlId: opts.crawlId ?? null,
      ruleset: ruleset.name,
      evaluatedAt: new Date(now * 1000).toISOString(),
      reports,
    });
  }
  return { runId, ruleset, reports, skipped };
}

/** Evaluates stored repos (all, or `repoIds`) as `db` sees them: a transaction sees its own writes. */
async function evaluate(
  db: Db,
  loaded: LoadedConfig,
  ruleset: Ruleset,
  repoIds: string[] | undefined,
  now: number,
): Promise<{ reports: CheckReport[]; skipped: EvaluateResult['skipped'] }> {
  const q = await import('../store/queries/checks.ts');
  // Stored innersource.json/catalog-info texts are read by rules too: every parser and library is loaded.
  await import('../analyse/manifests/all-parsers.ts');
  const repos = await q.checkableRepos(db, repoIds);
  const orgRepos = await q.orgDefaultRepos(db);
  const orgIds = orgRepos.map((r) => r.id);
  const files = await q.storedFiles(db, [...new Set([...repos.map((r) => r.id), ...orgIds])]);
  const reports: CheckReport[] = [];
  const skipped: EvaluateResult['skipped'] = [];
  const subjects: CheckSubject[] = [];
  for (const repo of repos) {
    const org = orgDefaultsFor(repo, orgRepos);
    const subject = subjectFromStored(
      repo,
      files.get(repo.id) ?? new Map(),
      org ? { repo: org, files: files.get(org.id) ?? new Map() } : null,
    );
    if (!subject) {
      skipped.push({ id: repo.id, name: repo.name, reason: 'never crawled successfully: no facts stored' });
      continue;
    }
    subjects.push(subject);
  }
  // Forge numbers only where a rule compares them with a promise.
  const comparing = ruleset.rules.some((r) => r.check.type === 'response-promise')
    ? subjects.filter((s) => promiseOf(s) !== null).map((s) => s.repo.id)
    : [];
  // Loaded here, not at the top: it reads the store, which `agora check DIR` never opens.
  const { responsivenessOf } = await import('./responsiveness-source.ts');
  const responsiveness = await responsivenessOf(db, loaded, comparing, now);
  for (const subject of subjects) {
    subject.responsiveness = responsiveness.get(subject.repo.id) ?? null;
    // README parsed in the render pool first, so the synchronous rules neither block nor hang on it.
    await prepareSubjectMarkdown(subject);
    reports.push(runChecks(subject, ruleset, { overrides: loaded.config.standards.overrides, now }));
  }
  return { reports, skipped };
}

/**
 * The standards as a crawl evaluates them: one check run for the crawl, filled repo by repo inside the
 * transaction that saves each repo's crawl (`evaluateInto`), so a killed crawl never leaves facts without
 * their results. An organisation-defaults repo (`.github`) re-evaluates, in its own transaction, every
 * repo it provides defaults for: the results never depend on the order repos were crawled in.
 */
export interface CrawlChecks {
  /** Evaluates `repoId` (and its dependants, for a `.github` repo) in `trx` and adds them to the crawl's run. */
  evaluateInto(trx: Db, repoId: string, name?: string): Promise<void>;
  /** Drops the run again when the crawl evaluated nothing. */
  finish(): Promise<void>;
}

/** Loads the ruleset once for a crawl and creates its check run (before any repo's transaction holds the store). */
export async function crawlChecks(
  store: Store,
  loaded: LoadedConfig,
  crawlId: number,
  now = Math.floor(Date.now() / 1000),
  /** The run to add to (a crawl spread over workers shares the run its wave created); absent: a new run. */
  existingRunId?: number,
): Promise<CrawlChecks> {
  const q = await import('../store/queries/checks.ts');
  const ruleset = await rulesetFor(loaded);
  const evaluatedAt = new Date(now * 1000).toISOString();
  let runId = existingRunId;
  if (runId === undefined) {
    // Left over by a crawl killed between creating its run and storing the first result.
    await q.deleteEmptyCheckRuns(store.db);
    runId = await q.createCheckRun(store.db, { crawlId, ruleset: ruleset.name, evaluatedAt });
  }
  const run = runId;
  return {
    async evaluateInto(trx, repoId, name) {
      // One evaluation at a time, each reading after the previous one committed: concurrent repos on
      // PostgreSQL could otherwise miss a `.github` saved at the same moment (and it miss them).
      await q.lockCheckRun(trx, run);
      const ids = [repoId];
      // Only an organisation-defaults repo has dependants (its name, when the caller knows it, spares a query).
      const [self] = name === undefined || name === '.github' ? await q.checkableRepos(trx, [repoId]) : [];
      if (self?.name === '.github') {
        for (const other of await q.checkableRepos(trx)) {
          if (other.id !== repoId && orgDefaultsFor(other, [self]) === self) ids.push(other.id);
        }
      }
      const { reports } = await evaluate(trx, loaded, ruleset, ids, now);
      await q.addCheckReports(trx, { runId: run, crawlId, ruleset: ruleset.name, evaluatedAt, reports });
    },
    async finish() {
      await q.deleteEmptyCheckRuns(store.db);
    },
  };
}
