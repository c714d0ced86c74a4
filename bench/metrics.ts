// Benchmark: every repo's metrics and the organisation roll-up at 1,000 repos / 1,000,000 commits.
// Reuses a crawled bench database (bench/out/crawl.db) when present, else fills a SQLite store directly
// with synthetic history (the metrics read stored facts only, so how the rows got there does not matter).
// Usage: npm run bench -- metrics [--repos N] [--commits N] [--database URL] [--no-record]

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitRecord } from '../src/analyse/facts.ts';
import { emptyFacts } from '../src/analyse/index.ts';
import { configSchema, type LoadedConfig } from '../src/config/schema.ts';
import { createRng } from '../src/demo/prng.ts';
import { allRepoScores, orgRollup, repoMetrics } from '../src/metrics/service.ts';
import { openStore, type Store } from '../src/store/db.ts';
import { appendCommits, saveRepoCrawl } from '../src/store/queries/repos-write.ts';
import { benchRef, flag } from './lib.ts';

const DAY = 86_400;
const OUT = join(import.meta.dirname, 'out');
const DOC = join(import.meta.dirname, '..', 'docs', 'PERFORMANCE.md');

const TEAMS = 40;
const PEOPLE_PER_TEAM = 25;

function benchConfig(): LoadedConfig {
  const teams: Record<string, unknown> = {};
  for (let t = 0; t < TEAMS; t++) {
    teams[`team-${t}`] = { members: [`*@team${t}.example.com`], repos: t % 2 === 0 ? [`svc-${t}-*`] : [] };
  }
  return { config: configSchema.parse({ teams }), file: null, baseDir: process.cwd() };
}

async function fill(store: Store, repos: number, commits: number, now: number): Promise<void> {
  const rand = createRng(42).next;
  const perRepo = Math.floor(commits / repos);
  for (let r = 0; r < repos; r++) {
    const team = r % TEAMS;
    const name = `svc-${team}-${r}`;
    const packages = [
      {
        ecosystem: 'npm' as const,
        name: `@acme/${name}`,
        role: 'publishes' as const,
        manifest: 'package.json',
      },
      ...[1, 2, 3].map((k) => ({
        ecosystem: 'npm' as const,
        name: `@acme/svc-${(r * 7 + k * 13) % TEAMS}-${(r * 7 + k * 13) % repos}`,
        role: 'consumes' as const,
        manifest: 'package.json',
      })),
    ];
    await saveRepoCrawl(store.db, {
      ref: benchRef(name),
      head: 'f'.repeat(40),
      branch: 'main',
      facts: {
        ...emptyFacts(),
        owners:
          r % 3 === 1
            ? [
                {
                  owner: `@acme/team-${team}`,
                  kind: 'team',
                  source: 'codeowners',
                  pattern: '*',
                  catchAll: true,
                },
              ]
            : [],
        packages,
      },
      files: [],
      commits: [],
      findings: [],
      crawlId: 1,
      now: new Date(now * 1000).toISOString(),
    });
    const list: CommitRecord[] = [];
    for (let i = 0; i < perRepo; i++) {
      // 80% of commits from the owning team, the rest from anywhere; spread over three years.
      const t = rand() < 0.8 ? team : Math.floor(rand() * TEAMS);
      const email = `p${Math.floor(rand() * PEOPLE_PER_TEAM)}@team${t}.example.com`;
      const time = now - Math.floor(rand() * 3 * 365 * DAY);
      list.push({
        sha: `${r.toString(16).padStart(8, '0')}${i.toString(16).padStart(32, '0')}`,
        parents: 1,
        authorName: email,
        authorEmail: email,
        authorTime: time,
        committerTime: time,
        filesChanged: 1,
        additions: 1,
        deletions: 1,
        isBot: rand() < 0.02,
      });
    }
    await appendCommits(store.db, `bench:${name}`, list);
  }
  // The crawl keeps first/last commit per repo; do the same for the synthetic rows.
  const { sql } = await import('kysely');
  await sql`update repos set commit_count = (select count(*) from commits where repo_id = repos.id),
    first_commit_at = (select min(author_time) from commits where repo_id = repos.id),
    last_commit_at = (select max(author_time) from commits where repo_id = repos.id)`.execute(store.db);
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const out = await fn();
  return [out, performance.now() - start];
}

