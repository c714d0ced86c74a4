// Runs every analyser over one snapshot and assembles the repository's facts. An analyser that throws
// becomes an ANALYSER_FAILED finding; the others still run. The manifest readers' XML and TOML parsers must be
// loaded first: ./index.ts registers them all, `agora check` loads those its tree needs (manifests/parsers.ts).

import type { Snapshot } from '../snapshot/snapshot.ts';
import { analyseCi } from './ci.ts';
import { analyseDocs } from './docs.ts';
import type { Finding, RepoFacts } from './facts.ts';
import { capFactsSize } from './facts-cap.ts';
import { analyseHygiene, DEFAULT_LARGE_FILE_BYTES } from './hygiene.ts';
import { analyseLanguages } from './languages.ts';
import { analyseLicence } from './licence.ts';
import { type AnalysisLimits, DEFAULT_LIMITS } from './limits.ts';
import { analyseOwnership } from './ownership.ts';
import { analysePackages } from './packages.ts';
import { responsePromiseFromFiles } from './response-promise.ts';
import { serviceFiles } from './service-files.ts';
import { analyseTests } from './tests.ts';

/** The analysers' settings; `config.crawl` can be passed as it is. */
export interface AnalyseOptions extends Partial<AnalysisLimits> {
  /** Files above this many bytes are reported as large (default 5 MB). */
  largeFileBytes?: number;
}

/** Facts of a repository with nothing in it (also what an empty repository stores). */
export function emptyFacts(): RepoFacts {
  return {
    docs: [],
    languages: [],
    primaryLanguage: null,
    owners: [],
    ci: [],
    tests: { testFiles: 0, testDirs: [], runners: [] },
    packages: [],
    innersource: null,
    catalog: null,
    readme: null,
    license: null,
    largeFiles: [],
    sensitiveFiles: [],
    dependencyUpdater: null,
    fileCount: 0,
    totalBytes: 0,
    findings: [],
  };
}

/** Derives all facts of a repository from its snapshot. Pure: no I/O. */
export function analyseSnapshot(snapshot: Snapshot, opts: AnalyseOptions = {}): RepoFacts {
  const limits: AnalysisLimits = {
    maxManifests: opts.maxManifests ?? DEFAULT_LIMITS.maxManifests,
    maxDependenciesPerManifest: opts.maxDependenciesPerManifest ?? DEFAULT_LIMITS.maxDependenciesPerManifest,
    maxFactsBytes: opts.maxFactsBytes ?? DEFAULT_LIMITS.maxFactsBytes,
  };
  const facts = emptyFacts();
  const findings: Finding[] = [];
  const run = (name: string, step: () => void): void => {
    try {
      step();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      findings.push({
        code: 'ANALYSER_FAILED',
        severity: 'error',
        message: `${name}: ${message.slice(0, 300)}`,
      });
    }
  };

  run('docs', () => {
    const r = analyseDocs(snapshot);
    facts.docs = r.docs;
    facts.readme = r.readme;
    findings.push(...r.findings);
  });
  run('licence', () => {
    facts.license = analyseLicence(snapshot, facts.docs);
  });
  run('languages', () => {
    const r = analyseLanguages(snapshot);
    facts.languages = r.languages;
    facts.primaryLanguage = r.primaryLanguage;
  });
  run('ownership', () => {
    const r = analyseOwnership(snapshot);
    facts.owners = r.owners;
    facts.catalog = r.catalog;
    facts.innersource = r.innersource;
    findings.push(...r.findings);
  });
  run('response promise', () => {
    // Kept only when stated, so the facts of the many repos without a promise stay as they were.
    const promise = responsePromiseFromFiles(snapshot.files, facts.docs);
    if (promise) facts.responsePromise = promise;
  });
  run('ci', () => {
    facts.ci = analyseCi(snapshot);
  });
  run('tests', () => {
    facts.tests = analyseTests(snapshot);
  });
  run('packages', () => {
    const r = analysePackages(snapshot, limits);
    facts.packages = r.packages;
    facts.manifestDescription = r.description;
    findings.push(...r.findings);
  });
  run('service files', () => {
    facts.serviceFiles = serviceFiles(snapshot);
  });
  run('hygiene', () => {
    const r = analyseHygiene(snapshot, opts.largeFileBytes ?? DEFAULT_LARGE_FILE_BYTES);
    facts.largeFiles = r.largeFiles;
    facts.sensitiveFiles = r.sensitiveFiles;
    facts.dependencyUpdater = r.dependencyUpdater;
  });
  run('totals', () => {
    for (const entry of snapshot.tree) {
      if (entry.type !== 'blob') continue;
      facts.fileCount++;
      facts.totalBytes += entry.size ?? 0;
    }
  });
  facts.findings = findings;
  capFactsSize(facts, limits.maxFactsBytes);
  return facts;
}
