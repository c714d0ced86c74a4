// Benchmark: the portal's search API at 10,000 repos under concurrent load on loopback, the web UI's
// first-load JavaScript size, and the project pages (project, activity, README) of a repo with a long history.
// The store is filled directly with synthetic repos (descriptions, READMEs, topics, innersource.json, a few
// commits each), plus one repo with a long history generated with git fast-import and crawled for real; the
// server runs as `agora serve` in a child process so the load generator does not share its event loop.
// Usage: npm run bench -- serve [--quick] [--pages] [--repos N] [--long-commits N] [--concurrency C]
//        [--seconds S] [--queries N] [--profile DIR] [--no-record]
//   --quick  1,000 synthetic repos, 5 s runs;  --pages  only the project-page run (its own PERFORMANCE section)
//   --bin FILE --store DIR  serve with another checkout's bin/agora.js from a prepared store (before/after runs)

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CommitRecord, RepoFacts } from '../src/analyse/facts.ts';
import { fastImport } from '../src/demo/fast-import.ts';
import { createRng } from '../src/demo/prng.ts';
import { openStore } from '../src/store/db.ts';
import { saveRepoCrawl } from '../src/store/queries/repos-write.ts';
import { benchRef, flag, machineLine, ROOT, writePerformanceSection } from './lib.ts';

const DAY = 86_400;
const OUT = join(ROOT, 'bench', 'out');

const WORDS = (
  'payments ledger invoice billing checkout cart catalogue search index query ranking recommendation ' +
  'analytics warehouse pipeline stream kafka events notification email sms push gateway proxy auth identity ' +
  'login session token oauth permissions audit logging metrics tracing monitoring alerting dashboard report ' +
  'export import csv pdf image thumbnail upload storage cache redis queue worker scheduler cron batch ' +
  'migration schema database postgres mysql mongo graphql rest grpc client sdk library component widget ' +
  'design system theme button form table chart map geo address shipping delivery inventory pricing tax ' +
  'currency fraud risk compliance gdpr consent privacy security scanner secrets vault kubernetes helm ' +
  'terraform deploy release pipeline testing fixtures mock contract performance load benchmark profile'
).split(' ');
const LANGS = ['TypeScript', 'Java', 'Go', 'Python', 'Kotlin', 'C#', 'Rust', 'Ruby', 'PHP', 'JavaScript'];
/** Search-as-you-type traffic: one or two words, some with a typo, the last word often still being typed. */
function makeQueries(count: number, seed: number): string[] {
  const rand = createRng(seed).next;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: rand() < 0.6 ? 1 : 2 }, () => pick(WORDS));
    const r = rand();
    const last = words.length - 1;
    if (r < 0.3) words[last] = words[last].slice(0, 2 + Math.floor(rand() * (words[last].length - 2)));
    else if (r < 0.5 && words[last].length > 5) {
      const at = 1 + Math.floor(rand() * (words[last].length - 2));
      words[last] = words[last].slice(0, at) + words[last].slice(at + 1);
    }
    out.push(words.join(' '));
  }
  return out;
}