/** Wall time and this process's CPU time (ms): on a shared machine the CPU figure shows the work itself. */
async function timeCpu<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const cpu = process.cpuUsage();
  const [out, ms] = await time(fn);
  const used = process.cpuUsage(cpu);
  return [out, ms, (used.user + used.system) / 1000];
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length * 0.95)];
const round = (ms: number) => Math.round(ms);
const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** Runs the benchmark; returns the measured figures (ms) and records them in docs/PERFORMANCE.md. */
export async function run(args: string[] = []): Promise<Record<string, number | string>> {
  const repos = Number(flag(args, '--repos', '1000'));
  const commits = Number(flag(args, '--commits', '1000000'));
  const now = Math.floor(Date.parse('2025-06-01T00:00:00Z') / 1000);
  mkdirSync(OUT, { recursive: true });
  const crawled = join(OUT, 'crawl.db');
  let url = flag(args, '--database', '');
  let loaded = benchConfig();
  let source = 'synthetic store';
  const ownDb = join(OUT, `metrics-${repos}-${commits}.db`);
  if (!url && existsSync(crawled) && !args.includes('--synthetic')) {
    url = `sqlite:${crawled}`;
    source = 'crawled bench store (bench/out/crawl.db)';
    const yaml = join(OUT, 'agora.yaml');
    if (existsSync(yaml)) {
      const { parseConfig } = await import('../src/config/load.ts');
      const parsed = parseConfig(readFileSync(yaml, 'utf8'), yaml);
      if (parsed.config) loaded = { config: parsed.config, file: yaml, baseDir: OUT };
    }
  }
  let fillMs = 0;
  if (!url) {
    url = `sqlite:${ownDb}`;
    if (!existsSync(ownDb)) {
      const store = await openStore({ url, dataDir: OUT });
      try {
        [, fillMs] = await time(() => fill(store, repos, commits, now));
      } catch (err) {
        await store.close();
        rmSync(ownDb, { force: true });
        throw err;
      }
      await store.close();
    }
  }
  const store = await openStore({ url, dataDir: OUT });
  if (
    flag(args, '--database', '') &&
    (await store.db.selectFrom('repos').select('id').executeTakeFirst()) === undefined
  ) {
    source = 'synthetic store';
    [, fillMs] = await time(() => fill(store, repos, commits, now));
  }
  // Metrics at a time of day, as in real use: window edges then fall inside days, the harder case for the day
  // aggregates (those days are read from raw commits). Midnight (`now` of the synthetic history) is measured too.
  const at = Date.parse(flag(args, '--now', '2025-06-01T13:37:00Z'));
  const nowDate = new Date(at);
  const midnight = new Date(now * 1000);
  try {
    const [rollup, rollupMs, rollupCpu] = await timeCpu(() => orgRollup(store, loaded, { now: nowDate }));
    const [, rollupMidnightMs] = await time(() => orgRollup(store, loaded, { now: midnight }));
    const [scores, scoresMs, scoresCpu] = await timeCpu(() => allRepoScores(store, loaded, { now: nowDate }));
    const ids = Object.keys(scores);
    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 50)) === 0).slice(0, 50);
    const perRepo: number[] = [];
    const perRepoCpu: number[] = [];
    const perRepoMidnight: number[] = [];
    for (const id of sample) {
      const [, ms, cpu] = await timeCpu(() => repoMetrics(store, loaded, id, { now: nowDate }));
      perRepo.push(ms);
      perRepoCpu.push(cpu);
      perRepoMidnight.push((await time(() => repoMetrics(store, loaded, id, { now: midnight })))[1]);
    }
    const [, everyRepoMs] = args.includes('--skip-every')
      ? [null, Number.NaN]
      : await time(async () => {
          for (const id of ids) await repoMetrics(store, loaded, id, { now: nowDate });
        });
    const result = {
      source,
      database: url.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL',
      repos: rollup.repos,
      commits,
      now: nowDate.toISOString(),
      load: (await import('node:os')).loadavg()[0].toFixed(1),
      fillMs: round(fillMs),
      rollupMs: round(rollupMs),
      rollupCpuMs: round(rollupCpu),
      rollupMidnightMs: round(rollupMidnightMs),
      allRepoScoresMs: round(scoresMs),
      allRepoScoresCpuMs: round(scoresCpu),
      repoMedianMs: round1(median(perRepo)),
      repoP95Ms: round1(p95(perRepo)),
      repoMedianCpuMs: round1(median(perRepoCpu)),
      repoMidnightMedianMs: round1(median(perRepoMidnight)),
      everyRepoMs: round(everyRepoMs),
    };
    console.log(JSON.stringify(result, null, 2));
    if (!args.includes('--no-record')) record(result);
    return result;
  } finally {
    await store.close();
  }
}

