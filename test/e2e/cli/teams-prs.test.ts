// Pull request numbers per team and for the organisation, through the real CLI and the API on one store: a
// github source on the test forge, two teams each owning a repo, PRs sent both ways (merged, closed unmerged,
// self-merged, an unaffiliated author's merged without a word), every number computed by hand below.
// `agora teams --json` carries them; GET /api/v1/teams, /teams/{id} and /dashboard give the same records.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { installItems } from '../../helpers/forge/items.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { gitdir, tmpDir } from '../../helpers/gitdir.ts';

const TOKEN = 'agora-teams-prs-token';
const HOUR = 3_600_000;
/** All PRs are decided (merged or closed): no censored age depends on when each command runs. */
const base = Date.now() - 10 * 24 * HOUR;
const at = (hours: number) => new Date(base + hours * HOUR).toISOString();

describe('pull request numbers of teams: CLI and API agree', () => {
  let root: string;
  let forge: ForgeServer;
  let store: Store;
  let app: FastifyInstance;
  const cli = (args: string[]) => runCli(['--json', ...args], { cwd: root, env: { TEAMS_PRS_TOKEN: TOKEN } });

  beforeAll(async () => {
    root = await tmpDir('agora-teams-prs-');
    forge = await startForgeServer({ token: TOKEN });
    const pay = await gitdir(
      { 'README.md': '# Pay\n', CODEOWNERS: '* @acme/payments\n' },
      { dir: join(root, 'forge', 'pay.git'), bare: true },
    );
    const web = await gitdir(
      { 'README.md': '# Web\n', CODEOWNERS: '* @acme/web\n' },
      { dir: join(root, 'forge', 'web.git'), bare: true },
    );
    forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'pay', gitDir: pay });
    forge.add({ id: 2, forge: 'github', owner: 'acme', name: 'web', gitDir: web });
    const items = installItems(forge);
    const pr = (repo: number, number: number, author: string, created: number, extra: object) =>
      items.item({
        repo,
        kind: 'pr',
        number,
        title: `pr ${number}`,
        author,
        createdAt: at(created),
        ...extra,
      });
    const merged = (created: number, after: number, by: string) => ({
      state: 'closed',
      closedAt: at(created + after),
      mergedAt: at(created + after),
      mergedBy: by,
    });
    // pay (payments): #1 wes (web) reviewed by pia 2 h, merged 5 h; #2 wes answered 4 h, closed unmerged 10 h;
    // #3 pia's own, reviewed by wes 1 h, self-merged 3 h; #4 olga (no team) merged by pia 8 h without a word.
    const p1 = pr(1, 1, 'wes', 0, merged(0, 5, 'pia'));
    items.event(p1, { type: 'review', author: 'pia', at: at(2), state: 'APPROVED' });
    const p2 = pr(1, 2, 'wes', 24, { state: 'closed', closedAt: at(34) });
    items.event(p2, { type: 'comment', author: 'pia', at: at(28) });
    const p3 = pr(1, 3, 'pia', 48, merged(48, 3, 'pia'));
    items.event(p3, { type: 'review', author: 'wes', at: at(49), state: 'COMMENTED' });
    pr(1, 4, 'olga', 72, merged(72, 8, 'pia'));
    // web (web): #1 pia (payments) reviewed by wes 6 h, merged 12 h.
    const w1 = pr(2, 1, 'pia', 96, merged(96, 12, 'wes'));
    items.event(w1, { type: 'review', author: 'wes', at: at(102), state: 'APPROVED' });
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - type: github',
        '    name: gh',
        `    url: ${forge.githubApi}`,
        '    orgs: [acme]',
        '    tokenEnv: TEAMS_PRS_TOKEN',
        'teams:',
        "  payments: { members: [{ login: pia }], handles: ['@acme/payments'] }",
        "  web: { members: [{ login: wes }], handles: ['@acme/web'] }",
        '',
      ].join('\n'),
    );
    const crawl = await cli(['crawl']);
    expect(crawl.json.repos).toMatchObject({ new: 2, failed: 0 });
    const { loadConfig } = await import('../../../src/config/load.ts');
    const { buildApp } = await import('../../../src/server/app.ts');
    const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
    store = await openStore({ url: `sqlite:${join(root, 'data', 'agora.db')}`, dataDir: root });
    app = await buildApp({ store, loaded, webDist: join(root, 'none') });
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
    await forge?.close();
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('agora teams --json carries each team’s PR numbers, computed by their definitions', async () => {
    const r = await cli(['teams']);
    expect(r.code).toBe(0);
    const byTeam = new Map(r.json.items.map((i: { team: string }) => [i.team, i]));
    expect(byTeam.get('payments')).toEqual({
      team: 'payments',
      days: 90,
      // pia's PR to web, merged.
      prsSent: 1,
      prsSentMerged: 1,
      // #1, #2 (web) and #4 (no team); #1 and #4 merged: acceptance 2 ÷ 3, share of merged 2 ÷ 3.
      prsReceived: 3,
      prsReceivedMerged: 2,
      outsideAcceptanceRate: 2 / 3,
      outsideShareOfMergedPrs: 2 / 3,
      outsidePrFirstResponseP90Hours: 8,
      prsOpened: 4,
      prsMerged: 3,
      mergeRate: 0.75,
      // First response 2, 4, 1 (wes's review; pia's self-merge is no answer), 8 (the merge by pia).
      prFirstResponse: { answered: 4, censored: 0, unanswered: 0, medianHours: 2, p90Hours: 8 },
      // Reviews of #1 (2 h) and #3 (1 h); #2 and #4 closed without one.
      prFirstReview: { answered: 2, censored: 0, unanswered: 2, medianHours: 1, p90Hours: 2 },
      prTimeToMerge: { answered: 3, censored: 0, unanswered: 1, medianHours: 5, p90Hours: 8 },
      outsidePrFirstResponse: { answered: 3, censored: 0, unanswered: 0, medianHours: 4, p90Hours: 8 },
      helpfulness: 1,
    });
    expect(byTeam.get('web')).toMatchObject({
      prsSent: 2,
      prsSentMerged: 1,
      prsReceived: 1,
      prsReceivedMerged: 1,
      outsideAcceptanceRate: 1,
      prFirstResponse: { answered: 1, medianHours: 6 },
      prTimeToMerge: { answered: 1, medianHours: 12 },
      helpfulness: 1,
    });
  });

  it('the teams API gives the same records, and the team page who it helped and who helped it', async () => {
    const cliTeams = (await cli(['teams'])).json.items;
    const api = await get('/api/v1/teams');
    for (const t of cliTeams) {
      expect(api.items.find((x: { id: string }) => x.id === t.team).pullRequests).toEqual(t);
    }
    const detail = await get('/api/v1/teams/payments');
    const cliDetail = (await cli(['teams', 'payments'])).json.items;
    expect(detail.pullRequests).toMatchObject(cliTeams.find((t: { team: string }) => t.team === 'payments'));
    expect(detail.pullRequests.sent).toEqual(cliDetail.sent);
    expect(detail.pullRequests.received).toEqual(cliDetail.received);
    expect(detail.pullRequests.sent).toEqual([
      { from: 'payments', to: 'web', prs: 1, prsMerged: 1, issues: 0 },
    ]);
    expect(detail.pullRequests.received).toEqual([
      { from: 'web', to: 'payments', prs: 2, prsMerged: 1, issues: 0 },
      { from: null, to: 'payments', prs: 1, prsMerged: 1, issues: 0 },
    ]);
  });

  it('the dashboard gives the organisation numbers agora metrics --json computes', async () => {
    const org = (await cli(['metrics'])).json.items;
    const dash = await get('/api/v1/dashboard');
    expect(dash.pullRequests).toMatchObject({
      days: 90,
      reposIngested: 2,
      prsOpened: 5,
      prsMerged: 4,
      mergeRate: 0.8,
      outsidePrsOpened: 4,
      outsidePrsMerged: 3,
      outsideAcceptanceRate: 0.75,
      outsideShareOfMergedPrs: 0.75,
      // web → payments 2, payments → web 1 (olga's PR is from no team).
      crossTeamPrs: 3,
    });
    expect(dash.pullRequests).toMatchObject({
      prsOpened: org.numbers.prs.opened,
      mergeRate: org.numbers.prs.mergeRate,
      outsideShareOfMergedPrs: org.numbers.outside.shareOfMergedPrs,
      prFirstResponse: org.numbers.prs.firstResponse,
      prFirstReview: org.numbers.prs.firstReview,
      prTimeToMerge: org.numbers.prs.timeToMerge,
      outsidePrFirstResponse: org.numbers.outside.prFirstResponse,
      months: org.months,
    });
  });
});
