// The issue 11 half of `npm run bench -- forge`: what item ingestion asks of the forge per 1,000 repos (a first
// ingestion, quiet re-crawls, a re-crawl where 1 % of items changed), counted on the test forge by running
// the crawl's own ingestion (`ingestRepoItems`) for every repo of a github source — no git, which the crawl
// rounds measure; and the organisation roll-up with PR metrics (`orgItemMetrics`) over a store seeded
// directly with 1,000 repos and 200,000 pull requests (target ≤ 1 s).

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { emptyFacts } from '../src/analyse/index.ts';
import { configSchema, type LoadedConfig } from '../src/config/schema.ts';
import { ingestRepoItems } from '../src/crawl/forge-items.ts';
import { createRng } from '../src/demo/prng.ts';
import { orgItemMetrics } from '../src/metrics/forge-items.ts';
import { makeLoginBotTest } from '../src/metrics/forge-people.ts';
import { ForgeSource } from '../src/sources/forge/source.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { loadHttpCache, saveHttpCache } from '../src/store/queries/forge.ts';
import { type ItemRow, saveItemCursor, saveItemPage } from '../src/store/queries/forge-items.ts';
import { saveRepoCrawl } from '../src/store/queries/repos-write.ts';
import { type FakeItem, type ItemsModel, installItems } from '../test/helpers/forge/items.ts';
import { type ForgeServer, startForgeServer } from '../test/helpers/forge/server.ts';
import { benchRef, pool, removeOwned, table } from './lib.ts';

const TOKEN = 'bench-items-token';
const HOUR = 3_600_000;

export interface ItemRound {
  name: string;
  ms: number;
  /** Item requests (the org listing left out), all and those GitHub counts against its rate limit. */
  requests: number;
  rateLimited: number;
  itemsStored: number;
}

/** A forge org of `repos` repos with `perRepo` items each: half PRs (reviewed, merged), half issues. */
function fill(forge: ForgeServer, model: ItemsModel, repos: number, perRepo: number): void {
  const start = Date.parse('2025-01-01T00:00:00Z');
  for (let r = 1; r <= repos; r++) {
    forge.add({ id: r, forge: 'github', owner: 'bench', name: `svc-${r}` });
    for (let n = 1; n <= perRepo; n++) {
      const created = start + (r * perRepo + n) * 60_000;
      const iso = (h: number) => new Date(created + h * HOUR).toISOString();
      if (n % 2 === 0) {
        const pr = model.item({
          repo: r,
          kind: 'pr',
          number: n,
          title: `pr ${n}`,
          author: `dev${n % 7}`,
          createdAt: iso(0),
          state: 'closed',
          closedAt: iso(5),
          mergedAt: iso(5),
          mergedBy: `dev${(n + 1) % 7}`,
        });
        model.event(pr, { type: 'review', author: `dev${(n + 1) % 7}`, at: iso(2), state: 'APPROVED' });
      } else {
        const issue = model.item({
          repo: r,
          kind: 'issue',
          number: n,
          title: `issue ${n}`,
          author: `dev${n % 5}`,
          createdAt: iso(0),
        });
        // Every other issue has a comment; the rest are not asked for theirs (the listing counts none).
        if (n % 4 === 1) model.event(issue, { type: 'comment', author: `dev${(n + 2) % 5}`, at: iso(1) });
      }
    }
  }
}

/** Changes every 100th item (a new comment, so its update time moves): 1 % of them. */
function changeOnePercent(model: ItemsModel, at: string): number {
  let changed = 0;
  model.items.forEach((item: FakeItem, i) => {
    if (i % 100 !== 0) return;
    model.event(item, { type: 'comment', author: 'late', at });
    changed++;
  });
  return changed;
}

