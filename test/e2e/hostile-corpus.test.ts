// The whole hostile corpus (test/fixtures/hostile/corpus.ts) crawled through the CLI on both stores: the
// crawl ends within its budget with the documented exit status, every benign repository is stored in full,
// every hostile one has a finding that names its problem, and the portal stays live while it serves them.
//
// Budgets (stated here, measured by `npm run bench -- hostile`, see docs/PERFORMANCE.md):
//   - the first crawl of the corpus: CRAWL_BUDGET_MS; the crawl is killed there, so a hang fails the test;
//   - /health while hostile pages are requested: HEALTH_BUDGET_MS per answer more than just before the page
//     (the machine's own load is not the server's doing), re-measured on a fresh server before it fails.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildHostileCorpus, type CorpusEntry, type HostileCorpus } from '../fixtures/hostile/corpus.ts';
import { type CliResult, runCli } from '../helpers/cli.ts';
import { type DatabaseUnderTest, describeEachDatabase } from '../helpers/databases.ts';
import { tmpDir } from '../helpers/gitdir.ts';
import { type Served, startServe } from '../helpers/serve.ts';
import { showRepo, storeUrl } from '../helpers/store-state.ts';

const CRAWL_BUDGET_MS = 180_000;
const HEALTH_BUDGET_MS = 100;
/**
 * Half the 4 s render budget for the crawls and servers here (`AGORA_RENDER_TIME_MS`): the over-budget documents
 * (strikes, table; README and CONTRIBUTING, rendered and parsed) each hold a worker until it is ended.
 */
const RENDER_ENV = { AGORA_RENDER_TIME_MS: '2000' };

/** One corpus for both stores (each gets its own data folder and config file). */
const CORPUS = await buildHostileCorpus(await tmpDir('agora-hostile-'));
const HOSTILE = CORPUS.entries.filter((e) => e.kind !== 'benign');
const BENIGN = CORPUS.entries.filter((e) => e.kind === 'benign');

interface Finding {
  code: string;
  message: string;
  path?: string;
}

/** Ids of the repos that have stored check results. */
async function checkedRepos(dataDir: string, db: DatabaseUnderTest): Promise<string[]> {
  const query = 'select distinct repo_id as id from check_results';
  if (db.kind === 'sqlite') {
    const sqlite = new Sqlite(join(dataDir, 'agora.db'), { readonly: true });
    try {
      return (sqlite.prepare(query).all() as { id: string }[]).map((r) => r.id);
    } finally {
      sqlite.close();
    }
  }
  const client = new pg.Client({ connectionString: db.url() });
  await client.connect();
  try {
    return (await client.query<{ id: string }>(query)).rows.map((r) => r.id);
  } finally {
    await client.end();
  }
}

