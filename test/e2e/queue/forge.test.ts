// A forge source crawled through `agora worker` on PostgreSQL, against the test forge: two workers leave the
// same issue and pull request rows (and cursors, and forge logins) as an in-process crawl; when only an item
// moved (no push), the repo is recorded unchanged and its checks are evaluated again, as in-process; and the
// two workers together keep the source's `requestsPerSecond`: in any second the forge sees at most one
// second's worth plus one burst of API requests (one budget per host, in the database).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../../helpers/cli.ts';
import { createTempPgDatabase, pgUnavailableReason } from '../../helpers/databases.ts';
import { type FakeItem, type ItemsModel, installItems } from '../../helpers/forge/items.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { gitdir, tmpDir } from '../../helpers/gitdir.ts';

const TOKEN = `queue-forge-${Math.random().toString(36).slice(2, 10)}`;
const REPOS = 6;
/** The source's budget: requests a second (the burst is one second's worth). */
const RATE = 5;

const pgReason = await pgUnavailableReason();
if (pgReason && process.env.CI !== 'true') {
  describe.skip(`forge crawls through workers [postgres] — skipped, because ${pgReason}`, () => {});
} else {
  describe('forge crawls through workers [postgres]', () => {
    const heartbeatBefore = process.env.AGORA_QUEUE_HEARTBEAT_MS;
    let root: string;
    let forge: ForgeServer;
    let model: ItemsModel;
    const issues: FakeItem[] = [];
    const dbs: { url: string; drop: () => Promise<void> }[] = [];
    const children: ReturnType<typeof startCli>[] = [];

    beforeAll(async () => {
      if (pgReason) throw new Error(`CI=true but ${pgReason}`);
      process.env.AGORA_QUEUE_HEARTBEAT_MS = '750';
      root = await tmpDir('agora-queue-forge-');
      forge = await startForgeServer({ token: TOKEN });
      model = installItems(forge);
      const bare = await gitdir(
        { 'README.md': '# Tool\n\nDoes things.\n', 'CONTRIBUTING.md': '# Contributing\n' },
        { dir: join(root, 'forge', 'tool.git'), bare: true },
      );
      for (let r = 0; r < REPOS; r++) {
        const id = 300 + r;
        forge.add({
          id,
          forge: 'github',
          owner: 'acme',
          name: `tool-${r}`,
          gitDir: bare,
          pushedAt: '2025-01-01T00:00:00Z',
        });
        const issue = model.item({
          repo: id,
          kind: 'issue',
          number: 1,
          title: `bug ${r}`,
          author: 'ann',
          createdAt: '2025-01-02T00:00:00Z',
        });
        model.event(issue, { type: 'comment', author: 'bob', at: '2025-01-02T05:00:00Z' });
        issues.push(issue);
        const pr = model.item({
          repo: id,
          kind: 'pr',
          number: 2,
          title: `fix ${r}`,
          author: 'cy',
          createdAt: '2025-01-03T00:00:00Z',
        });
        model.event(pr, { type: 'review', author: 'ann', at: '2025-01-03T02:00:00Z', state: 'APPROVED' });
        model.commits.push({
          repo: id,
          sha: `${r}`.repeat(40).slice(0, 40),
          login: 'ann',
          email: 'ann@example.com',
          date: '2025-01-02T00:00:00Z',
        });
      }
      writeFileSync(
        join(root, 'agora.yaml'),
        [
          'dataDir: data',
          'sources:',
          '  - type: github',
          `    url: ${forge.githubApi}`,
          '    orgs: [acme]',
          '    tokenEnv: FORGE_TOKEN',
          `    requestsPerSecond: ${RATE}`,
          '',
        ].join('\n'),
      );
      // The in-process reference needs no budget (it would only take longer).
      writeFileSync(
        join(root, 'unlimited.yaml'),
        readFileSync(join(root, 'agora.yaml'), 'utf8').replace(/ {4}requestsPerSecond.*\n/, ''),
      );
    });
    afterAll(async () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await Promise.all(
        children.map((c) =>
          c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('close', r)) : null,
        ),
      );
      for (const db of dbs) await db.drop().catch(() => {});
      await forge?.close();
      if (heartbeatBefore === undefined) delete process.env.AGORA_QUEUE_HEARTBEAT_MS;
      else process.env.AGORA_QUEUE_HEARTBEAT_MS = heartbeatBefore;
    });

    const cli = (url: string, args: string[]) =>
      runCli(['--json', ...args], {
        cwd: root,
        env: { DATABASE_URL: url, FORGE_TOKEN: TOKEN },
        timeoutMs: 120_000,
      });
    const query = async <T>(url: string, text: string): Promise<T[]> => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(text)).rows as T[];
      } finally {
        await c.end();
      }
    };
    /** What item ingestion left in a store (nothing of when it ran). */
    const items = async (url: string) => ({
      items: await query(
        url,
        `select repo_id, kind, number, forge_id, title, state, author_login, reviewers, created_at, updated_at,
           first_response_at, first_responder, first_review_at, comments from forge_items order by 1, 2, 3`,
      ),
      events: await query(
        url,
        `select repo_id, item_kind, item_number, kind, forge_id, author_login, created_at, review_state
           from forge_item_events order by 1, 2, 3, 5`,
      ),
      cursors: await query(
        url,
        'select repo_id, updated_cursor, complete, items_seen, problem_code from forge_item_cursors order by 1',
      ),
      logins: await query(url, 'select source, login, email from forge_logins order by 1, 2, 3'),
    });
    /** The crawl whose check run last evaluated each repo. */
    const checkedBy = async (url: string) =>
      Object.fromEntries(
        (
          await query<{ repo_id: string; crawl: number }>(
            url,
            'select repo_id, max(crawl_id) as crawl from check_results group by repo_id order by 1',
          )
        ).map((r) => [r.repo_id, Number(r.crawl)]),
      );
    /** The most API requests the forge answered in any `windowMs` from `from` on. */
    const busiest = (from: number, windowMs: number) => {
      const times = forge.requests
        .slice(from)
        .filter((q) => q.kind === 'api')
        .map((q) => q.at)
        .sort((a, b) => a - b);
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i] - times[j] >= windowMs) j++;
        most = Math.max(most, i - j + 1);
      }
      return { most, total: times.length };
    };

    it('two workers: the same issues and PRs as in-process, an item-only change re-checks the repo, one request budget per host', async () => {
      const [inProcess, queued] = await Promise.all([createTempPgDatabase(), createTempPgDatabase()]);
      dbs.push(inProcess, queued);
      // The workers start while the in-process reference crawls (a crawl queued later is theirs).
      // Each worker's --json lines say which jobs it ran; its stderr explains a worker that ran none.
      const logs = [0, 1].map(() => ({ out: '', err: '' }));
      for (const log of logs) {
        const child = startCli(['--json', 'worker', '--concurrency', '2', '--poll', '0.5'], {
          cwd: root,
          env: { DATABASE_URL: queued.url, FORGE_TOKEN: TOKEN },
        });
        child.stdout.on('data', (d: Buffer) => {
          log.out += d.toString();
        });
        child.stderr.on('data', (d: Buffer) => {
          log.err += d.toString();
        });
        children.push(child);
      }
      const repoJobs = (log: { out: string }) =>
        log.out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { kind: string; queue?: string; ok?: boolean })
          .filter((e) => e.kind === 'job' && e.queue === 'agora-repo' && e.ok).length;
      const first = await cli(inProcess.url, ['--config', 'unlimited.yaml', 'crawl', '--in-process']);
      expect(first.stderr).toBe('');
      expect(first.json.repos).toMatchObject({ new: REPOS, failed: 0 });
      const expected = await items(inProcess.url);
      expect(expected.items).toHaveLength(2 * REPOS);
      expect(expected.events).toHaveLength(2 * REPOS);

      const from = forge.requests.length;
      const viaWorkers = await cli(queued.url, ['crawl', '--queue', '--wait']);
      expect(viaWorkers.code, viaWorkers.stdout + viaWorkers.stderr).toBe(0);
      expect(viaWorkers.json.repos).toMatchObject({ new: REPOS, failed: 0 });
      expect(await items(queued.url)).toEqual(expected);
      // Both workers took repo jobs (so the budget was shared, not one worker's), and kept the host's budget.
      const ran = logs.map(repoJobs);
      expect(
        ran.reduce((a, b) => a + b, 0),
        JSON.stringify(logs),
      ).toBe(REPOS);
      for (const n of ran) expect(n, JSON.stringify(logs)).toBeGreaterThan(0);
      // Any W seconds: at most RATE × W plus one burst (RATE), plus 4 for sends a loaded machine made late
      // (a late request and the next on-time one arrive closer than their slots). Two workers each with a
      // budget of their own send about twice that (19 in a second, measured).
      for (const seconds of [1, 2, 3]) {
        const load = busiest(from, seconds * 1000);
        expect(load.total).toBeGreaterThan(5 * RATE);
        expect(load.most, `requests in ${seconds} s`).toBeLessThanOrEqual(RATE * seconds + RATE + 4);
      }

      // No push; one issue gets a comment: the repo is unchanged, its items re-read and its checks re-evaluated.
      model.event(issues[0], { type: 'comment', author: 'dee', at: '2025-02-01T00:00:00Z' });
      const again = await cli(inProcess.url, ['--config', 'unlimited.yaml', 'crawl', '--in-process']);
      const againQueued = await cli(queued.url, ['crawl', '--queue', '--wait']);
      for (const r of [again, againQueued]) {
        expect(r.code).toBe(0);
        expect(r.json.repos).toMatchObject({ unchanged: REPOS, new: 0, changed: 0, failed: 0 });
      }
      expect(await items(queued.url)).toEqual(await items(inProcess.url));
      const checked = await checkedBy(queued.url);
      expect(checked).toEqual(await checkedBy(inProcess.url));
      expect(checked['github:acme/tool-0']).toBe(2);
      expect(checked['github:acme/tool-1']).toBe(1);
      // Each repo job keeps its item listing's validators (the next quiet crawl asks conditionally).
      const validators = await query<{ source: string }>(
        queued.url,
        "select distinct source from forge_http_cache where source like 'items:%' order by 1",
      );
      expect(validators.map((v) => v.source)).toContain('items:github:acme/tool-1');
    }, 120_000);
  });
}
