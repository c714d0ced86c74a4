// Crawl benchmark: generates a synthetic organisation (1,000 repos / 1,000,000 commits, or
// --quick: 50 / 20,000) plus a few repos with long histories (a monorepo, forks of big projects:
// 120,000 / 60,000 / 45,000 commits, or --quick: one of 45,000, more than two commit batches),
// then measures raw `git log --numstat`, a first crawl and a no-change re-crawl in one run, and
// writes the results to docs/PERFORMANCE.md. It also measures an organisation shaped like a real one
// (many small repos, a few medium ones, one or two huge: see `REAL_SHAPES`) against a SERIAL raw
// `git log --numstat` over the same repos: `--shape real` runs only that part, `--shape synthetic` the other.
// Real repositories: `--shape folders --from DIR` crawls the git repos in DIR (e.g. bare clones of real
// projects), `--shape packages` an organisation built from node_modules packages (bench/real-repos.ts); both
// against a serial raw `git log --numstat` of the same repos, `--rounds N` times in one run.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';
import { generateOrg } from '../src/demo/generate.ts';
import {
  type ChildResult,
  machineLine,
  measure,
  mib,
  perSecond,
  pool,
  ROOT,
  removeOwned,
  runMeasured,
  seconds,
  table,
  writePerformanceSection,
} from './lib.ts';
import { ensurePackageOrg, gitReposIn } from './real-repos.ts';

/** Repos crawled at once, by the crawler and by the raw git baseline alike. */
const PARALLEL = 2;

export interface CrawlParams {
  repos: number;
  commits: number;
  people: number;
  teams: number;
  years: number;
  seed: number;
  /** Commits of each extra long-history repo (on top of `commits`). */
  long: number[];
}

export interface CrawlSummary {
  repos: { new: number; changed: number; unchanged: number; failed: number; gone: number };
  commitsAdded: number;
  ms: number;
}

const FULL: CrawlParams = {
  repos: 1000,
  commits: 1_000_000,
  people: 600,
  teams: 30,
  years: 5,
  seed: 1,
  long: [120_000, 60_000, 45_000],
};
const QUICK: CrawlParams = {
  repos: 50,
  commits: 20_000,
  people: 60,
  teams: 8,
  years: 4,
  seed: 1,
  long: [45_000],
};