/** Every row of every table of a store, as text. */
async function storeDump(dataDir: string, db: DatabaseUnderTest): Promise<string> {
  if (db.kind === 'sqlite') {
    return readdirSync(dataDir)
      .filter((f) => f.startsWith('agora.db'))
      .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
      .join('\n');
  }
  const client = new pg.Client({ connectionString: db.url() });
  await client.connect();
  try {
    const tables = await client.query<{ t: string }>(
      'select table_name as t from information_schema.tables where table_schema = current_schema()',
    );
    const parts: string[] = [];
    for (const { t } of tables.rows)
      parts.push(JSON.stringify((await client.query(`select * from "${t}"`)).rows));
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

describeEachDatabase('hostile corpus', (db) => {
  let c: HostileCorpus;
  let config: string;
  let dataDir: string;
  let first: CliResult;
  const cli = (args: string[], timeoutMs = 60_000) =>
    runCli(['--json', '--config', config, ...args], {
      cwd: c.dir,
      env: { ...RENDER_ENV, ...db.env() },
      timeoutMs,
    });
  // `agora show --json`'s answer, read in-process (one real `agora show` below checks it is the same).
  const show = (e: CorpusEntry) => showRepo(storeUrl(dataDir, db.url()), e.id);
  let served: Served | null = null;

  beforeAll(async () => {
    c = CORPUS;
    dataDir = join(c.dir, `data-${db.kind}`);
    config = join(c.dir, `agora-${db.kind}.yaml`);
    await writeFile(
      config,
      readFileSync(c.configFile, 'utf8').replace(/^dataDir: .*$/m, `dataDir: data-${db.kind}`),
    );
    first = await cli(['crawl'], CRAWL_BUDGET_MS);
  }, 120_000 + CRAWL_BUDGET_MS);

  it(`crawls the corpus within ${CRAWL_BUDGET_MS / 1000} s, failing exactly the bad URLs (exit 1)`, () => {
    // Killed at the budget: a hang or a crawl far too slow.
    expect(first.signal).toBeNull();
    // Documented: exit 1 when any repository failed; only the URLs that must not be cloned fail.
    expect(first.code).toBe(1);
    expect(first.json.repos).toMatchObject({
      total: c.entries.length + c.urls.length,
      failed: c.urls.length,
    });
    expect(first.json.failed.map((f: { id: string }) => f.id).sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^hostile-urls:/)]),
    );
    for (const f of first.json.failed as { id: string }[]) expect(f.id).toMatch(/^hostile-urls:/);
  });

  it('runs nothing a URL asks for and leaks no token (ext::, option-like URLs, 15.8)', async () => {
    for (const u of c.urls) if (u.canary) expect(existsSync(u.canary)).toBe(false);
    const secrets = c.urls.flatMap((u) => (u.secret ? [u.secret] : []));
    const text = first.stdout + first.stderr + (await storeDump(dataDir, db));
    for (const s of secrets) expect(text).not.toContain(s);
  });

  it('stores every benign repository in full: facts, commits and a check run', async () => {
    for (const e of BENIGN) {
      const d = await show(e);
      expect(d.facts, e.name).not.toBeNull();
      expect(d.commits.count, e.name).toBe(e.commits);
      expect(d.docs.length, e.name).toBeGreaterThan(0);
      const mine = d.findings.filter((f: Finding) => f.code === 'ANALYSER_FAILED');
      expect(mine, e.name).toEqual([]);
    }
    expect(await checkedRepos(dataDir, db)).toEqual(expect.arrayContaining(BENIGN.map((e) => e.id)));
    const real = await cli(['show', BENIGN[0].id]);
    expect(real.code).toBe(0);
    expect(real.json).toEqual(await show(BENIGN[0]));
  });

  it.each(HOSTILE)('records a finding that names the problem: $name ($item)', async (e) => {
    const d = await show(e);
    expect(d?.id, `${e.id} was not stored`).toBe(e.id);
    const findings = (d.findings ?? []) as Finding[];
    expect(findings.filter((f) => f.code === 'ANALYSER_FAILED')).toEqual([]);
    if (e.finding) {
      const named = findings.filter((f) => e.finding?.test(`${f.code} ${f.message} ${f.path ?? ''}`));
      expect(named, JSON.stringify(findings)).not.toEqual([]);
    } else {
      expect(d.facts).not.toBeNull();
    }
    if (e.commits !== undefined) expect(d.commits.count).toBe(e.commits);
    for (const owner of e.owners ?? []) expect(JSON.stringify(d.owners)).toContain(owner);
  });

  it('reads back every row: stored dates and authors never break a reader (15.1, 15.15)', async () => {
    for (const args of [['repos', '--status', 'all'], ['metrics'], ['export', '--format', 'json']]) {
      const r = await cli(args);
      expect(r.stderr, args.join(' ')).not.toMatch(/Invalid time value|RangeError/);
      expect(r.code, args.join(' ')).toBe(0);
    }
    // git's format placeholders stored as data: an author line parsed wrongly.
    expect((await storeDump(dataDir, db)).match(/%a[NnEe]/)?.[0] ?? null).toBeNull();
  });

  it(
    'counts nothing as changed on a second crawl (15.16)',
    async () => {
      const again = await cli(['crawl'], CRAWL_BUDGET_MS);
      expect(again.signal).toBeNull();
      expect(again.json.repos).toMatchObject({ changed: 0, new: 0, failed: c.urls.length });
    },
    CRAWL_BUDGET_MS + 10_000,
  );

  afterAll(async () => {
    await served?.stop();
  });

  it(`answers /health within ${HEALTH_BUDGET_MS} ms while each hostile page is requested (15.2, 15.5)`, async () => {
    const start = async () => {
      await served?.stop();
      served = await startServe(c.dir, {
        env: { ...RENDER_ENV, ...db.env() },
        args: ['--config', config],
        timeoutMs: 120_000,
      });
      // Warm up what the first requests of any portal build (catalogue, metrics): not the hostile part.
      for (const page of [
        '/api/v1/projects',
        '/api/v1/dashboard',
        `/api/v1/projects/${encodeURIComponent(BENIGN[0].id)}`,
      ]) {
        await fetch(served.url + page).then((r) => r.arrayBuffer());
      }
      return served.url;
    };
    const health = async (base: string) => {
      const t = performance.now();
      await fetch(`${base}/health`).then((r) => r.arrayBuffer());
      return performance.now() - t;
    };
    /**
     * How much slower /health answered while `page` was being answered (asked at least once) than just before
     * (the median of 5: what the machine's load alone costs each answer), and the page's status.
     */
    const measure = async (base: string, page: string) => {
      const idle: number[] = [];
      for (let i = 0; i < 5; i++) idle.push(await health(base));
      const baseline = idle.sort((a, b) => a - b)[2];
      let status = 0;
      const request = fetch(base + page, { signal: AbortSignal.timeout(120_000) }).then(async (r) => {
        await r.arrayBuffer();
        status = r.status;
      });
      let done = false;
      const finished = () => {
        done = true;
      };
      request.then(finished, finished);
      let worst = 0;
      do {
        worst = Math.max(worst, await health(base));
        await new Promise((r) => setTimeout(r, 10));
      } while (!done);
      await request.catch(() => {});
      return { ms: Math.round(worst - baseline), status };
    };
    let base = await start();
    // Retries are for the odd hiccup: more pages than this over the budget is a failure as it stands.
    let retriesLeft = 12;
    const slow: { page: string; ms: number[] }[] = [];
    const statuses: { page: string; status: number }[] = [];
    for (const e of HOSTILE) {
      const id = encodeURIComponent(e.id);
      const pages = [
        `/api/v1/projects/${id}`,
        `/api/v1/projects/${id}/readme`,
        `/api/v1/projects/${id}/activity`,
        ...(e.documents ?? []).map((p) => `/api/v1/projects/${id}/files/${p}`),
        `/projects/${id}`,
      ];
      for (const page of pages) {
        const first = await measure(base, page);
        // Every hostile project is stored, so its project page exists (a 404 would time nothing).
        if (page === `/api/v1/projects/${id}`) statuses.push({ page, status: first.status });
        if (first.ms <= HEALTH_BUDGET_MS) continue;
        // Over the budget once: a blocked event loop, or a moment when the (shared, loaded) machine ran other
        // work. A fresh server (nothing cached in memory) asked for the same page tells them apart: a page that
        // blocks the loop does so every time; the machine's hiccups do not repeat on the same page.
        const times = [first.ms];
        for (let retry = 0; retry < 2 && retriesLeft > 0 && Math.min(...times) > HEALTH_BUDGET_MS; retry++) {
          retriesLeft--;
          base = await start();
          times.push((await measure(base, page)).ms);
        }
        if (Math.min(...times) > HEALTH_BUDGET_MS) slow.push({ page, ms: times });
      }
    }
    expect(statuses.filter((s) => s.status !== 200)).toEqual([]);
    expect(slow).toEqual([]);
  }, 600_000);
});
