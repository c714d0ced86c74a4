// Stored standards results on SQLite and PostgreSQL: saving a check run and the portal's reads (latest results
// with each rule's why and fix, readiness per repo, compliance over time) with exact values; and a crawl that
// checks only the repos it changed, while `agora check --all` re-evaluates stored facts without re-crawling.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport, RuleResult } from '../../src/checks/ruleset/types.ts';
import { evaluateStoredRepos } from '../../src/checks/service.ts';
import { loadConfig } from '../../src/config/load.ts';
import type { LoadedConfig } from '../../src/config/schema.ts';
import { runCrawl } from '../../src/crawl/crawl.ts';
import type { Store } from '../../src/store/db.ts';
import {
  checkRulesOfRun,
  complianceOverTime,
  latestCheckResults,
  readinessByRepo,
  saveCheckRun,
} from '../../src/store/queries/checks.ts';
import { runCli } from '../helpers/cli.ts';
import { addCommits, makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { BARE, COMPLETE, MIT } from './fixtures.ts';

const README: Omit<RuleResult, 'status' | 'message' | 'level'> = {
  id: 'readme',
  title: 'README present',
  why: 'The README is the front door.',
  fix: 'Add a README.md.',
  template: 'readme',
  docs: 'https://example.com/readme',
};
const LICENCE = { id: 'licence', title: 'Licence', why: 'Reuse needs a licence.', fix: 'Add a LICENSE.' };
const CI = {
  id: 'ci-tests',
  title: 'CI runs tests',
  why: 'Guests need fast feedback.',
  fix: 'Add a CI job.',
};

function report(repoId: string, results: RuleResult[], readiness: CheckReport['readiness']): CheckReport {
  const summary = { pass: 0, fail: 0, notApplicable: 0, notEvaluated: 0, errors: 0, warnings: 0, infos: 0 };
  for (const r of results) {
    if (r.status === 'pass') summary.pass++;
    else if (r.status === 'not-applicable') summary.notApplicable++;
    else if (r.status === 'not-evaluated') summary.notEvaluated++;
    else {
      summary.fail++;
      if (r.level === 'error') summary.errors++;
      if (r.level === 'warning') summary.warnings++;
      if (r.level === 'info') summary.infos++;
    }
  }
  return {
    repo: { id: repoId, name: repoId.slice(repoId.indexOf(':') + 1) },
    ruleset: 'team',
    results,
    readiness,
    summary,
  };
}

describeEachStore('check results store', (getStore) => {
  it('reads nothing from an empty store', async () => {
    const db = getStore().db;
    expect(await latestCheckResults(db)).toEqual([]);
    expect(await readinessByRepo(db)).toEqual([]);
    expect(await complianceOverTime(db)).toEqual([]);
    expect(await checkRulesOfRun(db)).toEqual([]);
  });

  it('saves runs and reads the latest results, readiness and compliance over time', async () => {
    const db = getStore().db;
    const run1 = await saveCheckRun(db, {
      crawlId: 7,
      ruleset: 'team',
      evaluatedAt: '2024-03-05T10:00:00.000Z',
      reports: [
        report(
          'local:a',
          [
            { ...README, level: 'error', status: 'pass', message: 'README.md' },
            { ...LICENCE, level: 'error', status: 'fail', message: 'no licence\u0000file' },
            {
              ...CI,
              level: 'warning',
              status: 'not-evaluated',
              message: 'not evaluated',
              reason: 'the tree is not stored',
            },
          ],
          { level: 'bronze', next: { level: 'silver', missing: ['licence'] } },
        ),
        report(
          'local:b',
          [
            { ...README, level: 'error', status: 'pass', message: 'from .github', inherited: true },
            { ...LICENCE, level: 'error', status: 'pass', message: 'MIT' },
            { ...CI, level: 'warning', status: 'fail', message: 'no CI' },
          ],
          { level: 'silver', next: null },
        ),
        report(
          'local:c',
          [
            { ...README, level: 'error', status: 'fail', message: 'no README' },
            { ...LICENCE, level: 'error', status: 'not-applicable', message: 'n/a', reason: 'archived' },
            { ...CI, level: 'warning', status: 'pass', message: 'ci.yml' },
          ],
          { level: null, next: { level: 'bronze', missing: ['readme'] } },
        ),
      ],
    });
    // A later run re-evaluates only `a`, with a reworded licence rule and ci-tests switched off for it.
    const run2 = await saveCheckRun(db, {
      crawlId: null,
      ruleset: 'team',
      evaluatedAt: '2024-04-01T08:30:00.000Z',
      reports: [
        report(
          'local:a',
          [
            { ...README, level: 'error', status: 'pass', message: 'README.md' },
            {
              ...LICENCE,
              why: 'Nobody may reuse unlicensed code.',
              level: 'error',
              status: 'pass',
              message: 'MIT',
            },
            {
              ...CI,
              level: 'off',
              status: 'not-evaluated',
              message: 'not evaluated',
              reason: 'switched off for this repository: monorepo CI',
              override: { from: 'warning', reason: 'monorepo CI' },
            },
          ],
          { level: 'silver', next: null },
        ),
      ],
    });
    expect(run2).toBeGreaterThan(run1);

    const row = (
      runId: number,
      crawlId: number | null,
      evaluatedAt: string,
      repoId: string,
      rule: { id: string; title: string; why: string; fix: string; template?: string; docs?: string },
      rest: { level: string; status: string; message: string; reason?: string; inherited?: boolean },
    ) => ({
      runId,
      crawlId,
      repoId,
      ruleId: rule.id,
      title: rule.title,
      level: rest.level,
      status: rest.status,
      message: rest.message,
      reason: rest.reason ?? null,
      inherited: rest.inherited ?? false,
      why: rule.why,
      fix: rule.fix,
      template: rule.template ?? null,
      docs: rule.docs ?? null,
      ruleset: 'team',
      evaluatedAt,
    });
    const t1 = '2024-03-05T10:00:00.000Z';
    const t2 = '2024-04-01T08:30:00.000Z';
    const latestA = [
      row(run2, null, t2, 'local:a', CI, {
        level: 'off',
        status: 'not-evaluated',
        message: 'not evaluated',
        reason: 'switched off for this repository: monorepo CI',
      }),
      row(
        run2,
        null,
        t2,
        'local:a',
        { ...LICENCE, why: 'Nobody may reuse unlicensed code.' },
        {
          level: 'error',
          status: 'pass',
          message: 'MIT',
        },
      ),
      row(run2, null, t2, 'local:a', README, { level: 'error', status: 'pass', message: 'README.md' }),
    ];
    const latestB = [
      row(run1, 7, t1, 'local:b', CI, { level: 'warning', status: 'fail', message: 'no CI' }),
      row(run1, 7, t1, 'local:b', LICENCE, { level: 'error', status: 'pass', message: 'MIT' }),
      row(run1, 7, t1, 'local:b', README, {
        level: 'error',
        status: 'pass',
        message: 'from .github',
        inherited: true,
      }),
    ];
    const latestC = [
      row(run1, 7, t1, 'local:c', CI, { level: 'warning', status: 'pass', message: 'ci.yml' }),
      row(run1, 7, t1, 'local:c', LICENCE, {
        level: 'error',
        status: 'not-applicable',
        message: 'n/a',
        reason: 'archived',
      }),
      row(run1, 7, t1, 'local:c', README, { level: 'error', status: 'fail', message: 'no README' }),
    ];
    expect(await latestCheckResults(db)).toEqual([...latestA, ...latestB, ...latestC]);
    expect(await latestCheckResults(db, 'local:b')).toEqual(latestB);
    expect(await latestCheckResults(db, 'local:nope')).toEqual([]);

    // The NUL of an untrusted message is stored as U+FFFD on both databases.
    const oldA = await db
      .selectFrom('check_results')
      .select('message')
      .where('run_id', '=', run1)
      .where('repo_id', '=', 'local:a')
      .where('rule_id', '=', 'licence')
      .executeTakeFirstOrThrow();
    expect(oldA.message).toBe('no licence\uFFFDfile');

    expect(await readinessByRepo(db)).toEqual([
      {
        repoId: 'local:a',
        runId: run2,
        level: 'silver',
        nextLevel: null,
        missing: [],
        passed: 2,
        failed: 0,
        errors: 0,
        warnings: 0,
        notEvaluated: 1,
      },
      {
        repoId: 'local:b',
        runId: run1,
        level: 'silver',
        nextLevel: null,
        missing: [],
        passed: 2,
        failed: 1,
        errors: 0,
        warnings: 1,
        notEvaluated: 0,
      },
      {
        repoId: 'local:c',
        runId: run1,
        level: null,
        nextLevel: 'bronze',
        missing: ['readme'],
        passed: 1,
        failed: 1,
        errors: 1,
        warnings: 0,
        notEvaluated: 0,
      },
    ]);

    expect(await complianceOverTime(db)).toEqual([
      {
        runId: run1,
        crawlId: 7,
        evaluatedAt: t1,
        ruleset: 'team',
        repos: 3,
        compliant: 1,
        levels: { bronze: 1, silver: 1, none: 1 },
      },
      {
        runId: run2,
        crawlId: null,
        evaluatedAt: t2,
        ruleset: 'team',
        repos: 1,
        compliant: 1,
        levels: { silver: 1 },
      },
    ]);

    // The rules of a run, with the ruleset's level (before the per-repo override).
    const rule = (runId: number, r: typeof CI & { template?: string; docs?: string }, level: string) => ({
      runId,
      id: r.id,
      title: r.title,
      level,
      why: r.why,
      fix: r.fix,
      template: r.template ?? null,
      docs: r.docs ?? null,
    });
    expect(await checkRulesOfRun(db)).toEqual([
      rule(run2, CI, 'warning'),
      rule(run2, { ...LICENCE, why: 'Nobody may reuse unlicensed code.' }, 'error'),
      rule(run2, README, 'error'),
    ]);
    expect(await checkRulesOfRun(db, run1)).toEqual([
      rule(run1, CI, 'warning'),
      rule(run1, LICENCE, 'error'),
      rule(run1, README, 'error'),
    ]);
    const runs = await db.selectFrom('check_runs').selectAll().orderBy('id').execute();
    expect(
      runs.map((r) => [Number(r.id), r.crawl_id === null ? null : Number(r.crawl_id), Number(r.repo_count)]),
    ).toEqual([
      [run1, 7, 3],
      [run2, null, 1],
    ]);
  });
});

/** Two repos under `org/`: one with every base document, one bare; a config pointing at them. */
async function fixtureOrg(): Promise<{ dir: string; loaded: LoadedConfig; ledger: string; bare: string }> {
  const dir = await tmpDir('agora-check-store-');
  const ledger = await makeRepo({ dir: join(dir, 'org', 'ledger'), commits: [{ files: COMPLETE }] });
  const bare = await makeRepo({ dir: join(dir, 'org', 'bare'), commits: [{ files: BARE }] });
  await writeFile(
    join(dir, 'agora.yaml'),
    'dataDir: data\nsources:\n  - type: local\n    name: local\n    path: org\n    maxDepth: 1\nstandards:\n  ruleset: innersource-base\n',
  );
  const loaded = await loadConfig({ file: join(dir, 'agora.yaml'), cwd: dir });
  return { dir, loaded, ledger, bare };
}

async function counts(store: Store) {
  const n = async (table: 'check_runs' | 'crawls') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { runs: await n('check_runs'), crawls: await n('crawls') };
}

function statusesOf(results: Awaited<ReturnType<typeof latestCheckResults>>, repoId: string) {
  return Object.fromEntries(results.filter((r) => r.repoId === repoId).map((r) => [r.ruleId, r.status]));
}

/** innersource-base on the stored ledger (every document) and bare (nothing) repos, as a crawl stores them. */
const STORED_LEDGER = {
  readme: 'pass',
  'readme-substantive': 'pass',
  'readme-getting-started': 'pass',
  'readme-contributing': 'pass',
  'readme-getting-involved': 'pass',
  'readme-who-we-are': 'pass',
  contributing: 'pass',
  'contributing-covers': 'pass',
  'response-promise': 'not-evaluated',
  ownership: 'pass',
  communication: 'pass',
  licence: 'pass',
  'ci-tests': 'pass',
  'tests-present': 'pass',
  'innersource-json': 'pass',
};
const STORED_BARE = {
  readme: 'fail',
  'readme-substantive': 'fail',
  'readme-getting-started': 'fail',
  'readme-contributing': 'fail',
  'readme-getting-involved': 'fail',
  'readme-who-we-are': 'fail',
  contributing: 'fail',
  'contributing-covers': 'not-applicable',
  'response-promise': 'not-evaluated',
  ownership: 'fail',
  communication: 'fail',
  licence: 'fail',
  'ci-tests': 'fail',
  'tests-present': 'fail',
  'innersource-json': 'not-applicable',
};

describeEachStore(
  'a crawl checks the repos it changed; check --all re-evaluates without crawling',
  (getStore) => {
    it('stores one check run per crawl for changed repos only, and one per --all', async () => {
      const store = getStore();
      const { loaded, bare } = await fixtureOrg();

      const first = await runCrawl({ loaded, store });
      expect(first.repos).toMatchObject({ new: 2, failed: 0 });
      expect(await counts(store)).toEqual({ runs: 1, crawls: 1 });
      const [run1] = await complianceOverTime(store.db);
      expect(run1).toMatchObject({
        crawlId: first.crawlId,
        ruleset: 'innersource-base',
        repos: 2,
        compliant: 1,
      });
      let latest = await latestCheckResults(store.db);
      expect(statusesOf(latest, 'local:ledger')).toEqual(STORED_LEDGER);
      expect(statusesOf(latest, 'local:bare')).toEqual(STORED_BARE);
      // Every stored result explains itself with the ruleset's texts.
      for (const r of latest) {
        expect(r.why, r.ruleId).toMatch(/\w{3,}.*\w/);
        expect(r.fix, r.ruleId).toMatch(/\w{3,}.*\w/);
        expect(r.title, r.ruleId).not.toBe('');
      }
      expect(latest.find((r) => r.repoId === 'local:bare' && r.ruleId === 'contributing')?.template).toBe(
        'contributing',
      );

      // Nothing changed: the crawl evaluates nothing and stores no run.
      const second = await runCrawl({ loaded, store });
      expect(second.repos).toMatchObject({ unchanged: 2, new: 0, changed: 0 });
      expect(await counts(store)).toEqual({ runs: 1, crawls: 2 });

      // One repo changed: a run for it alone; the other keeps its results from the first run.
      await addCommits(bare, [{ files: { LICENSE: MIT } }]);
      const third = await runCrawl({ loaded, store });
      expect(third.repos).toMatchObject({ changed: 1, unchanged: 1 });
      expect(await counts(store)).toEqual({ runs: 2, crawls: 3 });
      const points = await complianceOverTime(store.db);
      expect(points[1]).toMatchObject({ crawlId: third.crawlId, repos: 1, compliant: 0 });
      latest = await latestCheckResults(store.db);
      expect(statusesOf(latest, 'local:bare')).toEqual({ ...STORED_BARE, licence: 'pass' });
      expect(new Set(latest.filter((r) => r.repoId === 'local:bare').map((r) => r.runId))).toEqual(
        new Set([points[1].runId]),
      );
      expect(new Set(latest.filter((r) => r.repoId === 'local:ledger').map((r) => r.runId))).toEqual(
        new Set([points[0].runId]),
      );

      // Committed but not crawled: --all sees the stored facts, not the disk, and crawls nothing.
      await addCommits(bare, [{ files: { 'README.md': '# Bare\n' } }]);
      const all = await evaluateStoredRepos(store, loaded);
      expect(all.skipped).toEqual([]);
      expect(all.reports.map((r) => r.repo.id)).toEqual(['local:bare', 'local:ledger']);
      expect(await counts(store)).toEqual({ runs: 3, crawls: 3 });
      const last = (await complianceOverTime(store.db))[2];
      expect(last).toMatchObject({ runId: all.runId, crawlId: null, repos: 2, compliant: 1 });
      latest = await latestCheckResults(store.db);
      expect(statusesOf(latest, 'local:bare')).toEqual({ ...STORED_BARE, licence: 'pass' });
      expect(statusesOf(latest, 'local:ledger')).toEqual(STORED_LEDGER);
      expect(new Set(latest.map((r) => r.runId))).toEqual(new Set([all.runId]));
    });
  },
);

describe('agora check --all through the CLI', () => {
  it('saves a run from stored facts, exits 1 on an error-level failure, and crawls nothing', async () => {
    const { dir, loaded } = await fixtureOrg();
    const { openStore } = await import('../../src/store/db.ts');
    const url = `sqlite:${join(dir, 'data', 'agora.db')}`;
    const store = await openStore({ url, dataDir: join(dir, 'data') });
    try {
      await runCrawl({ loaded, store });
    } finally {
      await store.close();
    }
    const r = await runCli(['check', '--all', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('results saved as check run 2');
    expect(r.json.repos.map((x: { repo: { name: string } }) => x.repo.name)).toEqual(['bare', 'ledger']);
    expect(r.json.repos[1].summary.errors).toBe(0);
    const again = await openStore({ url, dataDir: join(dir, 'data') });
    try {
      expect(await counts(again)).toEqual({ runs: 2, crawls: 1 });
      const points = await complianceOverTime(again.db);
      expect(points.map((p) => [p.runId, p.crawlId === null, p.repos])).toEqual([
        [1, false, 2],
        [2, true, 2],
      ]);
    } finally {
      await again.close();
    }
  });
});
