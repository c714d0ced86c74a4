// Pilots, digests, feeds and chat webhooks on both stores, over a fixture organisation whose before/after
// numbers are computed by hand below: the pilot report (frozen baseline, pilot versus control, sample sizes,
// no effect size on tiny samples), the Atom feeds read by a real feed parser, and the digest posted to Slack,
// Teams and Mattermost receivers on 127.0.0.1, one of which fails, is retried, recorded, and delivered by the
// next run.

import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { type DatabaseUnderTest, describeEachDatabase } from '../../helpers/databases.ts';
import { addCommits, makeRepo, tmpDir } from '../../helpers/gitdir.ts';
import { ensureWebBuilt } from '../../helpers/portal.ts';
import { type Served, startServe } from '../../helpers/serve.ts';
import { browserUnavailableReason, launchBrowser, newPage } from '../../web/browser.ts';

const DAY = 86_400_000;
const T = Date.now();
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const START = Date.parse(dayOf(T - 20 * DAY));
/** Pilot reports are asked as of exactly 20 days after the start (the after window's length is then exact). */
const NOW = ['--now', iso(START + 20 * DAY)];
const ann = { name: 'Ann', email: 'ann@example.com' };
const dave = { name: 'Dave', email: 'dave@example.com' };
const erin = { name: 'Erin', email: 'erin@example.com' };
const zed = { name: 'Zed', email: 'zed@example.org' };

/**
 * Hand-computed numbers. Baseline = the 30 days before START; after = START to now (20 days).
 * pay-api (payments, pilot): before ann×3, dave×1 → 4 commits, 1 outside, 1 person from another team;
 *   after ann×2, dave×2, erin×1, zed×1 → 6 commits, 4 outside (dave 2, erin, zed), 2 from other teams.
 * ledger (platform, control): before dave×2 → 2, 0, 0; after dave×2, ann×1 → 3, 1, 1.
 * Last 7 days: dave and erin on pay-api (platform → pay-api: 2 commits, 2 people), ann on ledger.
 */
const commit = (author: typeof ann, ms: number, n: number) => ({
  files: { [`f${n}.txt`]: `${n}\n` },
  author,
  date: iso(ms),
});