function record(r: Record<string, number | string>): void {
  const block = [
    '<!-- bench:metrics:start -->',
    `Metrics (\`npm run bench -- metrics\`, ${r.source}, ${r.repos} repos / ${r.commits} commits over 3 years, ${r.database}, 2 cores shared (load average ${r.load} during the run); targets ≤ 2 s roll-up, ≤ 50 ms one repo; *now* = ${r.now}):`,
    '',
    '| operation | wall time | CPU time of the process |',
    '|---|---|---|',
    `| organisation roll-up (\`orgRollup\`, 90-day headline + 12 monthly points) | ${r.rollupMs} ms (${r.rollupMidnightMs} ms with *now* at midnight) | ${r.rollupCpuMs} ms |`,
    `| every repo's score, outside share and owner (\`allRepoScores\`) | ${r.allRepoScoresMs} ms | ${r.allRepoScoresCpuMs} ms |`,
    `| one repo's metrics (\`repoMetrics\`), median / p95 of 50 | ${r.repoMedianMs} / ${r.repoP95Ms} ms (median ${r.repoMidnightMedianMs} ms at midnight) | median ${r.repoMedianCpuMs} ms |`,
    `| every repo's metrics, one after another | ${r.everyRepoMs} ms | |`,
    '',
    'How: commits are read from `commit_days` (commits per repo, author, day and bot flag; migration 0200, kept',
    'in step by `appendCommits`/`saveRepoCrawl` in the same transaction). A day lies wholly in one bucket unless',
    'a window, week, month or team edge falls inside it; only those few days are read from raw commits, so every',
    'number is the same as grouping raw commits. The roll-up reads lean groups: no names and no earliest times',
    '(a group lies between two edges, so its lower edge answers every comparison the roll-up makes; a test',
    'compares lean and full roll-ups on SQLite and PostgreSQL), with owners looked up once per repo and alias/bot',
    'rules once per author. The synthetic history has about one commit per repo, author and day (988,906 day',
    'rows for 1,000,000 commits), so here the day aggregate saves little; real teams commit several times a day.',
    'Before the lean roll-up (same store, load 1.2, measured 2026-11-25): roll-up 1,345–1,657 ms first call,',
    '1,166–1,218 ms warm; after: 1,057–1,122 ms first call, 861–876 ms warm. Where the time goes now: SQLite',
    'grouping 330,000 day rows of the last year into 245,000 (repo, author, bucket) groups, about 600 ms.',
    '<!-- bench:metrics:end -->',
  ].join('\n');
  const text = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Performance\n\n';
  const re = /<!-- bench:metrics:start -->[\s\S]*?<!-- bench:metrics:end -->/;
  writeFileSync(DOC, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run(process.argv.slice(2));
}