/** Parses the benchmark's flags; --quick changes the defaults, explicit flags win. */
export function parseCrawlArgs(args: string[]): {
  params: CrawlParams;
  quick: boolean;
  generateOnly: boolean;
  write: boolean;
  shape: Shape;
  from: string | null;
  rounds: number;
  baseline: string | null;
} {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      repos: { type: 'string' },
      commits: { type: 'string' },
      people: { type: 'string' },
      teams: { type: 'string' },
      years: { type: 'string' },
      seed: { type: 'string' },
      long: { type: 'string' },
      'generate-only': { type: 'boolean', default: false },
      'no-write': { type: 'boolean', default: false },
      shape: { type: 'string', default: 'both' },
      from: { type: 'string' },
      rounds: { type: 'string', default: '1' },
      baseline: { type: 'string' },
    },
  });
  if (!SHAPES.includes((values.shape ?? 'both') as Shape))
    throw new Error(`--shape is ${SHAPES.join(', ')}, got "${values.shape}"`);
  if (values.shape === 'folders' && !values.from) throw new Error('--shape folders needs --from DIR');
  const base = values.quick ? QUICK : FULL;
  const num = (v: string | undefined, fallback: number, name: string) => {
    if (v === undefined) return fallback;
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number, got "${v}"`);
    return n;
  };
  const params: CrawlParams = {
    repos: num(values.repos, base.repos, 'repos'),
    commits: num(values.commits, base.commits, 'commits'),
    people: num(values.people, base.people, 'people'),
    teams: num(values.teams, base.teams, 'teams'),
    years: num(values.years, base.years, 'years'),
    seed: num(values.seed, base.seed, 'seed'),
    long: values.long === undefined ? base.long : parseLong(values.long),
  };
  return {
    params,
    quick: values.quick ?? false,
    generateOnly: values['generate-only'] ?? false,
    write: !values['no-write'],
    shape: (values.shape ?? 'both') as Shape,
    from: values.from ? path.resolve(values.from) : null,
    rounds: num(values.rounds, 1, 'rounds'),
    baseline: values.baseline ? path.resolve(values.baseline) : null,
  };
}

const SHAPES = ['both', 'real', 'synthetic', 'folders', 'packages'] as const;
type Shape = (typeof SHAPES)[number];

/** `--long 120000,60000` (commits of each long-history repo); `--long 0` for none. */
function parseLong(text: string): number[] {
  const sizes = text.split(',').map((v) => Number(v.trim().replace(/_/g, '')));
  if (sizes.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error(`--long needs commit counts separated by commas, got "${text}"`);
  return sizes.filter((n) => n > 0);
}

/** Where the organisation for these parameters lives; reused when complete. */
export function orgDir(p: CrawlParams): string {
  return path.join(
    ROOT,
    'bench',
    'out',
    `org-r${p.repos}-c${p.commits}-p${p.people}-t${p.teams}-y${p.years}-s${p.seed}`,
  );
}

interface OrgInfo {
  dir: string;
  configPath: string;
  repoPaths: string[];
  commits: number;
  generated: { ms: number; cpuMs: number } | null;
  /** The long-history repos' folders (one source each) and their commits. */
  long: { source: string; dir: string; commits: number }[];
}

/** Generates the organisation, or reuses it when a previous run completed it (org.json is written last). */
export async function ensureOrg(p: CrawlParams, log: (line: string) => void): Promise<OrgInfo> {
  const dir = orgDir(p);
  const marker = path.join(dir, 'org.json');
  let generated: OrgInfo['generated'] = null;
  if (!existsSync(marker)) {
    await removeOwned(dir);
    log(`generating ${p.repos} repos / ${p.commits} commits into ${path.relative(ROOT, dir)} …`);
    const m = await measure(() =>
      generateOrg({ dir, ...p, bare: true, concurrency: PARALLEL, now: new Date('2026-01-01T00:00:00Z') }),
    );
    generated = { ms: m.ms, cpuMs: m.cpuMs };
    await writeFile(path.join(dir, 'generate-time.json'), `${JSON.stringify(generated)}\n`);
    log(`generated in ${seconds(m.ms)} (CPU ${seconds(m.cpuMs)})`);
  } else {
    log(`reusing ${path.relative(ROOT, dir)}`);
    try {
      generated = JSON.parse(
        await readFile(path.join(dir, 'generate-time.json'), 'utf8'),
      ) as OrgInfo['generated'];
    } catch {
      // Generated by an older run that did not record its time.
    }
  }
  const truth = JSON.parse(await readFile(marker, 'utf8')) as {
    stats: { commits: number; ms: number };
    repos: { path: string }[];
  };
  const long = await ensureLongRepos(p, log);
  return {
    dir,
    configPath: path.join(dir, 'agora.yaml'),
    repoPaths: [...truth.repos.map((r) => path.join(dir, r.path)), ...long.flatMap((l) => l.repoPaths)],
    commits: truth.stats.commits + long.reduce((n, l) => n + l.commits, 0),
    generated: generated ?? { ms: truth.stats.ms, cpuMs: Number.NaN },
    long: long.map((l, i) => ({
      source: `long${i + 1}`,
      dir: path.join(l.dir, 'repos'),
      commits: l.commits,
    })),
  };
}

/**
 * The long-history repos, each a one-repo organisation of its own (same generator, so realistic files and
 * authors), kept apart from the main organisation so changing `--long` does not regenerate it.
 */
async function ensureLongRepos(
  p: CrawlParams,
  log: (line: string) => void,
): Promise<{ dir: string; repoPaths: string[]; commits: number }[]> {
  const out = [];
  for (const [i, commits] of p.long.entries()) {
    const dir = path.join(ROOT, 'bench', 'out', `long-c${commits}-s${p.seed + i}`);
    const marker = path.join(dir, 'org.json');
    if (!existsSync(marker)) {
      await removeOwned(dir);
      log(`generating a long history of ${commits} commits into ${path.relative(ROOT, dir)} …`);
      await generateOrg({
        dir,
        repos: 1,
        commits,
        people: 40,
        teams: 1,
        years: p.years + 3,
        seed: p.seed + 100 + i,
        bare: true,
        now: new Date('2026-01-01T00:00:00Z'),
      });
    }
    const truth = JSON.parse(await readFile(marker, 'utf8')) as {
      stats: { commits: number };
      repos: { path: string }[];
    };
    out.push({
      dir,
      repoPaths: truth.repos.map((r) => path.join(dir, r.path)),
      commits: truth.stats.commits,
    });
  }
  return out;
}

/** Raw `git log --numstat` over every repo, PARALLEL at a time, output read and thrown away. */
export async function rawGitLog(repoPaths: string[]): Promise<{ ms: number; cpuMs: number; bytes: number }> {
  let bytes = 0;
  const m = await measure(() =>
    pool(repoPaths, PARALLEL, async (repo) => {
      const r = await runMeasured('git', ['--git-dir', repo, 'log', '--numstat', '--no-renames', 'HEAD'], {
        env: { ...process.env, GIT_NO_LAZY_FETCH: '1', LANG: 'C.UTF-8' },
        discardStdout: true,
      });
      if (r.code !== 0) throw new Error(`git log failed in ${repo}: ${r.stderr.trim()}`);
      bytes += r.stdoutBytes;
    }),
  );
  return { ms: m.ms, cpuMs: m.cpuMs, bytes };
}

/** Writes a copy of the generated config with a fresh data folder and absolute paths. */
async function benchConfig(org: OrgInfo): Promise<{ configPath: string; dataDir: string }> {
  const config = parse(await readFile(org.configPath, 'utf8')) as Record<string, unknown> & {
    sources: { path: string }[];
    aliases?: string;
  };
  const dataDir = path.join(org.dir, 'data-bench');
  await removeOwned(dataDir);
  config.dataDir = dataDir;
  for (const s of config.sources) s.path = path.resolve(org.dir, s.path);
  for (const l of org.long) config.sources.push({ type: 'local', name: l.source, path: l.dir } as never);
  if (config.aliases) config.aliases = path.resolve(org.dir, config.aliases);
  const configPath = path.join(org.dir, 'agora.bench.yaml');
  await writeFile(configPath, stringify(config, { lineWidth: 0 }));
  return { configPath, dataDir };
}

export interface CrawlRun {
  result: ChildResult;
  summary: CrawlSummary | null;
  error: string | null;
}

/** Runs `agora crawl --json` in a child process and parses its summary. */
export async function crawlOnce(configPath: string, checkout = ROOT): Promise<CrawlRun> {
  const result = await runMeasured(
    process.execPath,
    [path.join(checkout, 'bin', 'agora.js'), 'crawl', '--config', configPath, '--json'],
    {
      cwd: checkout,
      env: { ...process.env, GIT_NO_LAZY_FETCH: '1' },
    },
  );
  if (result.code !== 0)
    return {
      result,
      summary: null,
      error: `exit ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    };
  const summary = parseSummary(result.stdout);
  return { result, summary, error: summary ? null : 'no JSON summary on stdout' };
}

