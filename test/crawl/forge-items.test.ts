// Issue and pull request ingestion and the numbers made of them, on the test forge and both stores, with a
// history built so that every number is computed by hand here: a squash-merged guest PR, a PR answered only
// by bots, a PR never answered, a reopened issue, a login known by two emails, a person who changed team
// mid-window, a bot's PR; then a re-run (nothing doubled, one 304), an item edited after the cursor, a deleted
// comment, 2,000 issues over a page cap, and GitLab and Gitea; GitHub's requested reviewers and merger (a
// self-merge and a bot's merge answer nobody), and a repo whose issues are disabled (410 Gone on `/issues`).

import { afterAll, beforeAll, expect, it } from 'vitest';
import { configSchema, type LoadedConfig } from '../../src/config/schema.ts';
import { ingestRepoItems } from '../../src/crawl/forge-items.ts';
import { orgItemMetrics, repoItemMetrics } from '../../src/metrics/forge-items.ts';
import { makeLoginBotTest } from '../../src/metrics/forge-people.ts';
import { repoMetrics } from '../../src/metrics/service.ts';
import { ForgeSource } from '../../src/sources/forge/source.ts';
import type { Store } from '../../src/store/db.ts';
import { startCrawl } from '../../src/store/queries/crawl.ts';
import { loadHttpCache, type StoredHttpCache, saveHttpCache } from '../../src/store/queries/forge.ts';
import { itemsOfRepo, openIssues } from '../../src/store/queries/forge-items.ts';
import { saveRepoCrawl } from '../../src/store/queries/repos-write.ts';
import { type FakeItem, type ItemsModel, installItems } from '../helpers/forge/items.ts';
import { type ForgeServer, startForgeServer } from '../helpers/forge/server.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { makeFacts, makeRef } from '../store/fixtures.ts';

const TOKEN = 'items-token';
const NOW = new Date('2025-04-01T00:00:00Z');

const loaded: LoadedConfig = {
  file: null,
  baseDir: '/tmp',
  config: configSchema.parse({
    teams: {
      host: { members: [{ login: 'hana' }, { login: 'mia', until: '2025-03-01' }], repos: ['pay'] },
      // gus is declared by one of his two emails only: his login reaches the team through the commit API.
      guest: { members: ['gus@b.test', { login: 'mia', since: '2025-03-01' }], repos: ['other'] },
    },
    bots: ['ci-helper'],
  }),
};

function source(forge: ForgeServer, type: 'github' | 'gitlab' | 'gitea', extra: object = {}) {
  const url = type === 'github' ? forge.githubApi : type === 'gitlab' ? forge.gitlabUrl : forge.giteaUrl;
  const scope = type === 'gitlab' ? { groups: ['acme'] } : { orgs: ['acme'] };
  return new ForgeSource({
    name: type,
    config: {
      type,
      url,
      tokenEnv: 'ITEMS_TOKEN',
      users: [],
      archived: false,
      forks: false,
      concurrency: 4,
      timeoutSeconds: 30,
      items: {},
      ...scope,
      ...extra,
    } as never,
    env: { ITEMS_TOKEN: TOKEN },
    backoffMs: 1,
  });
}

/** What the last listing said of each repo (full name → the repo's `forge` facts). */
const listed = new Map<string, { hasIssues?: boolean }>();

/** Lists the source (so its HTTP layer exists, with the store's validators) and returns its items client. */
async function itemsOf(src: ForgeSource, store: Store) {
  const httpCache = await loadHttpCache(store.db, src.name);
  caches.set(src, httpCache);
  for await (const ref of src.list({ onProblem: () => {}, httpCache })) {
    listed.set(`${src.name}:${ref.fullName}`, ref.forge ?? {});
  }
  const items = src.items();
  if (!items) throw new Error('no items client');
  return items;
}

const caches = new Map<ForgeSource, StoredHttpCache>();
let forge: ForgeServer;
let model: ItemsModel;
const at = (iso: string) => `2025-${iso}:00Z`;

