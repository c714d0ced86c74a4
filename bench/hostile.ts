// Hostile-corpus benchmark: builds test/fixtures/hostile (every repository of issue 15), crawls it with the
// CLI (wall time and peak memory of the crawl and its git children; killed at --budget seconds), then serves
// it and requests every hostile project page while timing /health alongside. Writes docs/PERFORMANCE.md.
//
//   npm run bench -- hostile                       the whole corpus, crawl budget 180 s
//   npm run bench -- hostile --budget 60           a shorter budget
//   npm run bench -- hostile --exclude glob-bomb   leave entries out (comma-separated names)

import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { buildHostileCorpus } from '../test/fixtures/hostile/corpus.ts';
import { startServe } from '../test/helpers/serve.ts';
import {
  flag,
  machineLine,
  mib,
  ROOT,
  removeOwned,
  runMeasured,
  seconds,
  table,
  writePerformanceSection,
} from './lib.ts';

const BIN = path.join(ROOT, 'bin', 'agora.js');
const OUT = path.join(ROOT, 'bench', 'out', 'hostile');
/** How long one page may take before the benchmark stops waiting for it. */
const PAGE_TIMEOUT_MS = 60_000;

interface PageTiming {
  repo: string;
  page: string;
  status: number | string;
  ms: number;
  /** Slowest /health answer while the page was being answered. */
  healthMs: number;
}

/** Requests `page` and asks /health every 10 ms until it is answered. */
async function timePage(base: string, repo: string, page: string): Promise<PageTiming> {
  const started = performance.now();
  let status: number | string = 'pending';
  const request = fetch(base + page, { signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) })
    .then(async (r) => {
      await r.arrayBuffer();
      status = r.status;
    })
    .catch((err: Error) => {
      status = err.name === 'TimeoutError' ? 'timeout' : 'error';
    });
  let done = false;
  void request.finally(() => {
    done = true;
  });
  let healthMs = 0;
  do {
    const t = performance.now();
    await fetch(`${base}/health`, { signal: AbortSignal.timeout(PAGE_TIMEOUT_MS) })
      .then((r) => r.arrayBuffer())
      .catch(() => {});
    healthMs = Math.max(healthMs, performance.now() - t);
    await new Promise((r) => setTimeout(r, 10));
  } while (!done);
  await request;
  return { repo, page, status, ms: Math.round(performance.now() - started), healthMs: Math.round(healthMs) };
}

function commitLine(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
    const branch = execFileSync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: ROOT })
      .toString()
      .trim();
    return `${branch} at ${sha}`;
  } catch {
    return 'unknown commit';
  }
}

