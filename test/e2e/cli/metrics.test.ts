// Metrics end to end: real git repositories (a repo `.mailmap`, CODEOWNERS, catalog-info.yaml, package.json
// manifests, bots, a person who changed teams) crawled through the CLI, then `agora metrics`, `agora teams`
// and `agora graph` asserted against numbers computed by hand below, on SQLite and PostgreSQL.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { type Author, type CommitSpec, makeRepo, tmpDir } from '../../helpers/gitdir.ts';

const NOW = '2025-01-01T12:00:00Z';
const NOW_MS = Date.parse(NOW);
/** ISO date `days` days before NOW. */
const ago = (days: number) => new Date(NOW_MS - days * 86_400_000).toISOString();

const ANN = { name: 'Ann Archer', email: 'ann@payments.example.com' };
/** Ann's old address: pay-api's `.mailmap` maps it to ANN. */
const ANN_OLD = { name: 'ann', email: 'Ann.Old@Gmail.com' };
const BOB = { name: 'Bob Baker', email: 'bob@payments.example.com' };
/** In payments until 2024-10-01, in web from then on (agora.yaml). */
const CAROL = { name: 'Carol Chen', email: 'carol@example.com' };
const WES = { name: 'Wes West', email: 'wes@web.example.com' };
const ERIN = { name: 'Erin Evans', email: 'erin@data.example.com' };
const DEPENDABOT = { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' };
const ROBOT = { name: 'CI Robot', email: 'ci-robot@example.com' };

const commit = (author: Author, days: number, files: CommitSpec['files'] = {}): CommitSpec => ({
  author,
  date: ago(days),
  files: { [`log/${days}-${author.email}.txt`]: `${days}\n`, ...files },
});
/** Commits oldest first, the first one carrying the repo's files. */
const history = (files: CommitSpec['files'], commits: CommitSpec[]): CommitSpec[] => {
  const sorted = [...commits].sort((a, b) => Date.parse(a.date as string) - Date.parse(b.date as string));
  sorted[0] = { ...sorted[0], files: { ...sorted[0].files, ...files } };
  return sorted;
};
const packageJson = (name: string, deps: string[]) =>
  `${JSON.stringify({ name, version: '1.0.0', dependencies: Object.fromEntries(deps.map((d) => [d, '^1.0.0'])) }, null, 2)}\n`;

describeEachDatabase('agora metrics, teams and graph on a crawled organisation', (db) => {
  let root: string;
  const cli = (args: string[]) =>
    runCli(['--data-dir', join(root, 'data'), '--json', ...args], { cwd: root, env: db.env() });

  beforeAll(async () => {
    root = await tmpDir('agora-metrics-');
    // pay-api: owned through a CODEOWNERS catch-all; publishes @acme/pay-client, consumes @acme/ui-kit.
    await makeRepo({
      dir: join(root, 'org', 'pay-api'),
      commits: history(
        {
          'package.json': packageJson('@acme/pay-client', ['@acme/ui-kit', 'left-pad']),
          '.github/CODEOWNERS': '* @acme/payments\n',
          '.mailmap': `${ANN.name} <${ANN.email}> <${ANN_OLD.email.toLowerCase()}>\n`,
        },
        [
          commit(BOB, 100),
          commit(CAROL, 120), // payments then: own team
          commit(ANN_OLD, 40), // merged into Ann by the repo's .mailmap
          commit(ANN, 20),
          commit(ANN, 10),
          commit(CAROL, 29), // web by then: outside
          commit(WES, 50),
          commit(WES, 5),
          commit(DEPENDABOT, 3),
          commit(ROBOT, 15), // a bot by the config's list
        ],
      ),
    });
    // ui-kit: declared owner in catalog-info.yaml; consumes @acme/pay-client (a cycle with pay-api).
    await makeRepo({
      dir: join(root, 'org', 'ui-kit'),
      commits: history(
        {
          'package.json': packageJson('@acme/ui-kit', ['@acme/pay-client']),
          'catalog-info.yaml':
            'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ui-kit\nspec:\n  type: library\n  owner: group:web\n',
        },
        [commit(WES, 12), commit(WES, 11), commit(ANN, 13)],
      ),
    });
    // etl: no declared owner: inferred from the last 12 months (data 3 commits, payments 1).
    await makeRepo({
      dir: join(root, 'org', 'etl'),
      commits: history({ 'requirements.txt': 'requests==2.32.0\n' }, [
        commit(ERIN, 22),
        commit(ERIN, 21),
        commit(ERIN, 20),
        commit(ANN, 23),
      ]),
    });
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'sources:',
        '  - type: local',
        '    name: org',
        '    path: org',
        'bots:',
        '  - ci-robot@example.com',
        'teams:',
        '  payments:',
        '    members:',
        "      - '*@payments.example.com'",
        '      - email: carol@example.com',
        "        until: '2024-10-01'",
        '    handles: ["@acme/payments"]',
        '  web:',
        '    members:',
        "      - '*@web.example.com'",
        '      - email: carol@example.com',
        "        since: '2024-10-01'",
        '  data:',
        '    members: [erin@data.example.com]',
        '',
      ].join('\n'),
    );
    const crawl = await cli(['crawl']);
    expect(crawl.stderr).toBe('');
    expect(crawl.code).toBe(0);
    expect(crawl.json.repos).toMatchObject({ new: 3, failed: 0 });
  });

  it('measures one repo: owner, windows, mailmap merge, bots, a person who changed teams', async () => {
    const r = await cli(['metrics', 'pay-api', '--now', NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = r.json;
    expect(m.owner).toMatchObject({ team: 'payments', provenance: 'codeowners', inferred: false });
    const [w30, w90, w365] = m.windows;
    // 30 days: Ann 10, 20; Carol 29 (web by then); Wes 5. Bots: dependabot 3, ci-robot 15.
    expect(w30).toMatchObject({
      days: 30,
      commits: 4,
      botCommits: 2,
      activeContributors: 3,
      outsideCommits: 2,
      outsideShare: 0.5,
      outsideContributors: 2,
      outsideTeams: 1,
    });
    // 90 days: + Ann's old address at 40 (the same person) and Wes 50: Ann 3, Carol 1, Wes 2 of 6.
    // Bus factor: Ann's 3 is not more than half, Ann + Wes is. Elephant: payments 3, web 3 → 2.
    expect(w90).toMatchObject({
      days: 90,
      commits: 6,
      botCommits: 2,
      activeContributors: 3,
      outsideCommits: 3,
      outsideShare: 0.5,
      outsideContributors: 2,
      outsideTeams: 1,
      busFactor: 2,
      elephantFactor: 2,
    });
    // 365 days: + Bob 100 and Carol 120 (payments then): 8 commits, 4 people, 3 outside.
    expect(w365).toMatchObject({
      days: 365,
      commits: 8,
      activeContributors: 4,
      outsideCommits: 3,
      outsideShare: 3 / 8,
      outsideContributors: 2,
      busFactor: 2,
      elephantFactor: 1,
    });
    expect(m.contributorsByTeam).toEqual([
      { team: 'payments', name: 'payments', outside: false, commits: 5, contributors: 3 },
      { team: 'web', name: 'web', outside: true, commits: 3, contributors: 2 },
    ]);
    // Re-use: pay-api consumes ui-kit's package and ui-kit consumes pay-api's, across teams.
    expect(m.dependencies).toMatchObject([{ name: 'ui-kit', team: 'web', crossTeam: true }]);
    expect(m.dependents).toMatchObject([{ name: 'ui-kit', team: 'web', crossTeam: true }]);
  });

  it('measures one repo over windows given on the command line, and rejects bad ones', async () => {
    const r = await cli(['metrics', 'pay-api', '--now', NOW, '--window', '7,45']);
    expect(r.code).toBe(0);
    // 7 days: Wes 5 (outside), dependabot 3. 45 days: Ann 10, 20 and 40 (old address), Carol 29, Wes 5.
    expect(r.json.windows).toMatchObject([
      { days: 7, commits: 1, botCommits: 1, outsideCommits: 1, outsideShare: 1 },
      { days: 45, commits: 5, botCommits: 2, outsideCommits: 2, outsideShare: 0.4, activeContributors: 3 },
    ]);
    for (const args of [
      ['metrics', 'pay-api', '--window', '0'],
      ['metrics', 'pay-api', '--window', '7,,30'],
      ['metrics', '--window', '30,90'],
    ]) {
      const bad = await cli(args);
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.json.error.id).toBe('USAGE');
    }
    const rollup = await cli(['metrics', '--now', NOW, '--window', '30']);
    expect(rollup.json).toMatchObject({ windowDays: 30, reposWithOutsideContributions: 3 });
  });

  it('finds a declared and an inferred owner', async () => {
    const ui = (await cli(['metrics', 'ui-kit', '--now', NOW])).json;
    expect(ui.owner).toMatchObject({ team: 'web', provenance: 'declared', origin: 'catalog-info' });
    expect(ui.windows[1]).toMatchObject({ commits: 3, outsideCommits: 1, outsideContributors: 1 });
    const etl = (await cli(['metrics', 'etl', '--now', NOW])).json;
    expect(etl.owner).toMatchObject({ team: 'data', provenance: 'inferred', inferred: true });
    expect(etl.windows[1]).toMatchObject({ commits: 4, outsideCommits: 1, outsideShare: 0.25 });
  });

  it('rolls up the organisation', async () => {
    const r = await cli(['metrics', '--now', NOW]);
    expect(r.code).toBe(0);
    // 90 days: every repo has an outside commit (Carol and Wes on pay-api, Ann on ui-kit and etl); the
    // cross-team contributors are Carol, Wes and Ann; two re-use edges, both across teams.
    expect(r.json).toMatchObject({
      windowDays: 90,
      repos: 3,
      reposWithOutsideContributions: 3,
      shareWithOutsideContributions: 1,
      crossTeamContributors: 3,
      reuseEdges: 2,
      crossTeamReuseEdges: 2,
    });
    expect(r.json.series).toHaveLength(12);
    // December 2024: Carol (29 days before) and Wes (5) on pay-api; Ann on ui-kit (13) and etl (23).
    expect(r.json.series.at(-2)).toMatchObject({
      month: '2024-12',
      reposWithOutsideContributions: 3,
      crossTeamContributors: 3,
    });
  });

  it('summarises teams and reports no setup problems', async () => {
    const r = await cli(['teams', '--now', NOW]);
    expect(r.code).toBe(0);
    const byId = Object.fromEntries(r.json.teams.map((t: { id: string }) => [t.id, t]));
    // payments people seen in a year: Ann, Bob and Carol (before October); web: Wes and Carol (after).
    expect(byId.payments).toMatchObject({ members: 3, ownedRepos: 1, commits: 7 });
    expect(byId.web).toMatchObject({ members: 2, ownedRepos: 1, commits: 5 });
    expect(byId.data).toMatchObject({ members: 1, ownedRepos: 1, commits: 3 });
    expect(r.json.warnings).toEqual([]);
  });

  it('draws the re-use graph and reports the cycle', async () => {
    const r = await cli(['graph', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.json.nodes.map((n: { name: string }) => n.name).sort()).toEqual(['etl', 'pay-api', 'ui-kit']);
    expect(r.json.edges).toHaveLength(2);
    expect(r.json.cycles).toEqual([['org:pay-api', 'org:ui-kit']]);
  });
});