beforeAll(async () => {
  forge = await startForgeServer({ token: TOKEN });
  model = installItems(forge);
  forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'pay' });
  forge.add({ id: 2, forge: 'github', owner: 'acme', name: 'big' });
  forge.add({ id: 3, forge: 'gitlab', owner: 'acme', name: 'lab' });
  forge.add({ id: 4, forge: 'gitea', owner: 'acme', name: 'tea' });
  forge.add({ id: 5, forge: 'github', owner: 'acme', name: 'merges' });
  forge.add({ id: 6, forge: 'github', owner: 'acme', name: 'no-issues', hasIssues: false });
  forge.add({ id: 7, forge: 'gitlab', owner: 'acme', name: 'lab-no-issues', hasIssues: false });
  forge.add({ id: 8, forge: 'gitea', owner: 'acme', name: 'tea-no-issues', hasIssues: false });
});
afterAll(() => forge?.close());

/** The history every store's tests start from (rebuilt per store: the tests change it). */
function buildModel() {
  model.items.length = 0;
  model.events.length = 0;
  model.commits.length = 0;
  const pr = (number: number, author: string, createdAt: string, extra: Partial<FakeItem> = {}) =>
    model.item({ repo: 1, kind: 'pr', number, title: `PR ${number}`, author, createdAt, ...extra });
  // #1 guest PR, reviewed after 24 h, squash-merged after 48 h.
  const p1 = pr(1, 'gus', at('02-01T00:00'), {
    state: 'closed',
    closedAt: at('02-03T00:00'),
    mergedAt: at('02-03T00:00'),
  });
  model.event(p1, { type: 'review', author: 'hana', at: at('02-02T00:00'), state: 'APPROVED' });
  // #2 guest PR answered only by bots (an app and a configured bot name), closed unmerged.
  const p2 = pr(2, 'gus', at('02-10T00:00'), { state: 'closed', closedAt: at('02-20T00:00') });
  model.event(p2, { type: 'comment', author: 'dependabot[bot]', authorBot: true, at: at('02-10T01:00') });
  model.event(p2, { type: 'comment', author: 'ci-helper', at: at('02-10T02:00') });
  // #3 by someone in no team, never answered, open: censored at 48 h.
  pr(3, 'olga', at('03-30T00:00'));
  // #4 host PR: its author's own comment is no answer; mia's review after 6 h; merged after 24 h.
  const p4 = pr(4, 'hana', at('03-01T00:00'), {
    state: 'closed',
    closedAt: at('03-02T00:00'),
    mergedAt: at('03-02T00:00'),
  });
  model.event(p4, { type: 'comment', author: 'hana', at: at('03-01T01:00') });
  model.event(p4, { type: 'review', author: 'mia', at: at('03-01T06:00'), state: 'COMMENTED' });
  // #5 by mia while in host: merged after 12 h without a word (the merge answers it).
  pr(5, 'mia', at('02-15T00:00'), {
    state: 'closed',
    closedAt: at('02-15T12:00'),
    mergedAt: at('02-15T12:00'),
  });
  // #6 by mia after she moved to guest: answered after 3 h, open.
  const p6 = pr(6, 'mia', at('03-15T00:00'));
  model.event(p6, { type: 'comment', author: 'hana', at: at('03-15T03:00') });
  // #9 a bot's PR: in no number at all.
  pr(9, 'renovate[bot]', at('03-05T00:00'), { authorBot: true });
  // #7 issue by olga, answered after 10 h, closed (reopened later in a test); #8 host issue never answered.
  const i7 = model.item({
    repo: 1,
    kind: 'issue',
    number: 7,
    title: 'Help',
    author: 'olga',
    createdAt: at('02-05T00:00'),
    labels: ['Help Wanted'],
    state: 'closed',
    closedAt: at('02-06T00:00'),
  });
  model.event(i7, { type: 'comment', author: 'hana', at: at('02-05T10:00') });
  model.item({
    repo: 1,
    kind: 'issue',
    number: 8,
    title: 'Chore',
    author: 'hana',
    createdAt: at('01-10T00:00'),
    state: 'closed',
    closedAt: at('01-11T00:00'),
  });
  // gus commits with two emails.
  model.commits.push(
    { repo: 1, sha: '1'.repeat(40), login: 'gus', email: 'gus@a.test', date: at('01-02T00:00') },
    { repo: 1, sha: '2'.repeat(40), login: 'gus', email: 'gus@b.test', date: at('01-03T00:00') },
  );
  // 2,000 issues on `big`, no comments.
  for (let n = 1; n <= 2000; n++) {
    model.item({
      repo: 2,
      kind: 'issue',
      number: n,
      title: `issue ${n}`,
      author: 'olga',
      createdAt: new Date(Date.UTC(2024, 0, 1) + n * 60_000).toISOString(),
    });
  }
  // GitLab and Gitea: an issue with a comment, an MR/PR with a review by a guest.
  for (const repo of [3, 4]) {
    const issue = model.item({
      repo,
      kind: 'issue',
      number: 1,
      title: 'i',
      author: 'gus',
      createdAt: at('03-01T00:00'),
    });
    model.event(issue, { type: 'comment', author: 'hana', at: at('03-01T05:00') });
    const mr = model.item({
      repo,
      kind: 'pr',
      number: 2,
      title: 'm',
      author: 'gus',
      createdAt: at('03-02T00:00'),
      state: 'closed',
      closedAt: at('03-03T00:00'),
      mergedAt: at('03-03T00:00'),
      mergedBy: 'hana',
      requestedReviewers: ['olga'],
    });
    model.event(mr, { type: 'review', author: 'hana', at: at('03-02T02:00'), state: 'APPROVED' });
  }
  // `merges`: #1 self-merged by its author, #2 merged by a bot, #3 merged by hana after 4 h; reviewers asked.
  const merged = (number: number, mergedBy: string, extra: Partial<FakeItem> = {}) =>
    model.item({
      repo: 5,
      kind: 'pr',
      number,
      title: `m${number}`,
      author: 'gus',
      createdAt: at('03-10T00:00'),
      state: 'closed',
      closedAt: at('03-10T04:00'),
      mergedAt: at('03-10T04:00'),
      mergedBy,
      ...extra,
    });
  merged(1, 'gus', { requestedReviewers: ['hana', 'olga'] });
  merged(2, 'merge-queue', { mergedByBot: true });
  merged(3, 'hana');
  // `no-issues`: two PRs, one answered.
  const q1 = model.item({
    repo: 6,
    kind: 'pr',
    number: 1,
    title: 'q1',
    author: 'gus',
    createdAt: at('03-01T00:00'),
  });
  model.event(q1, { type: 'comment', author: 'hana', at: at('03-01T02:00') });
  model.item({ repo: 6, kind: 'pr', number: 2, title: 'q2', author: 'olga', createdAt: at('03-02T00:00') });
  // GitLab and Gitea repos whose issues are disabled: one PR each.
  for (const repo of [7, 8])
    model.item({ repo, kind: 'pr', number: 1, title: 'p', author: 'gus', createdAt: at('03-03T00:00') });
}

