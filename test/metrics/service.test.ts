// The metrics service on a fixture organisation whose every number is computed by hand below, on SQLite and
// PostgreSQL: owners with each provenance, a person who changed teams, alias merges, bots, cross-team
// commits, a cross-ecosystem (Maven ↔ Gradle, PEP 503) re-use cycle, and bad team setups.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommitRecord, OwnerFact, PackageFact } from '../../src/analyse/facts.ts';
import type { CheckReport } from '../../src/checks/ruleset/types.ts';
import { configSchema, type LoadedConfig } from '../../src/config/schema.ts';
import {
  orgRollup,
  repoMetrics,
  reuseGraph,
  teamDetail,
  teamSummaries,
  teamWarnings,
} from '../../src/metrics/service.ts';
import { saveCheckRun } from '../../src/store/queries/checks.ts';
import { saveRepoCrawl } from '../../src/store/queries/repos-write.ts';
import { describeEachStore, emptyStore } from '../helpers/stores.ts';
import { makeFacts, makeRef } from '../store/fixtures.ts';

const NOW = new Date('2025-01-01T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
/** Unix seconds `days` days before NOW. */
const t = (days: number) => NOW_S - days * 86_400;

let sha = 0;
function commits(email: string, days: number[], opts: { bot?: boolean; name?: string } = {}): CommitRecord[] {
  return days.map((d) => ({
    sha: (++sha).toString(16).padStart(40, '0'),
    parents: 1,
    authorName: opts.name ?? email.split('@')[0],
    authorEmail: email,
    authorTime: t(d),
    committerTime: t(d),
    filesChanged: 1,
    additions: 1,
    deletions: 0,
    isBot: opts.bot ?? false,
  }));
}

const pkg = (ecosystem: PackageFact['ecosystem'], name: string, role: PackageFact['role']): PackageFact => ({
  ecosystem,
  name,
  role,
  manifest: 'manifest',
});
const codeowner = (owner: string, catchAll: boolean): OwnerFact => ({
  owner,
  kind: 'team',
  source: 'codeowners',
  pattern: catchAll ? '*' : 'docs/*',
  catchAll,
});

function fixtureConfig(dir: string, teams?: unknown): LoadedConfig {
  writeFileSync(
    join(dir, 'aliases.mailmap'),
    '# org-wide aliases\nAnn <ann@payments.example.com> <Ann.Old@Gmail.com>\n',
  );
  const config = configSchema.parse({
    aliases: 'aliases.mailmap',
    bots: ['ci-robot@example.com'],
    teams: teams ?? {
      payments: {
        members: ['*@payments.example.com', { email: 'carol@example.com', until: '2024-10-01' }],
        repos: ['pay-*'],
        handles: ['@acme/payments-team'],
      },
      platform: {
        name: 'Platform',
        members: ['dave@platform.example.com', { email: 'carol@example.com', since: '2024-10-01' }],
        handles: ['@acme/platform'],
      },
      data: { members: ['erin@data.example.com', '*@ghost.example.com'], handles: ['@acme/data-eng'] },
    },
  });
  return { config, file: join(dir, 'agora.yaml'), baseDir: dir };
}

async function seed(db: Parameters<typeof saveRepoCrawl>[0]) {
  const docs = [{ kind: 'contributing' as const, path: 'CONTRIBUTING.md', size: 10 }];
  const repos = [
    {
      name: 'pay-api',
      owners: [],
      packages: [
        pkg('npm', '@acme/pay-client', 'publishes'),
        pkg('maven', 'com.acme:ledger-core', 'consumes'),
      ],
      commits: [
        ...commits('ann@payments.example.com', [10, 20, 40, 100]),
        ...commits('ann.old@gmail.com', [5, 200]),
        ...commits('dave@platform.example.com', [15, 60]),
        ...commits('carol@example.com', [120, 25]),
        ...commits('dependabot[bot]@users.noreply.github.com', [3, 4, 6], {
          bot: true,
          name: 'dependabot[bot]',
        }),
        ...commits('ci-robot@example.com', [7]),
        ...commits('zed@example.com', [50]),
      ],
    },
    {
      name: 'ledger',
      owners: [
        {
          owner: 'group:default/platform',
          kind: 'group',
          source: 'catalog-info',
          catchAll: false,
        } as OwnerFact,
      ],
      packages: [
        pkg('gradle', 'com.acme:ledger-core', 'publishes'),
        pkg('npm', '@acme/pay-client', 'consumes'),
        pkg('pypi', 'Acme_Utils', 'consumes'),
      ],
      commits: [
        ...commits('dave@platform.example.com', [2, 30, 80]),
        ...commits('erin@data.example.com', [45]),
      ],
    },
    {
      name: 'analytics',
      owners: [codeowner('@acme/data-eng', true), codeowner('@acme/ghosts', false)],
      packages: [pkg('pypi', 'acme-utils', 'publishes')],
      commits: [...commits('erin@data.example.com', [12, 300]), ...commits('ann@payments.example.com', [35])],
    },
    {
      name: 'tools',
      owners: [],
      packages: [],
      commits: [
        ...commits('dave@platform.example.com', [100, 150]),
        ...commits('ann@payments.example.com', [20]),
        ...commits('zed@example.com', [10, 11, 12]),
      ],
    },
    {
      name: 'legacy',
      owners: [codeowner('@acme/legacy-team', true)],
      packages: [],
      commits: [...commits('zed@example.com', [400]), ...commits('ann@payments.example.com', [300])],
    },
  ];
  for (const r of repos) {
    await saveRepoCrawl(db, {
      ref: makeRef(r.name, { description: 'short' }),
      head: 'f'.repeat(40),
      branch: 'main',
      facts: makeFacts({ owners: r.owners, packages: r.packages, docs, innersource: null, findings: [] }),
      files: [],
      commits: r.commits,
      findings: [],
      crawlId: 1,
      now: NOW.toISOString(),
    });
  }
}

describeEachStore('metrics service on a hand-computed organisation', (getStore) => {
  const dir = mkdtempSync(join(tmpdir(), 'agora-metrics-'));
  const loaded = fixtureConfig(dir);

  beforeAll(async () => {
    await emptyStore(getStore());
    await seed(getStore().db);
  });

  it('computes pay-api: declared owner, windows, alias merge, bots, a person who changed teams', async () => {
    const m = await repoMetrics(getStore(), loaded, 'local:pay-api', { now: NOW });
    expect(m.owner).toMatchObject({
      team: 'payments',
      provenance: 'declared',
      origin: 'config',
      detail: 'teams.payments.repos: pay-*',
      inferred: false,
    });
    // Humans: ann 4 + alias 2 = 6, dave 2, carol 2 (t120 in payments, t25 in platform), zed 1 = 11. Bots: 3 + 1.
    const [w30, w90, w365] = m.windows;
    expect(w30).toMatchObject({
      days: 30,
      commits: 5,
      botCommits: 4,
      activeContributors: 3,
      newContributors: 0,
      outsideCommits: 2,
      outsideShare: 0.4,
      outsideContributors: 2,
      outsideTeams: 1,
      busFactor: 1,
      elephantFactor: 1,
    });
    expect(w90).toMatchObject({
      commits: 8,
      botCommits: 4,
      activeContributors: 4,
      newContributors: 2,
      outsideCommits: 4,
      outsideShare: 0.5,
      outsideContributors: 3,
      outsideTeams: 1,
      busFactor: 2,
      elephantFactor: 2,
    });
    expect(w365).toMatchObject({
      commits: 11,
      botCommits: 4,
      activeContributors: 4,
      newContributors: 4,
      outsideCommits: 4,
      outsideShare: 4 / 11,
      outsideContributors: 3,
      outsideTeams: 1,
      busFactor: 1,
      elephantFactor: 1,
    });
    expect(m.contributorsByTeam).toEqual([
      { team: 'payments', name: 'payments', outside: false, commits: 7, contributors: 2 },
      { team: 'platform', name: 'Platform', outside: true, commits: 3, contributors: 2 },
      { team: null, name: 'unaffiliated', outside: true, commits: 1, contributors: 1 },
    ]);
    // No forge; updated 3 days ago (a bot commit), created 200 days ago, 8 human commits in 13 weeks,
    // CONTRIBUTING present, short description: 50 × 1.97 + (1000 − 3 × 2.74) × 165/365 + 100 − 50 → 597.
    expect(m.activity.score).toBe(597);
    expect(m.weekly).toHaveLength(52);
    expect(m.weekly.reduce((a, w) => a + w.commits, 0)).toBe(11);
    expect(m.dependencies).toEqual([
      {
        repoId: 'local:ledger',
        name: 'ledger',
        team: 'platform',
        packages: [{ ecosystem: 'maven', name: 'com.acme:ledger-core' }],
        crossTeam: true,
      },
    ]);
    expect(m.dependents.map((d) => [d.repoId, d.crossTeam])).toEqual([['local:ledger', true]]);
  });

  it('finds each owner provenance', async () => {
    const owner = async (name: string) => (await repoMetrics(getStore(), loaded, name, { now: NOW })).owner;
    expect(await owner('ledger')).toMatchObject({
      team: 'platform',
      provenance: 'declared',
      origin: 'catalog-info',
    });
    expect(await owner('analytics')).toMatchObject({
      team: 'data',
      provenance: 'codeowners',
      detail: '@acme/data-eng',
    });
    expect(await owner('tools')).toMatchObject({
      team: 'platform',
      provenance: 'inferred',
      inferred: true,
      detail: '2 of 6 commits in the last 12 months',
    });
    const legacy = await repoMetrics(getStore(), loaded, 'legacy', { now: NOW });
    expect(legacy.owner).toMatchObject({
      team: '@acme/legacy-team',
      provenance: 'codeowners',
      undefinedHandle: true,
    });
    // An owner with no known members: outside share cannot be measured.
    expect(legacy.windows[2]).toMatchObject({ commits: 1, outsideShare: null });
  });

  it('rolls up the organisation', async () => {
    const r = await orgRollup(getStore(), loaded, { now: NOW });
    expect(r).toMatchObject({
      windowDays: 90,
      repos: 5,
      // pay-api, ledger, analytics, tools (legacy's owner has no members).
      reposWithOutsideContributions: 4,
      shareWithOutsideContributions: 0.8,
      // dave, carol (after her move), erin, ann.
      crossTeamContributors: 4,
      reuseEdges: 3,
      crossTeamReuseEdges: 3,
    });
    expect(r.series).toHaveLength(12);
    expect(r.series[0].month).toBe('2024-02');
    expect(r.series.find((p) => p.month === '2024-12')).toEqual({
      month: '2024-12',
      repos: 5,
      reposWithOutsideContributions: 2,
      shareWithOutsideContributions: 0.4,
      crossTeamContributors: 3,
      crossTeamReuseEdges: 3,
      shareMeetingBaseStandard: null,
    });
  });

  it('follows the share meeting the base standard month by month from stored check runs', async () => {
    const db = getStore().db;
    const report = (repo: string, level: string | null) =>
      ({
        repo: { id: `local:${repo}` },
        results: [],
        readiness: { level, next: null },
        summary: { pass: 0, fail: 0, errors: 0, warnings: 0, notEvaluated: 0 },
      }) as unknown as CheckReport;
    const run = (evaluatedAt: string, reports: CheckReport[]) =>
      saveCheckRun(db, { crawlId: null, ruleset: 'innersource-base', evaluatedAt, reports });
    try {
      await run('2024-11-15T00:00:00Z', [
        report('pay-api', 'bronze'),
        report('ledger', null),
        report('analytics', 'none'),
      ]);
      // A crawl re-checks only what changed: ledger reaches silver, the others keep their November results.
      await run('2024-12-20T00:00:00Z', [report('ledger', 'silver')]);
      // After NOW: must not count.
      await run('2025-02-01T00:00:00Z', [report('analytics', 'gold'), report('tools', 'gold')]);
      const r = await orgRollup(getStore(), loaded, { now: NOW });
      const share = (month: string) => r.series.find((p) => p.month === month)?.shareMeetingBaseStandard;
      expect(share('2024-10')).toBeNull();
      expect(share('2024-11')).toBeCloseTo(1 / 3, 10);
      expect(share('2024-12')).toBeCloseTo(2 / 3, 10);
      expect(share('2025-01')).toBeCloseTo(2 / 3, 10);
      expect(r.shareMeetingBaseStandard).toBeCloseTo(2 / 3, 10);
      // As of a later day, the February run counts: 4 of the 4 checked repos.
      const later = await orgRollup(getStore(), loaded, { now: new Date('2025-02-10T00:00:00Z') });
      expect(later.shareMeetingBaseStandard).toBe(1);
    } finally {
      await db.deleteFrom('check_readiness').execute();
      await db.deleteFrom('check_rules').execute();
      await db.deleteFrom('check_results').execute();
      await db.deleteFrom('check_runs').execute();
    }
  });

  it('rolls up the same from lean groups (bucket edges for times, no names) as from full ones', async () => {
    // At 13:37 the window, 365-day and `now + 1` edges fall inside days, 97 minutes after the fixture's
    // commits (12:00): with a window of d days the commits of day d lie just outside it, those of day d - 1
    // inside, so a group given a time on the wrong side of an edge changes the counts. The second `now` has
    // commits after it (carol's t(25) alone in her bucket), which count in no span.
    const nows = [new Date(NOW.getTime() + 97 * 60_000), new Date((t(26) + 97 * 60) * 1000)];
    const windows = [
      1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 15, 20, 25, 26, 30, 35, 45, 50, 60, 80, 90, 100, 120, 300,
    ];
    const counts = new Set<string>();
    for (const windowDays of windows) {
      const r = await orgRollup(getStore(), loaded, { now: nows[0], windowDays, lean: false });
      counts.add(`${r.reposWithOutsideContributions}/${r.crossTeamContributors}`);
    }
    // The edges do move commits in and out of the window (else the comparison below would prove little).
    expect(counts.size).toBeGreaterThan(4);

    // Carol moves teams at 09:00 on the day of her t(25) commit: a team breakpoint inside a day, between
    // that commit and the edges before it.
    const moveAt = new Date((t(25) - 3 * 3600) * 1000).toISOString();
    const moved = fixtureConfig(dir, {
      payments: {
        members: ['*@payments.example.com', { email: 'carol@example.com', until: moveAt }],
        repos: ['pay-*'],
      },
      platform: { members: ['dave@platform.example.com', { email: 'carol@example.com', since: moveAt }] },
      data: { members: ['erin@data.example.com'], handles: ['@acme/data-eng'] },
    });
    const noBots = { ...loaded, config: { ...loaded.config, bots: [] } };
    // A bot known by its name only (zed's commits are named `zed`): lean groups must then read names.
    const botByName = { ...loaded, config: { ...loaded.config, bots: ['zed'] } };
    for (const now of nows) {
      for (const [name, config] of Object.entries({ fixture: loaded, moved, noBots, botByName })) {
        for (const windowDays of windows) {
          const lean = await orgRollup(getStore(), config, { now, windowDays });
          const full = await orgRollup(getStore(), config, { now, windowDays, lean: false });
          expect(lean, `${name} config, now ${now.toISOString()}, ${windowDays} days`).toEqual(full);
        }
      }
    }
  });

  it('builds the re-use graph across ecosystems and reports the cycle', async () => {
    const g = await reuseGraph(getStore(), loaded, { now: NOW });
    expect(g.edges.map((e) => `${e.from}->${e.to}`)).toEqual([
      'local:ledger->local:analytics',
      'local:ledger->local:pay-api',
      'local:pay-api->local:ledger',
    ]);
    expect(g.cycles).toEqual([['local:ledger', 'local:pay-api']]);
    expect(g.nodes.find((n) => n.id === 'local:ledger')).toMatchObject({ dependencies: 2, dependents: 1 });
    const data = await reuseGraph(getStore(), loaded, { team: 'data', now: NOW });
    expect(data.edges).toHaveLength(1);
  });

  it('summarises teams and reports setup problems', async () => {
    const teams = await teamSummaries(getStore(), loaded, { now: NOW });
    const byId = Object.fromEntries(teams.map((x) => [x.id, x]));
    expect(byId.payments).toMatchObject({
      members: 2,
      ownedRepos: 1,
      commits: 10,
      commitsToOtherTeams: 3,
      outsideCommitsReceived: 4,
    });
    expect(byId.platform).toMatchObject({
      members: 2,
      ownedRepos: 2,
      commits: 8,
      commitsToOtherTeams: 3,
      outsideCommitsReceived: 5,
    });
    expect(byId.data).toMatchObject({
      members: 1,
      ownedRepos: 1,
      commits: 3,
      commitsToOtherTeams: 1,
      outsideCommitsReceived: 1,
    });
    expect(byId['@acme/legacy-team']).toMatchObject({ defined: false, ownedRepos: 1 });

    const detail = await teamDetail(getStore(), loaded, 'platform', { now: NOW });
    expect(detail.owns.map((o) => [o.repoId, o.provenance])).toEqual([
      ['local:ledger', 'declared'],
      ['local:tools', 'inferred'],
    ]);
    expect(detail.contributesTo).toEqual([
      { repoId: 'local:pay-api', name: 'pay-api', owner: 'payments', commits: 3, contributors: 2 },
    ]);
    expect(detail.outsideContributors.map((c) => [c.identity, c.team, c.repoId, c.commits])).toEqual([
      ['zed@example.com', null, 'local:tools', 3],
      ['ann@payments.example.com', 'payments', 'local:tools', 1],
      ['erin@data.example.com', 'data', 'local:ledger', 1],
    ]);

    const warnings = await teamWarnings(getStore(), loaded, { now: NOW });
    expect(warnings.map((w) => [w.code, w.member ?? w.handle])).toEqual([
      ['TEAM_GLOB_UNMATCHED', '*@ghost.example.com'],
      ['CODEOWNERS_TEAM_UNDEFINED', '@acme/ghosts'],
      ['CODEOWNERS_TEAM_UNDEFINED', '@acme/legacy-team'],
    ]);
  });

  it('rejects a person in two teams at once, naming both', async () => {
    const bad = fixtureConfig(dir, {
      payments: { members: ['*@example.com'] },
      platform: { members: ['carol@example.com'] },
    });
    await expect(repoMetrics(getStore(), bad, 'pay-api', { now: NOW })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/carol@example\.com is in two teams at once: "payments".*"platform"/),
    });
  });
});

describe('unknown repo', () => {
  it('is NOT_FOUND', async () => {
    const { openStore } = await import('../../src/store/db.ts');
    const dir = mkdtempSync(join(tmpdir(), 'agora-metrics-'));
    const store = await openStore({ url: `sqlite:${join(dir, 'a.db')}`, dataDir: dir });
    try {
      await expect(repoMetrics(store, fixtureConfig(dir), 'nope')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    } finally {
      await store.close();
    }
  });
});