export async function run(args: string[]): Promise<void> {
  const budgetS = Number(flag(args, '--budget', '180'));
  const exclude = flag(args, '--exclude', '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  await removeOwned(OUT);
  await mkdir(OUT, { recursive: true });

  const t0 = performance.now();
  const corpus = await buildHostileCorpus(OUT, { exclude });
  const buildMs = performance.now() - t0;
  process.stdout.write(
    `corpus: ${corpus.entries.length} repos + ${corpus.urls.length} URLs in ${seconds(buildMs)}\n`,
  );

  const crawl = await runMeasured(process.execPath, [BIN, '--json', 'crawl'], {
    cwd: OUT,
    env: { ...process.env, DATABASE_URL: '' },
    timeoutMs: budgetS * 1000,
  });
  let summary: { repos?: Record<string, number>; findings?: number } = {};
  try {
    summary = JSON.parse(crawl.stdout);
  } catch {
    // killed at the budget: no summary printed
  }
  const listed = await runMeasured(process.execPath, [BIN, '--json', 'repos', '--status', 'all'], {
    cwd: OUT,
  });
  let stored: string[] = [];
  try {
    stored = (JSON.parse(listed.stdout).repos as { id: string }[]).map((r) => r.id);
  } catch {
    // the store could not be read
  }
  const missing = corpus.entries.filter((e) => !stored.includes(e.id)).map((e) => e.name);
  process.stdout.write(
    `crawl: ${crawl.timedOut ? `killed at the ${budgetS} s budget` : `exit ${crawl.code}`} after ${seconds(crawl.ms)}, ` +
      `peak RSS ${mib(crawl.peakTreeRssKb)} (tree), ${stored.length} repos stored\n`,
  );

  const timings: PageTiming[] = [];
  let serveError: string | null = null;
  const served = await startServe(OUT, { env: { DATABASE_URL: '' }, timeoutMs: 120_000 }).catch(
    (err: Error) => {
      serveError = err.message.split('\n').slice(0, 2).join(' ').slice(0, 200);
      return null;
    },
  );
  if (served)
    try {
      for (const page of ['/api/v1/projects', '/api/v1/dashboard']) {
        await fetch(served.url + page).then((r) => r.arrayBuffer());
      }
      for (const e of corpus.entries.filter((x) => x.kind !== 'benign' && stored.includes(x.id))) {
        const id = encodeURIComponent(e.id);
        const pages = [
          `/api/v1/projects/${id}`,
          `/api/v1/projects/${id}/readme`,
          `/api/v1/projects/${id}/activity`,
          ...(e.documents ?? []).map((p) => `/api/v1/projects/${id}/files/${p}`),
        ];
        for (const page of pages) {
          const t = await timePage(served.url, e.name, page);
          timings.push(t);
          process.stdout.write(
            `  ${e.name} ${page.replace(`/api/v1/projects/${id}`, '…')}: ${t.ms} ms (${t.status}), /health ≤ ${t.healthMs} ms\n`,
          );
        }
      }
    } finally {
      await served.stop();
    }
  if (serveError) process.stdout.write(`portal: ${serveError}\n`);

  const worst = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 8);
  const worstHealth = timings.reduce((m, t) => Math.max(m, t.healthMs), 0);
  const section = [
    `## Hostile corpus (issue 15)${exclude.length ? `, without ${exclude.join(', ')}` : ''}`,
    '',
    `Measured on ${commitLine()} (${new Date().toISOString().slice(0, 10)}). ${machineLine()}`,
    '',
    `Corpus: ${corpus.entries.length} repositories (test/fixtures/hostile) and ${corpus.urls.length} bad URLs, built in ${seconds(buildMs)}` +
      `${exclude.length ? `; left out: ${exclude.join(', ')}` : ''}.`,
    '',
    table(
      ['measure', 'value'],
      [
        [
          'first crawl, wall time',
          crawl.timedOut ? `killed at the ${budgetS} s budget` : `${seconds(crawl.ms)} (exit ${crawl.code})`,
        ],
        ['first crawl, peak RSS (crawl + git children)', mib(crawl.peakTreeRssKb)],
        ['first crawl, CPU', seconds(crawl.cpuMs)],
        ['repositories stored', `${stored.length} of ${corpus.entries.length + corpus.urls.length}`],
        ['not stored', missing.length ? missing.join(', ') : 'none'],
        ['findings', String(summary.findings ?? 'n/a')],
        [
          'slowest hostile page',
          worst[0] ? `${worst[0].ms} ms (${worst[0].repo} ${worst[0].page.split('/').pop()})` : 'n/a',
        ],
        [
          'worst /health while hostile pages were served',
          serveError ? `portal did not start: ${serveError}` : `${worstHealth} ms`,
        ],
      ],
    ),
    '',
    'Slowest pages:',
    '',
    table(
      ['repo', 'page', 'status', 'ms', '/health ms'],
      worst.map((t) => [
        t.repo,
        t.page.replace(/^\/api\/v1\/projects\/[^/]+/, '…'),
        String(t.status),
        String(t.ms),
        String(t.healthMs),
      ]),
    ),
  ].join('\n');
  await writePerformanceSection(exclude.length ? 'hostile-subset' : 'hostile', section);
  process.stdout.write(`${section}\n`);
  await removeOwned(OUT);
}
