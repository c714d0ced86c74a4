// Evaluates the standards for stored repos (all, or those a crawl changed) and stores the results as one
// check run, so the portal can show compliance per repo, per rule, per team and over time.

import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import { prepareSubjectMarkdown } from './rules/helpers.ts';
import { loadRuleset } from './ruleset/load.ts';
import type { CheckReport, Ruleset } from './ruleset/types.ts';
import { runChecks } from './runner.ts';
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

/** Loads the ruleset the config names (relative paths resolve against the config's folder). */
export function rulesetFor(loaded: LoadedConfig, ref?: string): Ruleset {
  return loadRuleset(ref ?? loaded.config.standards.ruleset, ref ? process.cwd() : resolve(loaded.baseDir));
}

/** Re-evaluates stored repos against the ruleset without re-crawling, and stores one check run. */
export async function evaluateStoredRepos(
  store: Store,
  loaded: LoadedConfig,
  opts: EvaluateOptions = {},
): Promise<EvaluateResult> {
  const q = await import('../store/queries/checks.ts');
  const ruleset = rulesetFor(loaded, opts.ruleset);
  const repos = await q.checkableRepos(store.db, opts.repoIds);
  const orgRepos = await q.orgDefaultRepos(store.db);
  const orgIds = orgRepos.map((r) => r.id);
  const files = await q.storedFiles(store.db, [...new Set([...repos.map((r) => r.id), ...orgIds])]);
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const reports: CheckReport[] = [];
  const skipped: EvaluateResult['skipped'] = [];
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
    // README parsed in the render pool first, so the synchronous rules neither block nor hang on it.
    await prepareSubjectMarkdown(subject);
    reports.push(runChecks(subject, ruleset, { overrides: loaded.config.standards.overrides, now }));
  }
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