/** Fills a SQLite store with `repos` synthetic repositories (about 1 s per 1,000). */
async function fillStore(url: string, dataDir: string, repos: number): Promise<void> {
  const store = await openStore({ url, dataDir });
  const rand = createRng(7).next;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const SYLLABLES = [
    'ka',
    'lo',
    'mi',
    'ne',
    'tu',
    'ra',
    'si',
    'po',
    've',
    'da',
    'xo',
    'be',
    'fu',
    'gi',
    'zo',
  ];
  const prose = (n: number) =>
    Array.from({ length: n }, () =>
      rand() < 0.3 ? pick(WORDS) : `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`,
    ).join(' ');
  const now = Math.floor(Date.now() / 1000);
  try {
    for (let r = 0; r < repos; r++) {
      const name = `${pick(WORDS)}-${pick(WORDS)}-${r}`;
      const team = r % 60;
      const lang = pick(LANGS);
      const readme = `# ${name}\n\n${prose(120)}.\n\n## Getting started\n\n${prose(60)}.\n\n## Contributing\n\n${prose(40)}.\n`;
      const facts: RepoFacts = {
        docs: [{ kind: 'readme', path: 'README.md', size: readme.length }],
        languages: [{ language: lang, bytes: 10_000 + Math.floor(rand() * 100_000), files: 20 }],
        primaryLanguage: lang,
        owners: [
          { owner: `@acme/team-${team}`, kind: 'team', source: 'codeowners', pattern: '*', catchAll: true },
        ],
        ci: [],
        tests: { testFiles: 0, testDirs: [] },
        packages: [],
        innersource:
          r % 4 === 0
            ? { title: name, skills: [lang, pick(WORDS)], contributions: [words(3), words(2)] }
            : null,
        catalog: null,
        readme: { path: 'README.md', text: readme, truncated: false },
        license: null,
        largeFiles: [],
        sensitiveFiles: [],
        dependencyUpdater: null,
        fileCount: 20,
        totalBytes: 100_000,
        findings: [],
      };
      const commits: CommitRecord[] = [];
      for (let i = 0; i < 5; i++) {
        const t = now - Math.floor(rand() * 400 * DAY);
        const email = `p${Math.floor(rand() * 30)}@team${rand() < 0.8 ? team : Math.floor(rand() * 60)}.example.com`;
        commits.push({
          sha: `${r.toString(16).padStart(8, '0')}${i.toString(16).padStart(32, '0')}`,
          parents: 1,
          authorName: email,
          authorEmail: email,
          authorTime: t,
          committerTime: t,
          filesChanged: 1,
          additions: 1,
          deletions: 1,
          isBot: false,
        });
      }
      await saveRepoCrawl(store.db, {
        ref: {
          ...benchRef(name),
          description: words(8 + Math.floor(rand() * 8)),
          topics: [pick(WORDS), pick(WORDS)],
        },
        head: 'f'.repeat(40),
        branch: 'main',
        facts,
        files: [],
        commits,
        findings: [],
        crawlId: 1,
        now: new Date(now * 1000).toISOString(),
      });
    }
  } finally {
    await store.close();
  }
}

/**
 * A repo with a real long history, like git's own: `commits` commits by 400 people of 25 teams over 12 years,
 * each changing one of 2,000 files, and a 40 KB README. Written with git fast-import (seconds, not minutes).
 */