/**
 * A crawl that stored other than every repo and commit measured nothing comparable (a source that found no
 * repos finishes in a blink): it becomes an error row, never a ratio.
 */
export function expectRepos(run: CrawlRun, repos: number, commits: number): CrawlRun {
  if (run.error || !run.summary) return run;
  const r = run.summary.repos;
  const seen = r.new + r.changed + r.unchanged;
  if (seen === repos && run.summary.commitsAdded === commits && r.failed === 0) return run;
  return {
    ...run,
    error: `crawled ${seen} of ${repos} repos (${r.failed} failed), ${run.summary.commitsAdded} of ${commits} commits added`,
  };
}

/** The crawl's JSON summary: the whole stdout, or its last line that parses as an object. */
export function parseSummary(stdout: string): CrawlSummary | null {
  const candidates = [stdout.trim(), ...stdout.trim().split('\n').reverse()];
  for (const text of candidates) {
    if (!text.startsWith('{')) continue;
    try {
      const value = JSON.parse(text) as CrawlSummary;
      if (value && typeof value === 'object' && 'repos' in value) return value;
    } catch {
      // Not this one.
    }
  }
  return null;
}

export async function run(args: string[]): Promise<void> {
  const { params, quick, generateOnly, write, shape, from, rounds, baseline } = parseCrawlArgs(args);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (shape === 'folders' || shape === 'packages') {
    const dir = from ?? (await ensurePackageOrg(18, 30, log));
    if (!generateOnly) await runFolders(shape, dir, { rounds, baseline }, write, log);
    return;
  }
  if (shape !== 'synthetic') await runRealShaped(quick, generateOnly, write, log);
  if (shape === 'real') return;
  const startedAt = new Date();
  const machineText = machineLine();
  const org = await ensureOrg(params, log);
  if (generateOnly) return;

  log('raw git log --numstat …');
  const raw = await rawGitLog(org.repoPaths);
  log(`raw git log: ${seconds(raw.ms)}`);

  const { configPath } = await benchConfig(org);
  log('first crawl …');
  const first = await crawlOnce(configPath);
  log(first.error ? `first crawl failed: ${first.error}` : `first crawl: ${seconds(first.result.ms)}`);
  const again = first.error ? null : await crawlOnce(configPath);
  if (again) log(again.error ? `re-crawl failed: ${again.error}` : `re-crawl: ${seconds(again.result.ms)}`);

  const rows: string[][] = [];
  if (org.generated)
    rows.push([
      'generate the organisation (git fast-import, 2 repos at a time)',
      seconds(org.generated.ms),
      Number.isNaN(org.generated.cpuMs) ? '-' : seconds(org.generated.cpuMs),
      perSecond(org.commits, org.generated.ms),
      '-',
    ]);
  rows.push([
    `raw \`git log --numstat\` (${PARALLEL} repos at a time, ${Math.round(raw.bytes / 2 ** 20)} MiB read)`,
    seconds(raw.ms),
    seconds(raw.cpuMs),
    perSecond(org.commits, raw.ms),
    '-',
  ]);
  for (const [label, c] of [
    ['first crawl (`agora crawl --json`, fresh data dir)', first],
    ['no-change re-crawl', again],
  ] as const) {
    if (!c) continue;
    if (c.error) {
      rows.push([label, `failed: ${c.error.replace(/\|/g, '\\|').slice(0, 200)}`, '-', '-', '-']);
      continue;
    }
    const commits = c.summary?.commitsAdded ?? 0;
    rows.push([
      `${label}: ${c.summary?.repos.new ?? 0} new, ${c.summary?.repos.changed ?? 0} changed, ${c.summary?.repos.unchanged ?? 0} unchanged, ${c.summary?.repos.failed ?? 0} failed; ${commits} commits added`,
      seconds(c.result.ms),
      seconds(c.result.cpuMs),
      commits > 0 ? perSecond(commits, c.result.ms) : '-',
      `${mib(c.result.peakRssKb)} (tree ${mib(c.result.peakTreeRssKb)})`,
    ]);
  }
  const ratio = first.summary ? (first.result.ms / raw.ms).toFixed(2) : null;
  const cpuRatio = first.summary ? (first.result.cpuMs / raw.cpuMs).toFixed(2) : null;
  const body = [
    `### Crawl: ${org.repoPaths.length.toLocaleString('en-US')} repos, ${org.commits.toLocaleString('en-US')} commits${quick ? ' (--quick)' : ''}`,
    '',
    `Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineText}.`,
    `Organisation: \`npm run bench -- crawl --repos ${params.repos} --commits ${params.commits} --people ${params.people} --teams ${params.teams} --years ${params.years} --long ${params.long.join(',') || 0}\` (seed ${params.seed}), bare repos generated by \`src/demo/generate.ts\`; ${params.long.length ? `plus ${params.long.length} long-history repo${params.long.length === 1 ? '' : 's'} of ${params.long.map((n) => n.toLocaleString('en-US')).join(' / ')} commits (more than two commit batches each)` : 'no long-history repos'}.`,
    '',
    table(['step', 'wall time', 'CPU time', 'commits/s', 'peak RSS'], rows),
    '',
    ratio
      ? `**First crawl ÷ raw git log = ${ratio}** in wall time, ${cpuRatio} in CPU time (the crawl reads at least what \`git log --numstat\` reads, plus trees, files and the store; on a loaded machine the CPU ratio is the steadier one).`
      : '**First crawl ÷ raw git log: not measured** (the crawl did not complete; see the table).',
    '',
    'CPU time includes child processes (git). Peak RSS is the crawl process\'s high-water mark; "tree" is the highest sampled sum over it and its git children.',
  ].join('\n');
  log(`\n${body}\n`);
  if (write) {
    await writePerformanceSection(quick ? 'crawl-quick' : 'crawl', body);
    log('written to docs/PERFORMANCE.md');
  }
}