describeEachStore('forge items', (getStore) => {
  let store: Store;
  const ingest = async (src: ForgeSource, repoId: string, fullName: string, forgeId: string, extra = {}) => {
    const items = await itemsOf(src, store);
    const result = await ingestRepoItems({
      db: store.db,
      repoId,
      repo: { fullName, forgeId },
      client: items.client,
      maxPages: items.maxPages,
      timeBudgetMs: items.timeBudgetMs,
      isBotLogin: makeLoginBotTest(loaded.config.bots),
      source: src.name,
      ...extra,
    });
    await saveHttpCache(store.db, caches.get(src) as StoredHttpCache, {
      complete: false,
      now: NOW.toISOString(),
    });
    return result;
  };
  let gh: ForgeSource;

  beforeAll(async () => {
    store = getStore();
    buildModel();
    const crawlId = await startCrawl(store.db, 'test');
    for (const name of ['pay', 'other']) {
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
    gh = source(forge, 'github');
    const first = await ingest(gh, 'github:acme/pay', 'acme/pay', '1');
    expect(first).toMatchObject({ complete: true, items: 9, problem: null });
  });

  it('stores each item with state, author, labels, reviewers and first response', async () => {
    const all = await itemsOfRepo(store.db, 'github:acme/pay', { limit: 100 });
    expect(all.map((i) => `${i.kind}#${i.number}:${i.state}`).sort()).toEqual(
      [
        'issue#7:closed',
        'issue#8:closed',
        'pr#1:merged',
        'pr#2:closed',
        'pr#3:open',
        'pr#4:merged',
        'pr#5:merged',
        'pr#6:open',
        'pr#9:open',
      ].sort(),
    );
    const byNumber = new Map(all.map((i) => [i.number, i]));
    expect(byNumber.get(1)).toMatchObject({
      authorLogin: 'gus',
      reviewers: ['hana'],
      firstResponseAt: at('02-02T00:00'),
      firstReviewAt: at('02-02T00:00'),
      mergedAt: at('02-03T00:00'),
    });
    expect(byNumber.get(2)).toMatchObject({ firstResponseAt: null, comments: 2 });
    expect(byNumber.get(4)).toMatchObject({ firstResponseAt: at('03-01T06:00'), firstResponder: 'mia' });
    expect(byNumber.get(5)).toMatchObject({ firstResponseAt: at('02-15T12:00'), firstReviewAt: null });
    expect(byNumber.get(9)).toMatchObject({ authorIsBot: true });
    expect(byNumber.get(7)).toMatchObject({ labels: ['Help Wanted'], firstResponseAt: at('02-05T10:00') });
  });

  it('computes the numbers by their definitions (docs/metrics.md)', async () => {
    const r = await repoItemMetrics(store, loaded, 'github:acme/pay', { now: NOW, days: 90 });
    expect(r?.owningTeam).toBe('host');
    const n = r!.numbers;
    expect(n.prs).toMatchObject({ opened: 6, merged: 3, closed: 1, open: 2, mergeRate: 0.75 });
    expect(n.prs.firstResponse).toEqual({
      answered: 4,
      censored: 1,
      unanswered: 1,
      medianHours: 12,
      p90Hours: 48,
    });
    expect(n.prs.firstReview).toEqual({
      answered: 2,
      censored: 2,
      unanswered: 2,
      medianHours: 24,
      p90Hours: 408,
    });
    expect(n.prs.timeToMerge).toEqual({
      answered: 3,
      censored: 2,
      unanswered: 1,
      medianHours: 48,
      p90Hours: 408,
    });
    expect(n.issues).toMatchObject({ opened: 2, closed: 2, open: 0 });
    expect(n.issues.firstResponse).toEqual({
      answered: 1,
      censored: 0,
      unanswered: 1,
      medianHours: 10,
      p90Hours: 10,
    });
    // Outside host: #1, #2 (gus, guest by his second email), #3 (olga, no team), #6 (mia after her move).
    expect(n.outside).toMatchObject({ prsOpened: 4, prsMerged: 1, acceptanceRate: 0.5, issuesOpened: 1 });
    expect(n.outside.shareOfMergedPrs).toBeCloseTo(1 / 3, 10);
    expect(n.outside.prFirstResponse).toEqual({
      answered: 2,
      censored: 1,
      unanswered: 1,
      medianHours: 24,
      p90Hours: 48,
    });
    const feb = r!.months.find((m) => m.month === '2025-02');
    expect(feb).toMatchObject({
      prsOpened: 3,
      prsMerged: 2,
      outsidePrsOpened: 2,
      outsidePrsMerged: 1,
      issuesOpened: 1,
    });
    expect(r!.helpedBy).toEqual([
      { from: 'guest', to: 'host', prs: 3, prsMerged: 1, issues: 0 },
      { from: null, to: 'host', prs: 1, prsMerged: 0, issues: 1 },
    ]);
    const org = await orgItemMetrics(store, loaded, { now: NOW, days: 90 });
    expect(org.teams[0]).toMatchObject({ team: 'guest', helpfulness: 1 });
    expect(org.teams.find((t) => t.team === 'host')?.received).toHaveLength(2);
  });

  it('a re-run asks once, re-reads nothing, doubles nothing; the next asks conditionally (304)', async () => {
    // The cursor moved, so the first re-run's URL is new: one page with the boundary item, no events read.
    for (const status of [200, 304]) {
      const before = forge.requests.length;
      const again = await ingest(gh, 'github:acme/pay', 'acme/pay', '1');
      const api = forge.requests.slice(before).filter((r) => r.url.includes('/repos/acme/pay/'));
      expect(api.map((r) => r.status)).toEqual([status]);
      expect(again).toMatchObject({ complete: true, items: 0 });
    }
    expect(await itemsOfRepo(store.db, 'github:acme/pay', { limit: 100 })).toHaveLength(9);
  });

  it('reads an item edited after the cursor, a reopened issue and a deleted comment', async () => {
    const i7 = model.items.find((i) => i.repo === 1 && i.number === 7) as FakeItem;
    Object.assign(i7, { state: 'open', closedAt: null, updatedAt: at('03-31T00:00') });
    const p6 = model.items.find((i) => i.repo === 1 && i.number === 6) as FakeItem;
    const comment = model.events.find((e) => e.repo === 1 && e.number === 6) as { id: number };
    model.deleteEvent(comment.id, at('03-31T01:00'));
    p6.title = 'PR 6 renamed';
    const before = forge.requests.length;
    const run = await ingest(gh, 'github:acme/pay', 'acme/pay', '1');
    expect(run).toMatchObject({ complete: true, items: 2 });
    const urls = forge.requests.slice(before).map((r) => new URL(r.url, forge.base).pathname);
    // The listing, #7's comments, #6's comments and reviews, the commit logins: nothing else is re-read.
    expect(urls.filter((u) => /\/(comments|reviews)$/.test(u)).sort()).toEqual([
      '/api/v3/repos/acme/pay/issues/6/comments',
      '/api/v3/repos/acme/pay/issues/7/comments',
      '/api/v3/repos/acme/pay/pulls/6/reviews',
    ]);
    const all = new Map(
      (await itemsOfRepo(store.db, 'github:acme/pay', { limit: 100 })).map((i) => [i.number, i]),
    );
    expect(all.size).toBe(9);
    expect(all.get(7)).toMatchObject({ state: 'open', closedAt: null });
    expect(all.get(6)).toMatchObject({ title: 'PR 6 renamed', firstResponseAt: null, comments: 0 });
    const gigs = await openIssues(store.db, { labels: ['help wanted'], limit: 10 });
    expect(gigs.map((g) => g.number)).toEqual([7]);
    // The activity score's issue term: open issues + open PRs as read (#3, #6, #9, reopened #7).
    const metrics = await repoMetrics(store, loaded, 'github:acme/pay', { now: NOW });
    expect(metrics.activity.inputs.openIssues).toBe(4);
  });

  it('pages over 2,000 issues within a page cap, keeping progress, and never doubles', async () => {
    const capped = source(forge, 'github', { items: { maxPages: 5 } });
    const part = await ingest(capped, 'github:acme/big', 'acme/big', '2');
    expect(part).toMatchObject({ complete: false, pages: 5, items: 500 });
    expect(part.problem?.code).toBe('FORGE_ITEMS_PARTIAL');
    const rest = await ingest(gh, 'github:acme/big', 'acme/big', '2');
    expect(rest).toMatchObject({ complete: true, problem: null });
    const count = await store.db
      .selectFrom('forge_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('repo_id', '=', 'github:acme/big')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2000);
    // The second run started at the first one's cursor: 15 pages plus the boundary page, not 20 again.
    expect(rest.pages).toBeLessThanOrEqual(16);
  });

  it('stores GitHub requested reviewers and merger: only a merge by another human answers a PR', async () => {
    expect(await ingest(gh, 'github:acme/merges', 'acme/merges', '5')).toMatchObject({
      complete: true,
      items: 3,
    });
    const byNumber = new Map(
      (await itemsOfRepo(store.db, 'github:acme/merges', { limit: 10 })).map((i) => [i.number, i]),
    );
    expect(byNumber.get(1)).toMatchObject({
      reviewers: ['hana', 'olga'],
      mergedBy: 'gus',
      firstResponseAt: null,
    });
    expect(byNumber.get(2)).toMatchObject({ mergedBy: 'merge-queue', firstResponseAt: null });
    expect(byNumber.get(3)).toMatchObject({
      mergedBy: 'hana',
      firstResponseAt: at('03-10T04:00'),
      firstResponder: 'hana',
      firstReviewAt: null,
    });
  });

  it('reads the PRs of a repo whose issues are disabled from /pulls, with no problem and no /issues after', async () => {
    const before = forge.requests.length;
    // The listing's has_issues is not passed: /issues answers 410 Gone, and the PRs come from /pulls.
    const first = await ingest(gh, 'github:acme/no-issues', 'acme/no-issues', '6');
    expect(first).toMatchObject({ complete: true, items: 2, problem: null });
    const listings = () =>
      forge.requests
        .slice(before)
        .map((r) => `${new URL(r.url, forge.base).pathname} ${r.status}`)
        .filter((r) => /no-issues\/(issues|pulls) /.test(r));
    expect(listings()).toEqual([
      '/api/v3/repos/acme/no-issues/issues 410',
      '/api/v3/repos/acme/no-issues/pulls 200',
    ]);
    const items = await itemsOfRepo(store.db, 'github:acme/no-issues', { limit: 10 });
    expect(items.map((i) => `${i.kind}#${i.number}:${i.firstResponseAt ?? '-'}`).sort()).toEqual([
      `pr#1:${at('03-01T02:00')}`,
      'pr#2:-',
    ]);
    // With the listing's has_issues: false, /issues is not asked; a quiet repo is one 304.
    const again = forge.requests.length;
    const quiet = await ingest(gh, 'github:acme/no-issues', 'acme/no-issues', '6', {
      repo: { fullName: 'acme/no-issues', forgeId: '6', hasIssues: false },
    });
    expect(quiet).toMatchObject({ complete: true, items: 0, problem: null });
    expect(
      forge.requests
        .slice(again)
        .filter((r) => r.url.includes('/no-issues/'))
        .map((r) => `${new URL(r.url, forge.base).pathname} ${r.status}`),
    ).toEqual(['/api/v3/repos/acme/no-issues/pulls 304']);
  });

  it('asks GitLab and Gitea for no issues where their listing says issues are disabled', async () => {
    for (const [type, repoId, fullName, forgeId] of [
      ['gitlab', 'gitlab:acme/lab-no-issues', 'acme/lab-no-issues', '7'],
      ['gitea', 'gitea:acme/tea-no-issues', 'acme/tea-no-issues', '8'],
    ] as const) {
      const src = source(forge, type);
      await itemsOf(src, store);
      const hasIssues = listed.get(`${type}:${fullName}`)?.hasIssues;
      expect(hasIssues).toBe(false);
      const before = forge.requests.length;
      const run = await ingest(src, repoId, fullName, forgeId, { repo: { fullName, forgeId, hasIssues } });
      expect(run).toMatchObject({ complete: true, items: 1, problem: null });
      const asked = forge.requests.slice(before).map((r) => r.url);
      // Asked, these would answer GitLab 403 and Gitea 404: a problem on every crawl.
      expect(
        asked.filter(
          (u) =>
            u.includes('/projects/7/issues') || (u.includes('tea-no-issues') && u.includes('type=issues')),
        ),
      ).toEqual([]);
    }
  });

  it('reads GitLab merge requests and Gitea pull requests the same way, requested reviewers and merger too', async () => {
    for (const [type, repoId, fullName, forgeId] of [
      ['gitlab', 'gitlab:acme/lab', 'acme/lab', '3'],
      ['gitea', 'gitea:acme/tea', 'acme/tea', '4'],
    ] as const) {
      const src = source(forge, type);
      expect(await ingest(src, repoId, fullName, forgeId)).toMatchObject({ complete: true, items: 2 });
      const items = new Map((await itemsOfRepo(store.db, repoId, { limit: 10 })).map((i) => [i.kind, i]));
      expect(items.get('issue')).toMatchObject({ state: 'open', firstResponseAt: at('03-01T05:00') });
      // GitLab's listing names the reviewers and the merger; Gitea's PR answer (`/pulls/{n}`) does.
      expect(items.get('pr')).toMatchObject({
        state: 'merged',
        firstReviewAt: at('03-02T02:00'),
        reviewers: ['olga', 'hana'],
        mergedBy: 'hana',
      });
      await ingest(src, repoId, fullName, forgeId);
      const before = forge.requests.length;
      expect(await ingest(src, repoId, fullName, forgeId)).toMatchObject({ complete: true, items: 0 });
      // Two listings (issues, PRs), each answered 304.
      const statuses = forge.requests
        .slice(before)
        .filter((r) => !/\/(orgs|groups)\//.test(r.url))
        .map((r) => r.status);
      expect(statuses).toEqual([304, 304]);
    }
  });
});
