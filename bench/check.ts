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
  for (const repo of org.repos) failures += runChecks(await subjectFromDisk(repo), ruleset).summary.fail;
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
  const cli = await cliRuns(org.repos.slice(0, lintRepos));

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

type Tool = 'compiled' | 'tsx' | 'repolinter';

interface Timing {
  wall: number;
  cpu: number;
}

/** Wall and CPU milliseconds of one fresh process running `args` (its output is read and dropped). */
function timeProcess(args: string[], cwd?: string, env: NodeJS.ProcessEnv = process.env): Timing {
  const c0 = cpuMs().children;
  const t0 = performance.now();
  spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { wall: performance.now() - t0, cpu: cpuMs().children - c0 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The CLI as CI runs it: one fresh process per repo for `agora check DIR` (compiled, and through tsx as the
 * old bin ran it) and `repolinter lint DIR`, interleaved repo by repo so load on the machine hits all three
 * alike; on the synthetic repos and on a clone of Agora's own repository (a real one, three runs). Then the
 * start-up of `agora --help` and `--version`, median of 15.
 */
async function cliRuns(repos: string[]): Promise<string> {
  // `npm run bench` built dist/ first (scripts/build.mjs --if-stale).
  const real = join(ROOT, 'bench', 'out', 'check-real', 'agora');
  rmSync(real, { recursive: true, force: true });
  const clone = spawnSync('git', ['clone', '--quiet', ROOT, real], { encoding: 'utf8' });
  if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
  const startLine = machineLine();
  const tools = {
    compiled: [join(ROOT, 'bin', 'agora.js'), 'check'],
    tsx: ['--import', 'tsx', join(ROOT, 'src', 'cli', 'index.ts'), 'check'],
    repolinter: [join(ROOT, 'node_modules', 'repolinter', 'bin', 'repolinter.js'), 'lint'],
  };
  // NODE_EXTRA_CA_CERTS (set on some machines, this one included) makes every Node process parse a certificate
  // bundle at start (~60 ms here): the runs are also made without it, as a typical CI runner starts them.
  const certs = process.env.NODE_EXTRA_CA_CERTS;
  const plainEnv = { ...process.env };
  delete plainEnv.NODE_EXTRA_CA_CERTS;
  const runAll = (
    dirs: string[],
    env: NodeJS.ProcessEnv = process.env,
    which: readonly Tool[] = ['compiled', 'tsx', 'repolinter'],
  ) => {
    const out = { compiled: [] as Timing[], tsx: [] as Timing[], repolinter: [] as Timing[] };
    for (const dir of dirs) {
      for (const tool of which)
        out[tool].push(timeProcess([...tools[tool], dir, '--format', 'json'], undefined, env));
    }
    return out;
  };
  const synthetic = runAll(repos);
  const agoraRepo = runAll([real, real, real]);
  const withoutCerts = certs
    ? {
        synthetic: runAll(repos, plainEnv, ['compiled', 'repolinter']),
        agoraRepo: runAll([real, real, real], plainEnv, ['compiled', 'repolinter']),
      }
    : null;
  const bin = tools.compiled[0];
  const starts = (args: string[], env: NodeJS.ProcessEnv = process.env) => {
    const runs = Array.from({ length: 15 }, () => timeProcess(args, undefined, env));
    return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
  };
  const help = starts([bin, '--help']);
  const version = starts([bin, '--version']);
  const helpTsx = starts([...tools.tsx.slice(0, 3), '--help']);
  const nodeAlone = starts(['-e', '0']);
  const plainStarts = certs
    ? { help: starts([bin, '--help'], plainEnv), node: starts(['-e', '0'], plainEnv) }
    : null;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const rows = (where: string, t: ReturnType<typeof runAll>, only?: 'no-tsx') => {
    const lint = { wall: mean(t.repolinter.map((x) => x.wall)), cpu: mean(t.repolinter.map((x) => x.cpu)) };
    const row = (what: string, list: Timing[]) => {
      const wall = mean(list.map((x) => x.wall));
      const cpu = mean(list.map((x) => x.cpu));
      return [
        where,
        what,
        ms(wall),
        ms(cpu),
        `${(lint.wall / wall).toFixed(1)}× / ${(lint.cpu / cpu).toFixed(1)}×`,
      ];
    };
    return [
      row('agora check, compiled (dist/)', t.compiled),
      ...(only ? [] : [row('agora check, TypeScript through tsx (the old bin)', t.tsx)]),
      row('repolinter lint', t.repolinter),
    ];
  };
  const noCerts = ' (NODE_EXTRA_CA_CERTS unset)';
  return [
    '### CLI start-up: `agora check DIR` as CI runs it (`npm run bench -- check`)',
    '',
    `${startLine}. One fresh process per run, default rulesets, \`--format json\` for both tools; each repo is checked by the three in turn. Targets: ≥ 3× repolinter per run (aim 5×); \`agora --help\` ≤ 0.15 s.${
      process.env.NODE_EXTRA_CA_CERTS
        ? ' NODE_EXTRA_CA_CERTS was set: every Node process (both tools alike) parsed those certificates at start; the rows marked “unset” are the same runs without it, as a typical CI runner starts them.'
        : ''
    }`,
    '',
    table(
      ['repos', 'run', 'wall per run', 'CPU per run', 'repolinter ÷ this (wall / CPU)'],
      [
        ...rows(`${repos.length} synthetic`, synthetic),
        ...rows('Agora’s own (3 runs)', agoraRepo),
        ...(withoutCerts
          ? [
              ...rows(`${repos.length} synthetic${noCerts}`, withoutCerts.synthetic, 'no-tsx'),
              ...rows(`Agora’s own (3 runs)${noCerts}`, withoutCerts.agoraRepo, 'no-tsx'),
            ]
          : []),
      ],
    ),
    '',
    table(
      ['start-up (median of 15)', 'wall', 'CPU'],
      [
        ['`agora --help` (compiled)', ms(help.wall), ms(help.cpu)],
        ['`agora --version` (compiled)', ms(version.wall), ms(version.cpu)],
        ['`agora --help` (through tsx)', ms(helpTsx.wall), ms(helpTsx.cpu)],
        ['`node -e 0` (Node alone)', ms(nodeAlone.wall), ms(nodeAlone.cpu)],
        ...(plainStarts
          ? [
              [`\`agora --help\` (compiled)${noCerts}`, ms(plainStarts.help.wall), ms(plainStarts.help.cpu)],
              [`\`node -e 0\`${noCerts}`, ms(plainStarts.node.wall), ms(plainStarts.node.cpu)],
            ]
          : []),
      ],
    ),
    '',
    'What the compiled bin does (scripts/build.mjs, docs/ARCHITECTURE.md): esbuild bundles one chunk per command with the pure-JS dependencies inside (a check of a plain repo loads ~36 files, 0.5 MB, instead of ~400), only the named command is imported, the built-in rulesets are stored already loaded, and without an agora.yaml the configuration is the written-out defaults; zod and yaml load only for a ruleset file of the user’s or a tree with innersource.json or catalog-info.yaml, the XML and TOML parsers only for a tree with such a manifest. A plain README is read line by line (src/render/quick-outline.ts) and the Markdown parser (markdown-it) is not loaded; another short one loads it on demand, anything else is parsed in a render worker. Where a check still spends its CPU (profile): Node’s own start, resolving and compiling the modules (cli.js with commander, the analysers with the linguist tables), the analysers, GC, and the two git processes of the working-tree walk (ls-files, log -1). On Node 22+ the bin turns on Node’s compile cache.',
  ].join('\n');
}