/** An organisation shaped like real ones: most repos small, a few medium, one or two huge. */
interface RealShape {
  small: { repos: number; commitsEach: number };
  medium: { repos: number; commitsEach: number };
  huge: number[];
}

export const REAL_SHAPES: Record<'quick' | 'full', RealShape> = {
  quick: { small: { repos: 40, commitsEach: 30 }, medium: { repos: 2, commitsEach: 2_500 }, huge: [50_000] },
  full: {
    small: { repos: 150, commitsEach: 40 },
    medium: { repos: 4, commitsEach: 5_000 },
    huge: [50_000, 120_000],
  },
};

interface RealOrg {
  configPath: string;
  smallConfigPath: string;
  small: string[];
  all: string[];
  commits: { small: number; all: number };
}

/** Generates (or reuses) the parts of a real-shaped organisation and a config for all of it and for its small repos. */
async function ensureRealOrg(shape: RealShape, log: (line: string) => void): Promise<RealOrg> {
  const part = async (
    name: string,
    opts: { repos: number; commits: number; people: number; teams: number; years: number; seed: number },
  ) => {
    const dir = path.join(ROOT, 'bench', 'out', `real-${name}-r${opts.repos}-c${opts.commits}-s${opts.seed}`);
    const marker = path.join(dir, 'org.json');
    if (!existsSync(marker)) {
      await removeOwned(dir);
      log(
        `generating ${opts.repos} ${name} repo(s), ${opts.commits} commits, into ${path.relative(ROOT, dir)} …`,
      );
      await generateOrg({
        dir,
        ...opts,
        bare: true,
        withDemoContent: true,
        concurrency: PARALLEL,
        now: new Date('2026-01-01T00:00:00Z'),
      });
    }
    const truth = JSON.parse(await readFile(marker, 'utf8')) as {
      stats: { commits: number };
      repos: { path: string }[];
    };
    return { dir, repos: truth.repos.map((r) => path.join(dir, r.path)), commits: truth.stats.commits };
  };
  const small = await part('small', {
    repos: shape.small.repos,
    commits: shape.small.repos * shape.small.commitsEach,
    people: 80,
    teams: 10,
    years: 4,
    seed: 7,
  });
  const medium = await part('medium', {
    repos: shape.medium.repos,
    commits: shape.medium.repos * shape.medium.commitsEach,
    people: 40,
    teams: 2,
    years: 5,
    seed: 8,
  });
  const huge = [];
  for (const [i, commits] of shape.huge.entries())
    huge.push(await part('huge', { repos: 1, commits, people: 60, teams: 1, years: 9, seed: 9 + i }));

  const config = parse(await readFile(path.join(small.dir, 'agora.yaml'), 'utf8')) as Record<
    string,
    unknown
  > & {
    sources: { type: string; name: string; path: string }[];
    aliases?: string;
  };
  if (config.aliases) config.aliases = path.resolve(small.dir, config.aliases);
  const write = async (file: string, dataDir: string, parts: { dir: string }[]) => {
    await removeOwned(dataDir);
    const sources = parts.map((p, i) => ({
      type: 'local',
      name: i === 0 ? 'acme' : `part${i}`,
      path: path.join(p.dir, 'repos'),
    }));
    await writeFile(file, stringify({ ...config, dataDir, sources }, { lineWidth: 0 }));
  };
  const configPath = path.join(small.dir, 'agora.real.yaml');
  const smallConfigPath = path.join(small.dir, 'agora.small.yaml');
  await write(configPath, path.join(small.dir, 'data-real'), [small, medium, ...huge]);
  await write(smallConfigPath, path.join(small.dir, 'data-small'), [small]);
  const all = [...small.repos, ...medium.repos, ...huge.flatMap((h) => h.repos)];
  return {
    configPath,
    smallConfigPath,
    small: small.repos,
    all,
    commits: {
      small: small.commits,
      all: small.commits + medium.commits + huge.reduce((n, h) => n + h.commits, 0),
    },
  };
}