describeEachDatabase('pilots, digests, feeds and webhooks', (db: DatabaseUnderTest) => {
  let root: string;
  let receiver: Server;
  let receiverUrl: string;
  let failMattermost = true;
  const posts: { path: string; body: any }[] = [];
  let served: Served | null = null;
  const env = () => ({
    ...db.env(),
    SLACK_HOOK: `${receiverUrl}/slack`,
    TEAMS_HOOK: `${receiverUrl}/teams`,
    MM_HOOK: `${receiverUrl}/mattermost`,
    AGORA_DIGEST_BACKOFF_MS: '1',
    // A scheduled run with a failed post is retried after a second, not ten minutes.
    AGORA_DIGEST_RETRY_S: '1',
  });
  const cli = (args: string[]) => runCli(['--json', ...args], { cwd: root, env: env() });

  beforeAll(async () => {
    // Before any `agora serve` starts: a server started with no built UI serves its "no UI" page, not the pages
    // the browser test opens (a fresh checkout's first run of this file failed that way).
    ensureWebBuilt();
    root = await tmpDir('agora-program-');
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        posts.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        res.writeHead(path === '/mattermost' && failMattermost ? 500 : 200).end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    let n = 0;
    // Both repos at once (their commits are numbered in order before either is written).
    await Promise.all([
      makeRepo({
        dir: join(root, 'repos', 'pay-api'),
        commits: [
          { files: { 'README.md': '# Pay API\n' }, author: ann, date: iso(START - 25 * DAY) },
          commit(ann, START - 20 * DAY, n++),
          commit(ann, START - 10 * DAY, n++),
          commit(dave, START - 5 * DAY, n++),
          commit(ann, START + 2 * DAY, n++),
          commit(dave, START + 3 * DAY, n++),
          commit(ann, START + 5 * DAY, n++),
          commit(zed, T - 4 * DAY, n++),
          commit(erin, T - 3 * DAY, n++),
          commit(dave, T - 2 * DAY, n++),
        ],
      }),
      makeRepo({
        dir: join(root, 'repos', 'ledger'),
        commits: [
          { files: { 'README.md': '# Ledger\n' }, author: dave, date: iso(START - 15 * DAY) },
          commit(dave, START - 12 * DAY, n++),
          commit(dave, START + 1 * DAY, n++),
          commit(dave, START + 4 * DAY, n++),
          commit(ann, T - 1 * DAY, n++),
        ],
      }),
    ]);
    await writeFile(join(root, 'agora.yaml'), config());
    const crawl = await cli(['crawl']);
    expect(crawl.code, crawl.stderr).toBe(0);
  });

  /** The fixture's agora.yaml; `server` and `schedule` vary for the portal's admin and the digest schedule. */
  const config = (o: { server?: string[]; schedule?: string } = {}) =>
    [
      'dataDir: data',
      ...(o.server ?? ['server: { publicUrl: "https://agora.example.com" }']),
      'sources: [{ type: local, path: repos }]',
      'teams:',
      '  payments: { name: Payments, members: [ann@example.com], repos: [pay-api] }',
      '  platform: { name: Platform, members: [dave@example.com, erin@example.com], repos: [ledger] }',
      'pilots:',
      '  checkout:',
      '    title: Checkout pilot',
      '    teams: [payments]',
      `    start: ${dayOf(START)}`,
      `    review: ${dayOf(T + 5 * DAY)}`,
      '    baselineDays: 30',
      '    control: { repos: [ledger] }',
      'campaigns:',
      '  guides:',
      '    title: Contribution guides',
      '    rule: contributing',
      '    scope: { teams: [payments] }',
      '    target: 2030-01-31',
      'digest:',
      '  attempts: 2',
      '  webhooks:',
      '    - { format: slack, urlEnv: SLACK_HOOK }',
      '    - { format: teams, urlEnv: TEAMS_HOOK, team: platform }',
      '    - { format: mattermost, urlEnv: MM_HOOK }',
      ...(o.schedule ? [`  schedule: "${o.schedule}"`] : []),
      '',
    ].join('\n');

  afterAll(async () => {
    await served?.stop();
    await new Promise((r) => receiver?.close(r));
  });

  it('reports the hand-computed before/after numbers, pilot versus control, without effect sizes on tiny samples', async () => {
    const r = await cli(['pilot', 'report', 'checkout', '--format', 'json', ...NOW]);
    expect(r.code, r.stderr).toBe(0);
    const p = r.json;
    expect(p.cohorts).toEqual({ pilot: ['local:pay-api'], control: ['local:ledger'] });
    expect(p.pilot.before).toMatchObject({
      repos: 1,
      commits: 4,
      outsideCommits: 1,
      otherTeamContributors: 1,
    });
    expect(p.pilot.after).toMatchObject({
      repos: 1,
      commits: 6,
      outsideCommits: 4,
      otherTeamContributors: 2,
    });
    expect(p.control.before).toMatchObject({ commits: 2, outsideCommits: 0, otherTeamContributors: 0 });
    expect(p.control.after).toMatchObject({ commits: 3, outsideCommits: 1, otherTeamContributors: 1 });
    const share = p.measures.find((m: { measure: string }) => m.measure === 'outsideShare');
    expect(share).toMatchObject({ nBefore: 4, nAfter: 6, effectSize: null, effect: null });
    expect(share.note).toMatch(/too few/);
    expect(p.baseline.frozen).toBe(true);
    // Per 30 days: 1 in 30 days before, 2 in 20 days after → 1 and 3; the control 0 and 1.5.
    const others = p.versusControl.find((v: { measure: string }) => v.measure === 'otherTeamContributors');
    expect(others).toMatchObject({ pilotChange: 2, controlChange: 1.5, difference: 0.5 });
    // The Markdown a lead pastes: the CLI's default format once (it does not depend on the store); on
    // PostgreSQL the same renderer over that store's numbers, without a second report run.
    const md =
      db.kind === 'sqlite'
        ? (await runCli(['pilot', 'report', 'checkout', ...NOW], { cwd: root, env: env() })).stdout
        : (await import('../../../src/program/pilots.ts')).pilotMarkdown(p);
    expect(md).toContain('# Pilot: Checkout pilot');
    expect(md).toContain('| Commits from outside the owning team | 1 of 4 | 4 of 6 | not compared |');
  });

  it('keeps the frozen baseline when a later crawl brings commits into its window', async () => {
    await addCommits(join(root, 'repos', 'pay-api'), [commit(zed, START - 3 * DAY, 99)]);
    expect((await cli(['crawl'])).code).toBe(0);
    const r = await cli(['pilot', 'report', 'checkout', '--format', 'json', ...NOW]);
    expect(r.json.pilot.before).toMatchObject({ commits: 4, outsideCommits: 1 });
    // Not frozen, the same window now counts the new commit (the store really has it).
    const store = await openStore({
      url: db.url() ?? `sqlite:${join(root, 'data', 'agora.db')}`,
      dataDir: root,
    });
    try {
      await store.db.deleteFrom('pilot_baselines').execute();
    } finally {
      await store.close();
    }
    const again = await cli(['pilot', 'report', 'checkout', '--format', 'json', ...NOW]);
    expect(again.json.pilot.before).toMatchObject({ commits: 5, outsideCommits: 2 });
  });

  it('posts the digest to Slack, Teams and Mattermost; a failing receiver is retried, recorded, and delivered next run', async () => {
    const first = await cli(['digest', '--send']);
    expect(first.code, first.stdout + first.stderr).toBe(1);
    const by = Object.fromEntries(first.json.deliveries.map((d: { format: string }) => [d.format, d]));
    expect(by.slack).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(by.teams).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(by.mattermost).toMatchObject({ status: 'failed', attempts: 2, error: 'HTTP 500' });
    expect(posts.filter((p) => p.path === '/mattermost')).toHaveLength(2);
    const slack = posts.find((p) => p.path === '/slack')?.body;
    expect(slack.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
    const slackText = JSON.stringify(slack.blocks);
    expect(slackText).toContain('<https://agora.example.com/projects/local%3Apay-api|pay-api>');
    expect(slackText).toContain(
      'platform → <https://agora.example.com/projects/local%3Apay-api|pay-api> (owned by payments): 2 commits by 2 people',
    );
    expect(slackText).toMatch(/review in \d days?/);
    const teams = posts.find((p) => p.path === '/teams')?.body;
    expect(teams.type).toBe('message');
    expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0].content.type).toBe('AdaptiveCard');
    expect(JSON.stringify(teams)).toContain('Team Platform digest');
    const store = await openStore({
      url: db.url() ?? `sqlite:${join(root, 'data', 'agora.db')}`,
      dataDir: root,
    });
    try {
      const rows = await store.db.selectFrom('digest_deliveries').selectAll().orderBy('target').execute();
      expect(rows.map((r) => [r.format, r.status, Number(r.attempts), r.last_error])).toEqual([
        ['slack', 'delivered', 1, null],
        ['teams', 'delivered', 1, null],
        ['mattermost', 'failed', 2, 'HTTP 500'],
      ]);
      expect(JSON.stringify(rows)).not.toContain(receiverUrl);
    } finally {
      await store.close();
    }
    failMattermost = false;
    const second = await cli(['digest', '--send']);
    expect(second.code, second.stdout).toBe(0);
    const by2 = Object.fromEntries(second.json.deliveries.map((d: { format: string }) => [d.format, d]));
    expect(by2.mattermost).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(by2.slack).toMatchObject({ status: 'already-delivered' });
    const mm = posts.filter((p) => p.path === '/mattermost');
    expect(mm).toHaveLength(3);
    expect(mm[2].body.text).toContain('#### InnerSource digest');
    expect(mm[2].body.text).toContain('[pay-api](https://agora.example.com/projects/local%3Apay-api)');
    expect(posts.filter((p) => p.path === '/slack')).toHaveLength(1);
  });

  it('posts the digest on digest.schedule once per webhook, however many schedulers race; a failed post is retried', async () => {
    const store = await openStore({
      url: db.url() ?? `sqlite:${join(root, 'data', 'agora.db')}`,
      dataDir: root,
    });
    try {
      await store.db.deleteFrom('digest_deliveries').execute();
    } finally {
      await store.close();
    }
    posts.length = 0;
    // The Mattermost receiver fails until the other two have their digest: a run with a failed post must not
    // stop the schedule, and the next run (its retry after AGORA_DIGEST_RETRY_S, or the next tick of this
    // every-second schedule, whichever comes first) posts only what is still owed.
    failMattermost = true;
    // Every second here. PostgreSQL: two `agora serve`s race (the queue fires it once, the store's claim
    // backs it up); SQLite: `serve` fires it in-process. The portal config also signs in the lead as an admin
    // behind a trusted proxy, for the feeds and the browser below.
    await writeFile(
      join(root, 'portal.yaml'),
      config({
        server: [
          'server:',
          '  publicUrl: "https://agora.example.com"',
          '  auth:',
          '    mode: proxy',
          '    proxy: { trusted: ["127.0.0.1/32"] }',
          '    admins: { people: [lead@example.com] }',
        ],
        schedule: '* * * * * *',
      }),
    );
    // Started one after the other: pg-boss creating its schema from two processes at once can deadlock.
    const schedulers: Served[] = [];
    for (let i = 0; i < (db.kind === 'postgres' ? 2 : 1); i++)
      schedulers.push(await startServe(root, { env: env(), args: ['--config', 'portal.yaml'] }));
    served = schedulers[0];
    const count = (path: string) => posts.filter((p) => p.path === path).length;
    try {
      // digest.attempts is 2: the failed run tried Mattermost twice.
      await expect
        .poll(() => [count('/slack'), count('/teams'), count('/mattermost') >= 2], { timeout: 30_000 })
        .toEqual([1, 1, true]);
      const failedPosts = count('/mattermost');
      failMattermost = false;
      await expect.poll(() => count('/mattermost'), { timeout: 30_000 }).toBe(failedPosts + 1);
      // More ticks of the schedule, and the other scheduler, post nothing more this week.
      await new Promise((r) => setTimeout(r, 2000));
      const perHook: Record<string, number> = {};
      for (const p of posts) perHook[p.path] = (perHook[p.path] ?? 0) + 1;
      expect(perHook).toEqual({ '/slack': 1, '/teams': 1, '/mattermost': failedPosts + 1 });
    } finally {
      await Promise.all(schedulers.slice(1).map((x) => x.stop()));
    }
  });

  it('serves valid Atom feeds for the organisation and a team, read by a real feed parser', async () => {
    const lead = { headers: { 'x-forwarded-email': 'lead@example.com' } };
    const res = await fetch(`${served?.url}/feeds/org.atom`, lead);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parseFeed(xml);
    expect(feed.meta.type).toBe('atom');
    expect(feed.title).toBe('InnerSource digest of the organisation');
    expect(feed.items).toHaveLength(4);
    expect(feed.items[0].title).toMatch(/^InnerSource digest, week \d{4}-W\d{2}$/);
    expect(feed.items[0].content).toContain(
      '<a href="https://agora.example.com/projects/local%3Apay-api">pay-api</a>',
    );
    expect(feed.items[0].content).toContain('Cross-team contributions');
    const team = await fetch(`${served?.url}/feeds/teams/platform.atom`, lead);
    const teamFeed = parseFeed(await team.text());
    expect(teamFeed.title).toBe('InnerSource digest of Platform');
    expect(teamFeed.items[0].content).toContain('ledger');
    expect((await fetch(`${served?.url}/feeds/teams/nobody.atom`, lead)).status).toBe(404);
  });

  // What a person sees does not depend on the store: the browser test runs once, on SQLite.
  if (db.kind === 'sqlite')
    it.skipIf(browserUnavailableReason() !== null)(
      'shows the pilot, campaign and campaigns pages in Chromium, and an admin declares a pilot, sees its page and changes it',
      async () => {
        const url = served?.url as string;
        const browser = await launchBrowser();
        try {
          // The trusted proxy says who is asking: the lead, an admin (so CSRF applies to what the page sends).
          const context = await browser.newContext({
            extraHTTPHeaders: { 'x-forwarded-email': 'lead@example.com' },
          });
          const { page, problems } = await newPage(context);
          await page.goto(`${url}/pilots/checkout`);
          await page.getByTestId('pilot-summary').waitFor();
          expect(await page.getByTestId('pilot-summary').textContent()).toContain(
            'Pilot: 1 repos; control: 1 repos',
          );
          await page.getByTestId('pilot-chart').waitFor();
          const table = await page.locator('table', { hasText: 'Pilot cohort' }).textContent();
          expect(table).toContain('Commits from outside the owning team');
          expect(table).toMatch(/too few to compare/);
          await page.goto(`${url}/projects/${encodeURIComponent('local:pay-api')}`);
          // Signed in (through the proxy), "Follow" gives this person a private link to the team's feed.
          await page
            .getByTestId('follow-feed-private')
            .getByRole('button', { name: 'Get my feed link' })
            .click();
          const follow = page.getByTestId('follow-feed');
          await follow.waitFor();
          expect(await follow.getAttribute('href')).toMatch(
            /^http:\/\/[^/]+\/feeds\/teams\/payments\.atom\?token=agorafeed_/,
          );

          // The campaigns list, from the navigation, and one campaign's page from it.
          const nav = page.getByRole('navigation', { name: 'Main' });
          await nav.getByRole('link', { name: 'Campaigns' }).click();
          const campaigns = page.getByTestId('campaigns');
          await campaigns.waitFor();
          const row = await campaigns.locator('tbody tr').first().textContent();
          expect(row).toContain('Contribution guides');
          expect(row).toContain('contributing');
          expect(row).toContain('team payments');
          expect(row).toContain('2030-01-31');
          expect(row).toContain('0 of 1');
          expect(row).toContain('0 opened: 0 open, 0 merged, 0 declined');
          await campaigns.getByRole('link', { name: 'Contribution guides' }).click();
          await page.getByTestId('campaign-left').waitFor();
          expect(await page.getByTestId('campaign-summary').textContent()).toContain('0 of 1 repos pass');
          const left = await page.getByTestId('campaign-left').textContent();
          expect(left).toContain('pay-api');
          expect(left).toContain('payments');
          await page.getByTestId('campaign-burnup').waitFor();

          // An admin declares a pilot: a refused one shows the server's reason, an accepted one opens its page.
          await nav.getByRole('link', { name: 'Pilots' }).click();
          await expect.poll(() => page.getByTestId('pilots').textContent()).toContain('Checkout pilot');
          expect(await page.getByTestId('pilots').textContent()).toContain('agora.yaml');
          const form = page.getByTestId('declare-pilot');
          await form.getByLabel('Id', { exact: true }).fill('docs');
          await form.getByLabel('Title', { exact: true }).fill('Docs first');
          await form.getByLabel('Teams', { exact: true }).fill('payments');
          await form.getByLabel('Start', { exact: true }).fill(dayOf(START));
          await form.getByLabel('Review', { exact: true }).fill(dayOf(START - DAY));
          await form.getByRole('button', { name: 'Declare pilot' }).click();
          await expect
            .poll(() => form.getByRole('alert').textContent())
            .toContain('review: must be after start');
          await form.getByLabel('Review', { exact: true }).fill(dayOf(T + 30 * DAY));
          await form.getByRole('button', { name: 'Declare pilot' }).click();
          await page.waitForURL(`${url}/pilots/docs`);
          await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Docs first');
          expect(await page.getByTestId('pilot-summary').textContent()).toContain('Pilot: 1 repos');
          await page.getByTestId('pilot-chart').waitFor();
          await page.goBack();
          await expect.poll(() => page.getByTestId('pilots').textContent()).toContain('Docs first');
          // The admin changes it: the form starts filled in, the id stays, and the pilot's page shows the change.
          await page.getByTestId('pilots').getByRole('button', { name: 'Change Docs first' }).click();
          const edit = page.getByTestId('edit-pilot');
          expect(await edit.getByLabel('Teams', { exact: true }).inputValue()).toBe('payments');
          expect(await edit.getByLabel('Start', { exact: true }).inputValue()).toBe(dayOf(START));
          expect(await edit.getByLabel('Id', { exact: true }).count()).toBe(0);
          await edit.getByLabel('Title', { exact: true }).fill('Docs first, changed');
          await edit.getByRole('button', { name: 'Save pilot' }).click();
          await page.waitForURL(`${url}/pilots/docs`);
          await expect
            .poll(() => page.getByRole('heading', { level: 1 }).textContent())
            .toBe('Docs first, changed');
          await page.goBack();
          await expect.poll(() => page.getByTestId('pilots').textContent()).toContain('Docs first, changed');
          expect(problems.errors).toEqual([]);
          // The refused declaration's 400 is the one console message expected.
          expect(problems.console.filter((m) => !m.includes('400'))).toEqual([]);
          // The pilot is the store's: the CLI reports it too.
          const r = await cli(['pilot', 'report', 'docs', '--format', 'json', ...NOW]);
          expect(r.code, r.stderr).toBe(0);
          expect(r.json.cohorts.pilot).toEqual(['local:pay-api']);
          const list = await cli(['pilot', 'list']);
          expect(list.json.pilots.map((p: { id: string; source: string }) => [p.id, p.source])).toEqual([
            ['checkout', 'agora.yaml'],
            ['docs', 'portal'],
          ]);
        } catch (err) {
          // Where the page was and what it said, for a failure seen only on a loaded machine.
          const pages = browser.contexts().flatMap((c) => c.pages());
          for (const p of pages)
            console.error(`page ${p.url()}:`, (await p.textContent('body'))?.slice(0, 2000));
          throw err;
        } finally {
          await browser.close();
        }
      },
    );
});
