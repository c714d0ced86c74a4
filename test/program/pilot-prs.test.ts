// A pilot's pull-request measures (issue 14 on issue 11's forge items), on both stores: pull requests are
// served by the test forge, ingested the way a crawl does, and the pilot report's outside PRs opened and
// merged, their share and their median time to first response are checked against numbers computed by hand
// below, pilot versus control, with sample sizes and no effect size on tiny samples; a cohort whose repos have
// no ingested items shows no PR measure at all.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { configSchema, type LoadedConfig } from '../../src/config/schema.ts';
import { ingestRepoItems } from '../../src/crawl/forge-items.ts';
import { makeLoginBotTest } from '../../src/metrics/forge-people.ts';
import { buildDigest, digestSections } from '../../src/program/digest.ts';
import { pilotMarkdown, pilotReport } from '../../src/program/pilots.ts';
import { ForgeSource } from '../../src/sources/forge/source.ts';
import type { Store } from '../../src/store/db.ts';
import { startCrawl } from '../../src/store/queries/crawl.ts';
import { loadHttpCache } from '../../src/store/queries/forge.ts';
import { saveRepoCrawl } from '../../src/store/queries/repos-write.ts';
import { type ItemsModel, installItems } from '../helpers/forge/items.ts';
import { type ForgeServer, startForgeServer } from '../helpers/forge/server.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { makeFacts, makeRef } from '../store/fixtures.ts';

const TOKEN = 'pilot-prs-token';
/** Baseline 2025-02-01 – 03-01, after 03-01 – 03-29 (28 days each). */
const NOW = new Date('2025-03-29T00:00:00Z');
const at = (s: string) => `2025-${s}:00Z`;

const loaded: LoadedConfig = {
  file: null,
  baseDir: '/tmp',
  config: configSchema.parse({
    teams: {
      host: { members: [{ login: 'hana' }], repos: ['pay'] },
      guest: { members: [{ login: 'gus' }], repos: ['other'] },
    },
    pilots: {
      p: { repos: ['pay'], start: '2025-03-01', baselineDays: 28, control: { repos: ['other'] } },
      quiet: { repos: ['quiet'], start: '2025-03-01', baselineDays: 28 },
    },
  }),
};

/**
 * Hand-computed (nearest-rank medians; bots' PRs in no number; an open unanswered PR counts its age):
 * pay (host, pilot), before: #1 gus answered 10 h merged, #2 gus answered 4 h closed, #3 hana merged
 *   → 3 PRs, 2 merged, 2 outside, 1 outside merged, first response [4, 10] → median 4 h (n = 2).
 * pay, after: #4 gus 2 h merged, #5 gus 1 h merged, #6 olga (no team) open unanswered from 03-20 (216 h at
 *   03-29), #7 hana merged, #8 a bot's → 4 PRs, 3 merged, 3 outside, 2 outside merged, [1, 2, 216] → 2 h (n = 3).
 * other (guest, control), before: #1 hana answered 5 h merged → 1, 1, 1, 1, 5 h (n = 1); after: nothing.
 * Rates per 30 days over 28 days: 1 → 1.07, 2 → 2.14, 3 → 3.21.
 */