/**
 * Crawls the git repos of one folder against a serial raw `git log --numstat` of the same repos, `rounds`
 * times (each round: the raw log, a first crawl into a fresh data folder, a no-change re-crawl), and writes
 * section `crawl-folders` or `crawl-packages` of docs/PERFORMANCE.md.
 */
async function runFolders(
  shape: 'folders' | 'packages',
  reposDir: string,
  { rounds, baseline }: { rounds: number; baseline: string | null },
  write: boolean,
  log: (line: string) => void,
): Promise<void> {
  const repos = gitReposIn(reposDir);
  if (repos.length === 0) throw new Error(`no git repositories in ${reposDir}`);
  const startedAt = new Date();
  const machineText = machineLine();
  const work = path.join(ROOT, 'bench', 'out', `${shape}-crawl`);
  await removeOwned(work);
  await mkdir(work, { recursive: true });
  const configPath = path.join(work, 'agora.yaml');
  const dataDir = path.join(work, 'data');
  await writeFile(
    configPath,
    stringify({ dataDir, sources: [{ type: 'local', name: 'real', path: reposDir }] }, { lineWidth: 0 }),
  );
  const commits = repos.reduce(
    (n, r) =>
      n +
      Number(
        execFileSync('git', ['--git-dir', r.gitDir, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }),
      ),
    0,
  );
  const rows: string[][] = [];
  // With a baseline checkout (another version, built), each round crawls with it first, then with this one.
  const checkouts: [string, string][] = baseline
    ? [
        [`baseline (${checkoutLabel(baseline)})`, baseline],
        [`this (${checkoutLabel(ROOT)})`, ROOT],
      ]
    : [['', ROOT]];
  for (let round = 1; round <= rounds; round++) {
    log(`round ${round}: serial raw git log …`);
    const load = loadavg()[0].toFixed(1);
    const raw = await serialGitLog(repos.map((r) => r.gitDir));
    for (const [label, checkout] of checkouts) {
      await removeOwned(dataDir);
      log(`round ${round}: first crawl ${label}…`);
      const first = expectRepos(await crawlOnce(configPath, checkout), repos.length, commits);
      const again = first.error ? null : expectRepos(await crawlOnce(configPath, checkout), repos.length, 0);
      const fail = (c: CrawlRun | null) =>
        !c ? 'not run' : `failed: ${c.error?.replace(/\|/g, '\\|').slice(0, 120)}`;
      rows.push([
        `${round}${label ? ` ${label}` : ''}`,
        load,
        `${seconds(raw.ms)} / ${seconds(raw.cpuMs)}`,
        first.error ? fail(first) : `${seconds(first.result.ms)} / ${seconds(first.result.cpuMs)}`,
        again && !again.error ? `${seconds(again.result.ms)} / ${seconds(again.result.cpuMs)}` : fail(again),
        first.error
          ? '-'
          : `**${(first.result.ms / raw.ms).toFixed(2)}** / ${(first.result.cpuMs / raw.cpuMs).toFixed(2)}`,
        again && !again.error ? `${(again.result.ms / repos.length).toFixed(1)} ms` : '-',
      ]);
    }
  }
  const what =
    shape === 'packages'
      ? `${repos.length} repos built from node_modules packages (\`npm run bench -- crawl --shape packages\`: each package's real files over a few dozen commits)`
      : `the ${repos.length} git repos in \`${path.basename(path.dirname(reposDir))}/${path.basename(reposDir)}\` (\`npm run bench -- crawl --shape folders --from DIR\`)`;
  const body = [
    `### Crawl of real small repos (${shape})`,
    '',
    `Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineText}.`,
    `Organisation: ${what}, ${commits.toLocaleString('en-US')} commits in all.`,
    '',
    table(
      [
        'round',
        'load',
        'serial raw git log: wall / CPU',
        'first crawl: wall / CPU',
        'no-change re-crawl: wall / CPU',
        'first crawl ÷ raw log: wall / CPU',
        're-crawl a repo',
      ],
      rows,
    ),
    '',
    'The baseline reads each repo with one `git log --numstat` after the other. CPU time includes child processes (git); on a shared machine it is the steadier ratio.',
  ].join('\n');
  log(`\n${body}\n`);
  if (write) {
    await writePerformanceSection(`crawl-${shape}`, body);
    log('written to docs/PERFORMANCE.md');
  }
}

