// Forge benchmark: a github source of 1,000 repositories (--quick: 100; --repos N) on the test forge, crawled
// by the real CLI: requests per repo and wall time of a first crawl and of a no-change re-crawl (the target:
// at most one rate-limited request per 100 repos, and no git). Then issue 11's items (bench/forge-items.ts):
// item requests per 1,000 repos (--item-repos N, default 1,000, --quick 100; --items-per-repo N, default 20)
// and the org roll-up with PR metrics at 1,000 repos / 200,000 PRs (--rollup-prs N). `--items-only` skips
// the crawl rounds. Writes its sections of docs/PERFORMANCE.md (`forge`, `forge-items`).

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { installItems } from '../test/helpers/forge/items.ts';
import { type ForgeServer, startForgeServer } from '../test/helpers/forge/server.ts';
import { gitdir } from '../test/helpers/gitdir.ts';
import { itemRounds, itemsSection, rollupBench } from './forge-items.ts';
import {
  flag,
  machineLine,
  ROOT,
  removeOwned,
  runMeasured,
  seconds,
  table,
  writePerformanceSection,
} from './lib.ts';

const TOKEN = 'bench-forge-token';

interface Round {
  name: string;
  ms: number;
  api: number;
  notModified: number;
  /** API requests that count against GitHub's primary rate limit (304s do not). */
  rateLimited: number;
  gitRequests: number;
  reposTouchedByGit: number;
  summary: { repos: Record<string, number> };
}

async function crawl(forge: ForgeServer, dir: string, name: string): Promise<Round> {
  forge.requests.length = 0;
  const r = await runMeasured(process.execPath, [path.join(ROOT, 'bin', 'agora.js'), '--json', 'crawl'], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: '', BENCH_FORGE_TOKEN: TOKEN },
  });
  const summary = JSON.parse(r.stdout);
  const api = forge.requests.filter((q) => q.kind === 'api');
  const git = forge.requests.filter((q) => q.kind === 'git');
  return {
    name,
    ms: r.ms,
    api: api.length,
    notModified: api.filter((q) => q.status === 304).length,
    rateLimited: api.filter((q) => q.status !== 304).length,
    gitRequests: git.length,
    reposTouchedByGit: new Set(git.map((q) => q.url.split('.git')[0])).size,
    summary,
  };
}

export async function run(args: string[]): Promise<void> {
  if (!args.includes('--items-only')) await crawlRounds(args);
  const quick = args.includes('--quick');
  const repos = Number(flag(args, '--item-repos', quick ? '100' : '1000'));
  const perRepo = Number(flag(args, '--items-per-repo', '20'));
  const machine = machineLine();
  const rounds = await itemRounds(path.join(ROOT, 'bench', 'out', 'forge-items'), repos, perRepo);
  const rollup = await rollupBench(
    path.join(ROOT, 'bench', 'out', 'forge-rollup'),
    Number(flag(args, '--rollup-repos', '1000')),
    Number(flag(args, '--rollup-prs', '200000')),
  );
  const text = itemsSection(repos, perRepo, rounds, rollup, machine);
  process.stdout.write(`${text}\n`);
  if (!args.includes('--no-record')) await writePerformanceSection('forge-items', text);
}

async function crawlRounds(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const repos = Number(flag(args, '--repos', quick ? '100' : '1000'));
  const dir = path.join(ROOT, 'bench', 'out', 'forge');
  await removeOwned(dir);
  await mkdir(dir, { recursive: true });
  const forge = await startForgeServer({ token: TOKEN });
  // Issues and pull requests are read by default: the item routes answer (with no items) for every repo.
  installItems(forge);
  try {
    // One small repository served under every name: each name is its own clone and mirror.
    const served = await gitdir(
      { 'README.md': '# Service\n', 'package.json': '{"name":"svc","dependencies":{"left-pad":"1.3.0"}}\n' },
      { dir: path.join(dir, 'served.git'), bare: true },
    );
    for (let i = 1; i <= repos; i++) {
      forge.add({ id: i, forge: 'github', owner: 'bench', name: `svc-${i}`, gitDir: served, stars: i % 50 });
    }
    await writeFile(
      path.join(dir, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - type: github',
        `    url: ${forge.githubApi}`,
        '    orgs: [bench]',
        '    tokenEnv: BENCH_FORGE_TOKEN',
        '',
      ].join('\n'),
    );
    const rounds = [await crawl(forge, dir, 'first crawl'), await crawl(forge, dir, 'no-change re-crawl')];
    const rows = rounds.map((r) => [
      r.name,
      seconds(r.ms),
      String(r.api),
      String(r.notModified),
      (r.rateLimited / (repos / 100)).toFixed(2),
      String(r.gitRequests),
      String(r.reposTouchedByGit),
      JSON.stringify(r.summary.repos),
    ]);
    const text = [
      `## Forge crawl (github source, ${repos.toLocaleString('en')} repos on the test forge)`,
      '',
      machineLine(),
      '',
      table(
        [
          'round',
          'wall',
          'API requests',
          '304 Not Modified',
          'rate-limited requests per 100 repos',
          'git HTTP requests',
          'repos git touched',
          'outcome',
        ],
        rows,
      ),
      '',
      'A first crawl lists 100 repos a request and clones each repository (blobless). A no-change re-crawl asks',
      'each listing page conditionally (`If-None-Match`): GitHub answers 304, which does not count against its',
      'rate limit, and every repo whose `pushed_at` did not move is unchanged without a git process.',
    ].join('\n');
    process.stdout.write(`${text}\n`);
    await writePerformanceSection('forge', text);
  } finally {
    await forge.close();
  }
}