function buildModel(model: ItemsModel) {
  const pr = (repo: number, number: number, author: string, createdAt: string, extra = {}) =>
    model.item({ repo, kind: 'pr', number, title: `PR ${number}`, author, createdAt, ...extra });
  const merged = (day: string) => ({ state: 'closed' as const, closedAt: at(day), mergedAt: at(day) });
  model.event(pr(1, 1, 'gus', at('02-02T00:00'), merged('02-03T00:00')), {
    type: 'review',
    author: 'hana',
    at: at('02-02T10:00'),
    state: 'APPROVED',
  });
  model.event(pr(1, 2, 'gus', at('02-10T00:00'), { state: 'closed', closedAt: at('02-12T00:00') }), {
    type: 'comment',
    author: 'hana',
    at: at('02-10T04:00'),
  });
  pr(1, 3, 'hana', at('02-15T00:00'), merged('02-16T00:00'));
  model.event(pr(1, 4, 'gus', at('03-02T00:00'), merged('03-03T00:00')), {
    type: 'comment',
    author: 'hana',
    at: at('03-02T02:00'),
  });
  model.event(pr(1, 5, 'gus', at('03-05T00:00'), merged('03-06T00:00')), {
    type: 'review',
    author: 'hana',
    at: at('03-05T01:00'),
    state: 'COMMENTED',
  });
  pr(1, 6, 'olga', at('03-20T00:00'));
  pr(1, 7, 'hana', at('03-10T00:00'), merged('03-11T00:00'));
  pr(1, 8, 'renovate[bot]', at('03-12T00:00'), { authorBot: true });
  // Gigs: one opened in the digest's week (03-22 – 03-29) on pay, with a title trying to be a link; one older;
  // one in the week on other (guest's); an unlabelled issue in the week is no gig.
  const issue = (repo: number, number: number, title: string, createdAt: string, labels: string[]) =>
    model.item({ repo, kind: 'issue', number, title, author: 'olga', createdAt, labels });
  issue(1, 20, 'Fix [the](http://evil.test) docs', at('03-25T00:00'), ['Help Wanted']);
  issue(1, 21, 'Old gig', at('03-01T00:00'), ['help wanted']);
  issue(1, 22, 'Not a gig', at('03-26T00:00'), ['bug']);
  issue(2, 23, 'Tidy the CLI', at('03-27T00:00'), ['good first issue']);
  model.event(pr(2, 1, 'hana', at('02-20T00:00'), merged('02-21T00:00')), {
    type: 'comment',
    author: 'gus',
    at: at('02-20T05:00'),
  });
}

let forge: ForgeServer;

beforeAll(async () => {
  forge = await startForgeServer({ token: TOKEN });
  const model = installItems(forge);
  forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'pay' });
  forge.add({ id: 2, forge: 'github', owner: 'acme', name: 'other' });
  buildModel(model);
});
afterAll(() => forge?.close());