/** Ingestion rounds over `repos` repos with `perRepo` items each; counts the forge's item requests. */
export async function itemRounds(dir: string, repos: number, perRepo: number): Promise<ItemRound[]> {
  await removeOwned(dir);
  await mkdir(dir, { recursive: true });
  const forge = await startForgeServer({ token: TOKEN });
  const model = installItems(forge);
  fill(forge, model, repos, perRepo);
  const store = await openStore({ url: `sqlite:${path.join(dir, 'items.db')}`, dataDir: dir });
  const source = new ForgeSource({
    name: 'gh',
    config: {
      type: 'github',
      url: forge.githubApi,
      tokenEnv: 'BENCH_ITEMS_TOKEN',
      orgs: ['bench'],
      users: [],
      archived: false,
      forks: false,
      concurrency: 4,
      timeoutSeconds: 60,
      items: {},
    } as never,
    env: { BENCH_ITEMS_TOKEN: TOKEN },
  });
  const isBotLogin = makeLoginBotTest(configSchema.parse({}).bots);
  const round = async (name: string): Promise<ItemRound> => {
    const httpCache = await loadHttpCache(store.db, source.name);
    const refs: { id: string; fullName: string; forgeId: string }[] = [];
    for await (const ref of source.list({ onProblem: () => {}, httpCache })) {
      refs.push({ id: ref.id, fullName: ref.fullName, forgeId: ref.forge?.id as string });
    }
    const items = source.items();
    if (!items) throw new Error('no items client');
    forge.requests.length = 0;
    const started = performance.now();
    const results = await pool(refs, 4, (ref) =>
      ingestRepoItems({
        db: store.db,
        repoId: ref.id,
        repo: { fullName: ref.fullName, forgeId: ref.forgeId },
        client: items.client,
        maxPages: items.maxPages,
        timeBudgetMs: items.timeBudgetMs,
        isBotLogin,
        source: source.name,
      }),
    );
    const ms = performance.now() - started;
    await saveHttpCache(store.db, httpCache, { complete: true, now: new Date().toISOString() });
    const api = forge.requests.filter((q) => q.kind === 'api');
    const problems = results.filter((r) => r.problem);
    if (problems.length) throw new Error(`${name}: ${problems[0].problem?.message}`);
    return {
      name,
      ms,
      requests: api.length,
      rateLimited: api.filter((q) => q.status !== 304).length,
      itemsStored: results.reduce((n, r) => n + r.items, 0),
    };
  };
  try {
    const rounds = [
      await round('first ingestion'),
      await round('re-crawl, nothing changed (cursor just moved)'),
      await round('re-crawl, nothing changed'),
    ];
    changeOnePercent(model, new Date().toISOString());
    rounds.push(await round('re-crawl, 1 % of items changed'));
    rounds.push(await round('re-crawl after it, nothing changed'));
    return rounds;
  } finally {
    await store.close();
    await forge.close();
  }
}

const TEAMS = 40;
const PEOPLE = 25;

function rollupConfig(): LoadedConfig {
  const teams: Record<string, unknown> = {};
  for (let t = 0; t < TEAMS; t++) {
    teams[`team-${t}`] = {
      members: Array.from({ length: PEOPLE }, (_, k) => ({ login: `u${t}-${k}` })),
      repos: [`svc-${t}-*`],
    };
  }
  return { config: configSchema.parse({ teams }), file: null, baseDir: process.cwd() };
}

/** A store of `repos` repos (every one owned by one of 40 teams) with `prs` pull requests spread over a year. */
async function seedRollup(store: Store, repos: number, prs: number, now: number): Promise<void> {
  const rand = createRng(11).next;
  const perRepo = Math.ceil(prs / repos);
  const iso = (t: number) => new Date(t).toISOString();
  for (let r = 0; r < repos; r++) {
    const team = r % TEAMS;
    const name = `svc-${team}-${r}`;
    const ref = benchRef(name);
    await saveRepoCrawl(store.db, {
      ref,
      head: 'f'.repeat(40),
      branch: 'main',
      facts: emptyFacts(),
      files: [],
      commits: [],
      findings: [],
      crawlId: 1,
      now: iso(now),
    });
    const rows: ItemRow[] = [];
    for (let n = 1; n <= perRepo && r * perRepo + n <= prs; n++) {
      // 70 % from the owning team, the rest from another team or from nobody's.
      const t = rand() < 0.7 ? team : Math.floor(rand() * (TEAMS + 5));
      const author = t < TEAMS ? `u${t}-${Math.floor(rand() * PEOPLE)}` : `guest${Math.floor(rand() * 100)}`;
      const created = now - Math.floor(rand() * 365 * 24) * HOUR;
      const fate = rand();
      const response = rand() < 0.85 ? created + Math.floor(rand() * 72 * HOUR) : null;
      const end = created + Math.floor(rand() * 240 * HOUR);
      const merged = fate < 0.7 && end < now ? end : null;
      const closed = merged ?? (fate < 0.85 && end < now ? end : null);
      rows.push({
        repo_id: ref.id,
        kind: 'pr',
        number: n,
        forge_id: String(r * perRepo + n),
        title: `pr ${n}`,
        web_url: null,
        state: merged ? 'merged' : closed ? 'closed' : 'open',
        draft: 0,
        author_login: author,
        author_is_bot: 0,
        labels: '[]',
        reviewers: '[]',
        created_at: iso(created),
        updated_at: iso(closed ?? created),
        closed_at: closed === null ? null : iso(closed),
        merged_at: merged === null ? null : iso(merged),
        merged_by: null,
        first_response_at: response !== null && response < now ? iso(response) : null,
        first_responder: null,
        first_review_at: response !== null && response < now && rand() < 0.8 ? iso(response) : null,
        comments: 1,
      });
    }
    await saveItemPage(store.db, ref.id, rows, new Map());
    await saveItemCursor(store.db, ref.id, {
      updatedCursor: iso(now),
      complete: true,
      lastRunAt: iso(now),
      itemsSeen: rows.length,
      problemCode: null,
      problem: null,
    });
  }
}