async function generateLongRepo(dir: string, commits: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir]);
  const rand = createRng(11).next;
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const people = Array.from({ length: 400 }, (_, i) => ({
    name: `Person ${i}`,
    email: `person${i}@team${i % 25}.example.com`,
  }));
  const now = Math.floor(Date.now() / 1000);
  const start = now - 12 * 365 * DAY;
  const readme = [
    '# long-history\n\nA project with a long history, to measure project pages on real sizes.\n',
    ...Array.from(
      { length: 120 },
      (_, i) =>
        `## Section ${i}\n\n${Array.from({ length: 40 }, () => pick(WORDS)).join(' ')}. See [the guide](docs/guide-${i}.md) and \`code ${i}\`.\n\n- ${pick(WORDS)}\n- ${pick(WORDS)}\n`,
    ),
  ].join('\n');
  const file = (path: string, content: string) =>
    `M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  const pkg = JSON.stringify({
    name: '@acme/long-history',
    version: '1.0.0',
    dependencies: { react: '^18' },
  });
  function* stream(): Generator<string> {
    for (let i = 0; i < commits; i++) {
      // Later years are busier, as in real projects; the last weeks have commits so every window has data.
      const t = start + Math.floor(Math.sqrt((i + rand()) / commits) * (now - start - 3600));
      const who = people[Math.floor(rand() ** 2 * people.length)];
      const sig = `${who.name} <${who.email}> ${t} +0000`;
      const msg = `Change ${i}: ${pick(WORDS)} ${pick(WORDS)}\n`;
      const changes =
        i === 0
          ? file('README.md', readme) + file('package.json', pkg)
          : file(`src/f${i % 2000}.txt`, `change ${i}\n`);
      yield `commit refs/heads/main\nauthor ${sig}\ncommitter ${sig}\ndata ${Buffer.byteLength(msg)}\n${msg}${changes}\n`;
    }
  }
  await fastImport(join(dir, '.git'), stream());
  execFileSync('git', ['-C', dir, 'reset', '--quiet', '--hard', 'main']);
}

/**
 * Crawls `path` into the store with the real CLI (`agora crawl PATH`). A failed first crawl of a long history
 * (issue 9.1: fixed on another branch) is followed by a second one, which recovers it.
 */
function crawlPath(url: string, dataDir: string, path: string): void {
  const crawl = () =>
    execFileSync(
      process.execPath,
      [join(ROOT, 'bin', 'agora.js'), '--database', url, '--data-dir', dataDir, '--json', 'crawl', path],
      { cwd: OUT, stdio: ['ignore', 'ignore', 'ignore'] },
    );
  try {
    crawl();
  } catch {
    crawl();
  }
}

/** Starts `agora serve` on a free loopback port; resolves with its URL and a stop function. */
async function startServer(
  url: string,
  dataDir: string,
  nodeArgs: string[] = [],
  bin = join(ROOT, 'bin', 'agora.js'),
): Promise<{ base: string; ms: number; cpuMs(): number; stop(): Promise<void> }> {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [...nodeArgs, bin, '--database', url, '--data-dir', dataDir, '--json', 'serve', '--port', '0'],
    {
      cwd: OUT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"url":\s*"([^"]+)"/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`agora serve exited with ${code}: ${out}`)));
  });
  return {
    base,
    ms: Date.now() - started,
    cpuMs: () => processCpuMs(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** User + system CPU time of a process so far, from /proc (Linux); NaN elsewhere. */
function processCpuMs(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th, in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ: 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;

interface LoadResult {
  requests: number;
  errors: number;
  ms: number;
  latencies: number[];
  /** Latencies of requests whose exact URL had not been asked before in this server's life: no cached answer. */
  firstAsked: number[];
}

/**
 * `concurrency` loops, each sending the next query as soon as the previous answer arrived, for `seconds`.
 * `asked` holds every URL this server has answered, so requests the server cannot have cached are told apart.
 */
async function load(
  base: string,
  queries: readonly string[],
  concurrency: number,
  seconds: number,
  asked: Set<string>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const firstAsked: number[] = [];
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const loop = async (id: number) => {
    let i = id;
    while (performance.now() < until) {
      const q = queries[i % queries.length];
      i += concurrency;
      const facet = i % 5 === 0 ? `&language=${encodeURIComponent(LANGS[i % LANGS.length])}` : '';
      const sort = i % 7 === 0 ? '&sort=recent' : '';
      const path = `/api/v1/projects?q=${encodeURIComponent(q)}${facet}${sort}`;
      const first = !asked.has(path);
      asked.add(path);
      const t0 = performance.now();
      try {
        if ((await httpGet(`${base}${path}`)) !== 200) errors++;
      } catch {
        errors++;
      }
      const ms = performance.now() - t0;
      latencies.push(ms);
      if (first) firstAsked.push(ms);
      n++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i)));
  return { requests: n, errors, ms: performance.now() - started, latencies, firstAsked };
}

// One keep-alive connection per loop over node:http: `fetch` (undici) cost the load generator ~1 ms of CPU a
// request, so at 16 in flight on 2 cores the client, not the server, set the latency (server 0.2 ms a request).
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** GETs `url` as a browser would (gzip accepted), reads the whole body, and resolves with the status. */
function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent, headers: { 'accept-encoding': 'gzip' } }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `concurrency` loops asking the `paths` in turn (each loop starting at its own offset) for `seconds`. */
async function loadPaths(
  base: string,
  paths: readonly string[],
  concurrency: number,
  seconds: number,
): Promise<{ requests: number; errors: number; ms: number; byPath: Map<string, number[]> }> {
  const byPath = new Map(paths.map((p) => [p, [] as number[]]));
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const loop = async (id: number) => {
    for (let i = id; performance.now() < until; i++) {
      const path = paths[i % paths.length];
      const t0 = performance.now();
      try {
        if ((await httpGet(`${base}${path}`)) !== 200) errors++;
      } catch {
        errors++;
      }
      byPath.get(path)?.push(performance.now() - t0);
      n++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => loop(i)));
  return { requests: n, errors, ms: performance.now() - started, byPath };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Gzipped size of the JavaScript index.html loads first (entry script and module preloads). */
function firstLoadJs(): { files: number; bytes: number; gzip: number } | null {
  const dist = join(ROOT, 'web', 'dist');
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return null;
  const html = readFileSync(index, 'utf8');
  const srcs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) srcs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) srcs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+href="([^"]+)"[^>]+rel="modulepreload"/g)) srcs.add(m[1]);
  let bytes = 0;
  let gzip = 0;
  for (const src of srcs) {
    const file = join(dist, src.replace(/^\//, ''));
    if (!existsSync(file)) continue;
    const buf = readFileSync(file);
    bytes += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
  }
  return { files: srcs.size, bytes, gzip };
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const pagesOnly = args.includes('--pages');
  const repos = Number(flag(args, '--repos', quick ? '1000' : '10000'));
  const longCommits = Number(flag(args, '--long-commits', '60000'));
  const concurrency = Number(flag(args, '--concurrency', '16'));
  const seconds = Number(flag(args, '--seconds', quick ? '5' : '15'));
  const queryCount = Number(flag(args, '--queries', '50000'));
  const record = !args.includes('--no-record');
  mkdirSync(OUT, { recursive: true });
  const dataDir = flag(args, '--store', join(OUT, `serve-${repos}-long${longCommits}`));
  const url = `sqlite:${join(dataDir, 'agora.db')}`;
  let fillMs = 0;
  let longMs = 0;
  if (!existsSync(join(dataDir, 'complete'))) {
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const t0 = Date.now();
    await fillStore(url, dataDir, repos);
    fillMs = Date.now() - t0;
    const t1 = Date.now();
    await generateLongRepo(join(dataDir, 'org', 'long-history'), longCommits);
    crawlPath(url, dataDir, join(dataDir, 'org'));
    longMs = Date.now() - t1;
    writeFileSync(join(dataDir, 'complete'), '');
  }
  // --profile DIR: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
  const profile = flag(args, '--profile', '');
  const server = await startServer(
    url,
    dataDir,
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [],
    flag(args, '--bin', join(ROOT, 'bin', 'agora.js')),
  );
  let result: LoadResult | null = null;
  const runs: PagesRun[] = [];
  let cpu = 0;
  const loadBefore = loadavg()[0];
  const id = encodeURIComponent('org:long-history');
  const pagePaths = [
    `/api/v1/projects/${id}`,
    `/api/v1/projects/${id}/activity`,
    `/api/v1/projects/${id}/readme`,
  ];
  try {
    if (!pagesOnly) {
      // Warm-up with other queries (JIT, the word caches of common words), then the measured run.
      const asked = new Set<string>();
      await load(server.base, makeQueries(2_000, 98), 2, 2, asked);
      const cpu0 = server.cpuMs();
      result = await load(server.base, makeQueries(queryCount, 99), concurrency, seconds, asked);
      cpu = server.cpuMs() - cpu0;
    }
    // Project pages: one page view asks the project, its activity and its README, at `concurrency` in flight;
    // measured without the README too, whose rendering is moved to crawl time on another branch (issue 9.20).
    await loadPaths(server.base, pagePaths, 2, 1);
    for (const paths of [pagePaths.slice(0, 2), pagePaths]) {
      const cpu1 = server.cpuMs();
      const client0 = process.cpuUsage();
      const pages = await loadPaths(server.base, paths, concurrency, seconds);
      const client = process.cpuUsage(client0);
      runs.push({
        paths,
        pages,
        cpu: server.cpuMs() - cpu1,
        clientCpu: (client.user + client.system) / 1000,
      });
    }
  } finally {
    await server.stop();
  }
  const loadAfter = loadavg()[0];
  const pageLines = pagesReport({ runs, concurrency, seconds, longCommits, repos, longMs });
  process.stdout.write(`${pageLines}\n`);
  if (record) await writePerformanceSection('serve-project-pages', pageLines);
  if (!result) return;
  const sorted = [...result.latencies].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const p99 = percentile(sorted, 99);
  const firstSorted = [...result.firstAsked].sort((a, b) => a - b);
  const rps = (result.requests / result.ms) * 1000;
  const js = firstLoadJs();
  const cpuPerRequest = cpu / Math.max(1, result.requests);
  const lines = [
    `Portal search (\`npm run bench -- serve\`): ${repos} synthetic repos (README, description, topics, innersource.json), SQLite, server as \`agora serve\` in its own process, ${concurrency} concurrent request loops on loopback for ${seconds} s, ${queryCount.toLocaleString('en')} search-as-you-type queries shared out among the loops (one or two words of a 150-word product vocabulary, 30% with the last word half typed, 20% with a typo; every 5th with a language facet, every 7th sorted by recency; the server caches answers per catalogue; warmed up first with 2,000 other queries); ${machineLine()}. Targets: p95 ≤ 50 ms, first-load JS ≤ 300 KB gzipped.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| filling the store (not a server figure) | ${fillMs ? `${(fillMs / 1000).toFixed(1)} s` : 'reused'} |`,
    `| server start to listening (catalogue + search index build) | ${(server.ms / 1000).toFixed(1)} s |`,
    `| \`/api/v1/projects?q=…\` latency p50 / p95 / p99 | ${p50.toFixed(1)} / ${p95.toFixed(1)} / ${p99.toFixed(1)} ms |`,
    `| latency of first-asked requests only (${result.firstAsked.length}, no cached answer) p50 / p95 / p99 | ${percentile(firstSorted, 50).toFixed(1)} / ${percentile(firstSorted, 95).toFixed(1)} / ${percentile(firstSorted, 99).toFixed(1)} ms |`,
    `| throughput | ${rps.toFixed(0)} requests/s (${result.requests} requests, ${result.errors} errors) |`,
    `| server CPU per request (user + system, /proc) | ${cpuPerRequest.toFixed(2)} ms (${(cpu / 1000).toFixed(1)} s CPU over ${(result.ms / 1000).toFixed(1)} s) |`,
    `| load average (1 min) before / after the run, ${cpus().length} cores | ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} |`,
    `| web UI first-load JavaScript, gzipped | ${js ? `${(js.gzip / 1024).toFixed(1)} KB (${js.files} files, ${(js.bytes / 1024).toFixed(0)} KB raw)` : 'web/dist not built (`npm run build:web`)'} |`,
    '',
    `Result: p95 ${p95 <= 50 ? 'meets' : 'misses'} the 50 ms target${js ? `; first-load JS ${js.gzip <= 300 * 1024 ? 'meets' : 'misses'} the 300 KB target` : ''}.`,
  ];
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  if (record && !quick) await writePerformanceSection('serve', text);
}

