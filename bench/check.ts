// Benchmark: repos checked per second with the `recommended` ruleset in one process, against
// `repolinter lint` (its default ruleset, the devDependency) on the same synthetic repos, as a ratio; then
// the CLI as a team's CI runs it: one fresh `agora check DIR` process per repo (the compiled bin, and the
// TypeScript sources through tsx for comparison) against one `repolinter lint DIR`, and `agora --help`.
// Usage: npm run bench -- check [--repos N] [--repolinter-repos N] [--no-record]

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { loadRuleset } from '../src/checks/ruleset/load.ts';
import { runChecks } from '../src/checks/runner.ts';
import { subjectFromDisk } from '../src/checks/subject-from-disk.ts';
import { generateOrg } from '../src/demo/generate.ts';
import { cpuMs, flag, machineLine, ROOT, table, writePerformanceSection } from './lib.ts';

/** A rate with three significant figures, so a slow tool's 0.25 repos/s is not rounded to 0. */
function rate(n: number): string {
  return n >= 100 ? n.toFixed(0) : n.toPrecision(3);
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  const repos = Number(flag(args, '--repos', String(quick ? 20 : 100)));
  const lintRepos = Math.min(repos, Number(flag(args, '--repolinter-repos', String(quick ? 5 : 20))));
  const dir = join(ROOT, 'bench', 'out', `check-${repos}`);
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const org = await generateOrg({ dir, repos, people: 40, teams: 6, years: 2, commits: repos * 5, seed: 7 });

  // Agora: one process, ruleset loaded once, every repo walked and checked.
  const startLine = machineLine();
  const ruleset = loadRuleset('recommended');
  const c0 = cpuMs();
  const t0 = performance.now();
  let failures = 0;
  for (const repo of org.repos) failures += runChecks(subjectFromDisk(repo), ruleset).summary.fail;
  const agoraMs = performance.now() - t0;
  const c1 = cpuMs();
  // Including the git processes the working-tree walk runs (ls-files, log) for each repo.
  const agoraCpu = c1.self - c0.self + c1.children - c0.children;

  // repolinter: its CLI, default ruleset, once per repo (how a team's CI runs it).
  const bin = join(ROOT, 'node_modules', 'repolinter', 'bin', 'repolinter.js');
  const t1 = performance.now();
  let lintOk = 0;
  for (const repo of org.repos.slice(0, lintRepos)) {
    const r = spawnSync(process.execPath, [bin, 'lint', repo, '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.stdout?.includes('"passed"')) lintOk++;
  }
  const lintMs = performance.now() - t1;
  // repolinter runs in child processes: their CPU is what the finished children used meanwhile.
  const lintCpu = cpuMs().children - c1.children;
  const cli = await cliRuns(org.repos.slice(0, lintRepos), lintMs);

  const agoraRate = repos / (agoraMs / 1000);
  const lintRate = lintRepos / (lintMs / 1000);
  const ratio = agoraRate / lintRate;
  // Per CPU second as well: other work on the machine slows both tools' wall time, not their CPU time.
  const agoraCpuRate = repos / (agoraCpu / 1000);
  const lintCpuRate = lintRepos / (lintCpu / 1000);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  const md = [
    `### Standards check (\`npm run bench -- check\`)`,
    '',
    `${startLine}; load average ${load} at the end.`,
    '',
    table(
      ['tool', 'repos', 'wall time', 'CPU time', 'repos/s (wall)', 'repos per CPU s'],
      [
        [
          'agora check (recommended, one process)',
          String(repos),
          `${(agoraMs / 1000).toFixed(2)} s`,
          `${(agoraCpu / 1000).toFixed(2)} s`,
          rate(agoraRate),
          rate(agoraCpuRate),
        ],
        [
          'repolinter lint (default ruleset, CLI per repo)',
          String(lintRepos),
          `${(lintMs / 1000).toFixed(2)} s`,
          `${(lintCpu / 1000).toFixed(2)} s`,
          rate(lintRate),
          rate(lintCpuRate),
        ],
      ],
    ),
    '',
    `**Ratio: ${ratio.toFixed(1)}×** repolinter's throughput in wall time, ${(agoraCpuRate / lintCpuRate).toFixed(1)}× per CPU second (target ≥ 20×). ${failures} rule failures found by Agora; repolinter produced a JSON report for ${lintOk}/${lintRepos} repos.`,
  ].join('\n');
  process.stdout.write(`${md}\n\n${cli}\n`);
  if (!args.includes('--no-record')) {
    await writePerformanceSection('check', md);
    await writePerformanceSection('check-cli', cli);
  }
}

/** Milliseconds of one fresh process running `args` (its output is read and dropped). */
function timeProcess(args: string[]): number {
  const t0 = performance.now();
  spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return performance.now() - t0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The CLI as CI runs it: `agora check DIR` in a fresh process for each repo, compiled and through tsx, with
 * repolinter's time on the same repos; `agora --help` and `--version` started 15 times each.
 */
async function cliRuns(repos: string[], lintMs: number): Promise<string> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], {
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const startLine = machineLine();
  const bin = join(ROOT, 'bin', 'agora.js');
  const tsxMain = ['--import', 'tsx', join(ROOT, 'src', 'cli', 'index.ts')];
  const perRepo = (args: string[]) =>
    repos.map((repo) => timeProcess([...args, 'check', repo, '--format', 'json']));
  const compiled = perRepo([bin]);
  const viaTsx = perRepo(tsxMain);
  const starts = (args: string[]) => median(Array.from({ length: 15 }, () => timeProcess(args)));
  const help = starts([bin, '--help']);
  const version = starts([bin, '--version']);
  const helpTsx = starts([...tsxMain, '--help']);
  const nodeAlone = starts(['-e', '0']);
  const lintPerRepo = lintMs / repos.length;
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const row = (what: string, total: number, each: number[]) => [
    what,
    `${(total / 1000).toFixed(2)} s`,
    ms(total / repos.length),
    each.length ? ms(median(each)) : '-',
    `${(lintPerRepo / (total / repos.length)).toFixed(1)}×`,
  ];
  return [
    '### CLI start-up: `agora check DIR` as CI runs it (`npm run bench -- check`)',
    '',
    `${startLine}. One fresh process per repo for ${repos.length} of the synthetic repos above, default ruleset, \`--format json\` for both tools. Targets: ≥ 3× repolinter per run (aim 5×); \`agora --help\` ≤ 0.15 s.`,
    '',
    table(
      ['run', 'total', 'per repo (mean)', 'per repo (median)', 'vs repolinter'],
      [
        row('agora check (compiled bin, dist/)', sum(compiled), compiled),
        row('agora check (TypeScript through tsx, the old bin)', sum(viaTsx), viaTsx),
        row('repolinter lint', lintMs, []),
      ],
    ),
    '',
    table(
      ['start-up (median of 15)', 'time'],
      [
        ['`agora --help` (compiled)', ms(help)],
        ['`agora --version` (compiled)', ms(version)],
        ['`agora --help` (through tsx)', ms(helpTsx)],
        ['`node -e 0` (Node alone)', ms(nodeAlone)],
      ],
    ),
  ].join('\n');
}