export interface RollupResult {
  repos: number;
  prs: number;
  seedMs: number;
  /** Wall and CPU ms of each run of `orgItemMetrics` (the first reads a cold page cache). */
  runs: { ms: number; cpuMs: number }[];
  teams: number;
  prsInWindow: number;
}

/** Times the organisation roll-up with PR metrics over a seeded store. */
export async function rollupBench(dir: string, repos: number, prs: number): Promise<RollupResult> {
  await removeOwned(dir);
  await mkdir(dir, { recursive: true });
  const store = await openStore({ url: `sqlite:${path.join(dir, 'rollup.db')}`, dataDir: dir });
  const now = Date.parse('2025-06-01T00:00:00Z');
  try {
    const seedStart = performance.now();
    await seedRollup(store, repos, prs, now);
    const seedMs = performance.now() - seedStart;
    const loaded = rollupConfig();
    const runs: { ms: number; cpuMs: number }[] = [];
    let last: Awaited<ReturnType<typeof orgItemMetrics>> | null = null;
    for (let i = 0; i < 3; i++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      last = await orgItemMetrics(store, loaded, { now: new Date(now) });
      const used = process.cpuUsage(cpu);
      runs.push({ ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 });
    }
    return {
      repos,
      prs,
      seedMs,
      runs,
      teams: last?.teams.length ?? 0,
      prsInWindow: last?.numbers.prs.opened ?? 0,
    };
  } finally {
    await store.close();
  }
}

/** The section text for docs/PERFORMANCE.md. */
export function itemsSection(
  repos: number,
  perRepo: number,
  rounds: ItemRound[],
  rollup: RollupResult,
  machine: string,
): string {
  const per1000 = (n: number) => Math.round((n * 1000) / repos).toLocaleString('en');
  return [
    `## Issues and pull requests: requests per 1,000 repos and the org roll-up (\`npm run bench -- forge\`)`,
    '',
    machine,
    '',
    `Item ingestion of a github source of ${repos.toLocaleString('en')} repos with ${perRepo} items each on the test forge (half PRs, each reviewed and merged; half issues, every other one with a comment), by the crawl's own \`ingestRepoItems\`, 4 repos at a time; counts scaled to 1,000 repos.`,
    '',
    table(
      ['round', 'wall', 'item requests', 'per 1,000 repos', 'rate-limited per 1,000 repos', 'items stored'],
      rounds.map((r) => [
        r.name,
        `${(r.ms / 1000).toFixed(1)} s`,
        r.requests.toLocaleString('en'),
        per1000(r.requests),
        per1000(r.rateLimited),
        r.itemsStored.toLocaleString('en'),
      ]),
    ),
    '',
    `Org roll-up with PR metrics (\`orgItemMetrics\`: numbers, 12 months, ${rollup.teams} teams, help edges) over a SQLite store seeded with ${rollup.repos.toLocaleString('en')} repos and ${rollup.prs.toLocaleString('en')} PRs over a year (${rollup.prsInWindow.toLocaleString('en')} in the 90-day window); seeding took ${(rollup.seedMs / 1000).toFixed(1)} s.`,
    '',
    table(
      ['run', 'wall', 'CPU'],
      rollup.runs.map((r, i) => [String(i + 1), `${Math.round(r.ms)} ms`, `${Math.round(r.cpuMs)} ms`]),
    ),
  ].join('\n');
}
