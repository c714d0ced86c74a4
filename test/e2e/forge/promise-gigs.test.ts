// Promise versus practice and gigs on the test forge, end to end on SQLite and PostgreSQL: a github source's
// repo promises "pull requests within 1 business day" in CONTRIBUTING; six PRs from outside the owning team
// are answered only after 4 days, so the crawl's standards run fails `response-promise` naming both numbers;
// the other repo promises nothing (not evaluated). Its open issues labelled help wanted are gigs in
// GET /api/v1/gigs; a closed one and a PR with the label are not.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GigPage } from '../../../src/gigs/gigs.ts';
import { latestCheckResults, type StoredCheckResult } from '../../../src/store/queries/checks.ts';
import { installItems } from '../../helpers/forge/items.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { gitdir, tmpDir } from '../../helpers/gitdir.ts';
import { describeEachStore } from '../../helpers/stores.ts';

const TOKEN = 'agora-promise-token';
const HOUR = 3_600_000;
const NOW = Date.now();
const at = (hoursAgo: number) => new Date(NOW - hoursAgo * HOUR).toISOString();

describeEachStore('promise versus practice and gigs on the test forge', (getStore) => {
  let forge: ForgeServer;
  let app: FastifyInstance;
  let results: StoredCheckResult[];
  let recheck: StoredCheckResult[];

  beforeAll(async () => {
    const root = await tmpDir('agora-promise-');
    forge = await startForgeServer({ token: TOKEN });
    const pay = await gitdir(
      {
        'README.md': '# Pay\n\nTalk to us on [Slack](https://acme.slack.com/archives/pay).\n',
        'CONTRIBUTING.md': '# Contributing\n\nWe review pull requests within 1 business day.\n',
        CODEOWNERS: '* @acme/payments\n',
      },
      { dir: join(root, 'forge', 'pay.git'), bare: true },
    );
    const web = await gitdir(
      { 'README.md': '# Web\n', CODEOWNERS: '* @acme/web\n' },
      { dir: join(root, 'forge', 'web.git'), bare: true },
    );
    forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'pay', gitDir: pay });
    forge.add({ id: 2, forge: 'github', owner: 'acme', name: 'web', gitDir: web });
    const items = installItems(forge);
    for (let n = 1; n <= 6; n++) {
      const pr = items.item({
        repo: 1,
        kind: 'pr',
        number: n,
        title: `fix ${n}`,
        author: 'gus',
        createdAt: at(200 - n),
      });
      items.event(pr, { type: 'comment', author: 'pia', at: at(200 - n - 96) });
    }
    items.item({
      repo: 1,
      kind: 'issue',
      number: 20,
      title: 'Add SEPA',
      author: 'pia',
      labels: ['help wanted'],
      createdAt: at(30),
    });
    items.item({
      repo: 1,
      kind: 'issue',
      number: 21,
      title: 'Old one',
      author: 'pia',
      labels: ['help wanted'],
      state: 'closed',
      createdAt: at(40),
      closedAt: at(20),
    });
    items.item({
      repo: 1,
      kind: 'pr',
      number: 22,
      title: 'A PR',
      author: 'pia',
      labels: ['help wanted'],
      createdAt: at(10),
    });
    items.item({
      repo: 2,
      kind: 'issue',
      number: 5,
      title: 'Dark mode',
      author: 'wes',
      labels: ['Good First Issue'],
      createdAt: at(5),
    });

    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - type: github',
        '    name: gh',
        `    url: ${forge.githubApi}`,
        '    orgs: [acme]',
        '    tokenEnv: AGORA_PROMISE_TOKEN',
        '    items: {}',
        'teams:',
        "  payments: { members: [{ login: pia }], handles: ['@acme/payments'] }",
        "  web: { members: [{ login: wes }], handles: ['@acme/web'] }",
        '',
      ].join('\n'),
    );
    process.env.AGORA_PROMISE_TOKEN = TOKEN;
    const { loadConfig } = await import('../../../src/config/load.ts');
    const { runCrawl } = await import('../../../src/crawl/crawl.ts');
    const { buildApp } = await import('../../../src/server/app.ts');
    const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
    const store = getStore();
    const summary = await runCrawl({ loaded, store });
    expect(summary.repos.failed).toBe(0);
    // The crawl ingests a repo's items before it saves and checks the repo: its stored results use them.
    results = await latestCheckResults(store.db);
    // A PR more, answered as late, on a repo whose git did not move: the re-crawl re-checks it.
    const late = items.item({
      repo: 1,
      kind: 'pr',
      number: 7,
      title: 'fix 7',
      author: 'gus',
      createdAt: at(97),
    });
    items.event(late, { type: 'comment', author: 'pia', at: at(1) });
    const again = await runCrawl({ loaded, store });
    expect(again.repos.unchanged).toBe(2);
    recheck = await latestCheckResults(store.db, 'gh:acme/pay');
    app = await buildApp({ store, loaded, webDist: join(root, 'none') });
  });

  afterAll(async () => {
    await app?.close();
    await forge?.close();
    delete process.env.AGORA_PROMISE_TOKEN;
  });

  it('fails the promise with both numbers, and does not evaluate a repo that promises nothing', () => {
    const pay = results.find((r) => r.repoId === 'gh:acme/pay' && r.ruleId === 'response-promise');
    expect(pay?.status).toBe('fail');
    expect(pay?.message).toContain('outside-team pull requests: p90 to first response 4 days over 6');
    expect(pay?.message).toContain('promised 1 business day, 3 days with weekends (CONTRIBUTING.md)');
    const web = results.find((r) => r.repoId === 'gh:acme/web' && r.ruleId === 'response-promise');
    expect(web?.status).toBe('not-evaluated');
  });

  it('re-checks a repo whose git did not move when its items changed', () => {
    const pay = recheck.find((r) => r.ruleId === 'response-promise');
    expect(pay?.status).toBe('fail');
    expect(pay?.message).toContain('p90 to first response 4 days over 7');
  });

  it('serves the labelled open issues as gigs, newest first', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/gigs' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as GigPage;
    expect(body.items.map((g) => [g.repoFullName, g.number, g.gigLabels, g.team])).toEqual([
      ['acme/web', 5, ['Good First Issue'], 'web'],
      ['acme/pay', 20, ['help wanted'], 'payments'],
    ]);
    expect(body.items[1].channel?.url).toBe('https://acme.slack.com/archives/pay');
    const promise = await app.inject({
      method: 'GET',
      url: '/api/v1/projects/gh%3Aacme%2Fpay/responsiveness',
    });
    expect(promise.json()).toMatchObject({
      promise: { pullRequests: { hours: 72 } },
      measured: { ingested: true, numbers: { outside: { prFirstResponse: { answered: 7, p90Hours: 96 } } } },
      kept: { pullRequests: false },
    });
  });

  it('serves the organisation numbers the dashboard and team pages show', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/responsiveness' });
    expect(res.statusCode).toBe(200);
    const org = res.json();
    expect(org.reposIngested).toBe(2);
    expect(org.numbers.outside.prsOpened).toBe(7);
    const payments = org.teams.find((t: { team: string }) => t.team === 'payments');
    expect(payments.received).toEqual([{ from: null, to: 'payments', prs: 7, prsMerged: 0, issues: 0 }]);
    // `agora teams --json` carries the same numbers per team (items[]).
    const { teamItemSummary } = await import('../../../src/metrics/forge-items.ts');
    expect(teamItemSummary(payments)).toMatchObject({
      team: 'payments',
      prsSent: 0,
      prsReceived: 7,
      prsReceivedMerged: 0,
      outsidePrFirstResponseP90Hours: 96,
    });
  });
});