describeEachStore('pilot pull-request measures', (getStore) => {
  let store: Store;

  beforeAll(async () => {
    store = getStore();
    const crawlId = await startCrawl(store.db, 'test');
    for (const name of ['pay', 'other', 'quiet']) {
      await saveRepoCrawl(store.db, {
        ref: makeRef(name, { id: `github:acme/${name}`, source: 'github' }),
        head: 'a'.repeat(40),
        branch: 'main',
        facts: makeFacts({ owners: [] }),
        files: [],
        commits: [],
        findings: [],
        crawlId,
        now: NOW.toISOString(),
      });
    }
    const src = new ForgeSource({
      name: 'github',
      config: {
        type: 'github',
        url: forge.githubApi,
        tokenEnv: 'PILOT_TOKEN',
        orgs: ['acme'],
        users: [],
        archived: false,
        forks: false,
        concurrency: 4,
        timeoutSeconds: 30,
        items: {},
      } as never,
      env: { PILOT_TOKEN: TOKEN },
      backoffMs: 1,
    });
    const httpCache = await loadHttpCache(store.db, src.name);
    for await (const _ of src.list({ onProblem: () => {}, httpCache })) {
      /* listing only: the items client needs the source's HTTP layer */
    }
    const items = src.items();
    if (!items) throw new Error('no items client');
    for (const [name, forgeId] of [
      ['pay', '1'],
      ['other', '2'],
    ]) {
      const r = await ingestRepoItems({
        db: store.db,
        repoId: `github:acme/${name}`,
        repo: { fullName: `acme/${name}`, forgeId },
        client: items.client,
        maxPages: items.maxPages,
        timeBudgetMs: items.timeBudgetMs,
        isBotLogin: makeLoginBotTest(loaded.config.bots),
        source: src.name,
      });
      expect(r.problem).toBeNull();
    }
  });

  it('counts outside PRs opened and merged and their first response, before and after, pilot versus control', async () => {
    const r = await pilotReport(store, loaded, 'p', { now: NOW });
    expect(r.cohorts).toEqual({ pilot: ['github:acme/pay'], control: ['github:acme/other'] });
    expect(r.pilot.before.pullRequests).toEqual({
      total: 3,
      merged: 2,
      outside: 2,
      outsideMerged: 1,
      medianFirstResponseHours: 4,
      firstResponseN: 2,
      reposIngested: 1,
    });
    expect(r.pilot.after.pullRequests).toEqual({
      total: 4,
      merged: 3,
      outside: 3,
      outsideMerged: 2,
      medianFirstResponseHours: 2,
      firstResponseN: 3,
      reposIngested: 1,
    });
    expect(r.control?.before.pullRequests).toMatchObject({
      total: 1,
      outside: 1,
      medianFirstResponseHours: 5,
    });
    expect(r.control?.after.pullRequests).toMatchObject({
      total: 0,
      outside: 0,
      medianFirstResponseHours: null,
    });
    const m = new Map(r.pilot.measures.map((x) => [x.measure, x]));
    expect(m.get('outsidePrs')).toMatchObject({ before: 2 / 3, after: 3 / 4, nBefore: 3, nAfter: 4 });
    expect(m.get('outsidePrs')?.effectSize).toBeNull();
    expect(m.get('outsidePrs')?.note).toMatch(/too few/);
    expect(m.get('outsidePrsOpened')).toMatchObject({ before: 2.14, after: 3.21, difference: 1.07 });
    expect(m.get('outsidePrsMerged')).toMatchObject({ before: 1.07, after: 2.14, difference: 1.07 });
    expect(m.get('outsidePrFirstResponse')).toMatchObject({
      before: 4,
      after: 2,
      nBefore: 2,
      nAfter: 3,
      difference: -2,
      effectSize: null,
    });
    const vs = new Map((r.versusControl ?? []).map((v) => [v.measure, v]));
    expect(vs.get('outsidePrsOpened')).toMatchObject({
      pilotChange: 1.07,
      controlChange: -1.07,
      difference: 2.14,
    });
    expect(vs.get('outsidePrFirstResponse')).toMatchObject({ pilotChange: -2, controlChange: null });
    const md = pilotMarkdown(r);
    expect(md).toContain(
      '| Pull requests opened from outside the owning team (per 30 days) | 2.14 | 3.21 | +1.07 |',
    );
    expect(md).toContain('| Pull requests from outside the owning team | 2 of 3 | 3 of 4 | not compared |');
  });

  it('keeps the PR numbers in the frozen baseline and shows none for a cohort without ingested items', async () => {
    const again = await pilotReport(store, loaded, 'p', { now: NOW });
    expect(again.baseline.frozen).toBe(true);
    expect(again.pilot.before.pullRequests?.outside).toBe(2);
    const quiet = await pilotReport(store, loaded, 'quiet', { now: NOW });
    expect(quiet.pilot.before.pullRequests).toBeNull();
    expect(quiet.pilot.measures.map((x) => x.measure)).not.toContain('outsidePrsOpened');
  });

  it("lists the week's new gigs in the organisation's and each team's digest, titles defused", async () => {
    const org = await buildDigest(store, loaded, { end: NOW });
    expect(org.gigs.map((g) => `${g.repo}#${g.number}:${g.labels.join(',')}`)).toEqual([
      'other#23:good first issue',
      'pay#20:Help Wanted',
    ]);
    const lines = digestSections(org, (p) => `https://agora.test${p}`).find(
      (x) => x.title === 'New gigs',
    )?.lines;
    expect(lines).toEqual([
      'Tidy the CLI — [other](https://agora.test/projects/github%3Aacme%2Fother) #23 (guest): good first issue',
      'Fix the http://evil.test docs — [pay](https://agora.test/projects/github%3Aacme%2Fpay) #20 (host): Help Wanted',
    ]);
    const host = await buildDigest(store, loaded, { end: NOW, team: 'host' });
    expect(host.gigs.map((g) => g.number)).toEqual([20]);
  });
});