/** A checkout's commit, for the table: its short hash (and "+changes" when its files differ from it). */
function checkoutLabel(dir: string): string {
  try {
    const sha = execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', dir, 'status', '--porcelain', '--untracked-files=no'], {
      encoding: 'utf8',
    }).trim();
    return dirty ? `${sha}+changes` : sha;
  } catch {
    return path.basename(dir);
  }
}

/** Raw `git log --numstat` over every repo, one after the other (what a plain script would do). */
async function serialGitLog(repoPaths: string[]): Promise<{ ms: number; cpuMs: number }> {
  const m = await measure(() =>
    pool(repoPaths, 1, async (repo) => {
      const r = await runMeasured('git', ['--git-dir', repo, 'log', '--numstat', '--no-renames', 'HEAD'], {
        env: { ...process.env, GIT_NO_LAZY_FETCH: '1', LANG: 'C.UTF-8' },
        discardStdout: true,
      });
      if (r.code !== 0) throw new Error(`git log failed in ${repo}: ${r.stderr.trim()}`);
    }),
  );
  return { ms: m.ms, cpuMs: m.cpuMs };
}

/** Measures the real-shaped organisation: its small repos alone, then all of it; writes its own section. */
async function runRealShaped(
  quick: boolean,
  generateOnly: boolean,
  write: boolean,
  log: (line: string) => void,
): Promise<void> {
  const shape = REAL_SHAPES[quick ? 'quick' : 'full'];
  const startedAt = new Date();
  const machineText = machineLine();
  const org = await ensureRealOrg(shape, log);
  if (generateOnly) return;
  const start = await runMeasured(process.execPath, [path.join(ROOT, 'bin', 'agora.js'), '--version'], {
    cwd: ROOT,
  });
  const rows: string[][] = [];
  const ratios: string[] = [];
  for (const [label, repos, configPath, commits] of [
    [`${org.small.length} small repos`, org.small, org.smallConfigPath, org.commits.small],
    [`the whole organisation (${org.all.length} repos)`, org.all, org.configPath, org.commits.all],
  ] as const) {
    log(`${label}: serial raw git log …`);
    const raw = await serialGitLog(repos);
    log(`${label}: first crawl …`);
    const first = await crawlOnce(configPath);
    const again = first.error ? null : await crawlOnce(configPath);
    const cell = (c: CrawlRun | null) =>
      !c ? '-' : c.error ? `failed: ${c.error.replace(/\|/g, '\\|').slice(0, 120)}` : seconds(c.result.ms);
    rows.push([
      `${label}: serial raw \`git log --numstat\` (${commits.toLocaleString('en-US')} commits)`,
      seconds(raw.ms),
      seconds(raw.cpuMs),
    ]);
    rows.push([`${label}: first crawl`, cell(first), first.error ? '-' : seconds(first.result.cpuMs)]);
    rows.push([
      `${label}: no-change re-crawl`,
      cell(again),
      again && !again.error ? seconds(again.result.cpuMs) : '-',
    ]);
    if (first.error || !again || again.error) continue;
    ratios.push(
      `- ${label}: first crawl ÷ serial raw git log = **${(first.result.ms / raw.ms).toFixed(2)}** wall, ` +
        `${(first.result.cpuMs / raw.cpuMs).toFixed(2)} CPU; no-change re-crawl **${(again.result.ms / repos.length).toFixed(1)} ms a repo** ` +
        `(${((again.result.ms - start.ms) / repos.length).toFixed(1)} ms without the process start), ` +
        `${(again.result.cpuMs / repos.length).toFixed(1)} ms of CPU a repo.`,
    );
  }
  rows.push(['`agora --version` (process start, for reference)', seconds(start.ms), seconds(start.cpuMs)]);
  const body = [
    `### Crawl of a real-shaped organisation${quick ? ' (--quick)' : ''}`,
    '',
    `Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineText}.`,
    `Organisation (\`npm run bench -- crawl --shape real${quick ? ' --quick' : ''}\`, bare repos from \`src/demo/generate.ts\` with its demo content): ` +
      `${shape.small.repos} small repos of ~${shape.small.commitsEach} commits (READMEs, manifests, tests, CI), ` +
      `${shape.medium.repos} medium of ~${shape.medium.commitsEach.toLocaleString('en-US')}, ` +
      `${shape.huge.length} huge of ${shape.huge.map((n) => n.toLocaleString('en-US')).join(' / ')} commits.`,
    '',
    table(['step', 'wall time', 'CPU time'], rows),
    '',
    ...ratios,
    '',
    'The baseline reads each repo with one `git log --numstat` after the other. CPU time includes child processes (git).',
  ].join('\n');
  log(`\n${body}\n`);
  if (write) {
    await writePerformanceSection(quick ? 'crawl-real-quick' : 'crawl-real', body);
    log('written to docs/PERFORMANCE.md');
  }
}