interface PagesRun {
  paths: string[];
  pages: Awaited<ReturnType<typeof loadPaths>>;
  cpu: number;
  /** The load generator's own CPU (ms) during the run. */
  clientCpu: number;
}

function pagesReport(r: {
  runs: PagesRun[];
  concurrency: number;
  seconds: number;
  longCommits: number;
  repos: number;
  longMs: number;
}): string {
  const rows: string[] = [];
  const verdicts: string[] = [];
  for (const run of r.runs) {
    const label = run.paths
      .map((p) => p.replace(/^\/api\/v1\/projects\/[^/]+\/?/, '') || 'project')
      .join(' + ');
    rows.push(`| **${label}** | |`);
    const all: number[] = [];
    for (const path of run.paths) {
      const xs = [...(run.pages.byPath.get(path) ?? [])].sort((a, b) => a - b);
      all.push(...xs);
      const name = path.replace(/^\/api\/v1\/projects\/[^/]+/, '…/:id');
      rows.push(
        `| \`${name}\` p50 / p95 / p99 | ${percentile(xs, 50).toFixed(1)} / ${percentile(xs, 95).toFixed(1)} / ${percentile(xs, 99).toFixed(1)} ms (${xs.length} requests) |`,
      );
    }
    all.sort((a, b) => a - b);
    const views = run.pages.requests / run.paths.length;
    rows.push(
      `| all p50 / p95 / p99 | ${percentile(all, 50).toFixed(1)} / ${percentile(all, 95).toFixed(1)} / ${percentile(all, 99).toFixed(1)} ms |`,
      `| page views per second | ${((views / run.pages.ms) * 1000).toFixed(0)} (${run.pages.requests} requests, ${run.pages.errors} errors) |`,
      `| server CPU per page view (user + system, /proc) | ${(run.cpu / Math.max(1, views)).toFixed(2)} ms |`,
      `| load generator's CPU per page view | ${(run.clientCpu / Math.max(1, views)).toFixed(2)} ms |`,
    );
    const worst = Math.max(
      ...run.paths.map((p) =>
        percentile(
          [...(run.pages.byPath.get(p) ?? [])].sort((a, b) => a - b),
          95,
        ),
      ),
    );
    verdicts.push(
      `${label}: worst p95 ${worst.toFixed(1)} ms, ${worst <= 20 ? 'meets' : 'misses'} the target`,
    );
  }
  return [
    `Project pages (\`npm run bench -- serve --pages\`): the project, activity and README requests of one repo with a ${r.longCommits.toLocaleString('en')}-commit history (400 authors, 12 years, 40 KB README; generated with git fast-import and crawled with \`agora crawl\`) in a store with ${r.repos.toLocaleString('en')} other repos, SQLite, \`agora serve\` in its own process, ${r.concurrency} request loops asking them in turn for ${r.seconds} s after a 1 s warm-up, first without and then with the README; ${machineLine()}. Target: p95 ≤ 20 ms for every project-page request.`,
    '',
    '| measure | value |',
    '|---|---|',
    `| generating + crawling the long repo (not a server figure) | ${r.longMs ? `${(r.longMs / 1000).toFixed(1)} s` : 'reused'} |`,
    ...rows,
    '',
    `Result: ${verdicts.join('; ')}.`,
  ].join('\n');
}
