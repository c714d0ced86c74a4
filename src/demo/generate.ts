// Builds a synthetic organisation of real git repositories (people in teams, years of
// history, docs of every quality, a re-use graph) plus the agora.yaml that describes it.
// `agora demo` uses it for a ~40-repo demo, the benchmarks for up to a million commits.

import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AgoraError } from '../errors.ts';
import { fastImport } from './fast-import.ts';
import { type RepoHistoryStats, repoHistory } from './history.ts';
import { type OrgPlan, planOrg } from './model.ts';
import { configFor, groundTruth } from './org-files.ts';

const execFileAsync = promisify(execFile);

export interface GenerateOptions {
  /** Output folder; gets `repos/`, `agora.yaml`, `aliases.mailmap` and `org.json`. */
  dir: string;
  repos: number;
  people: number;
  teams: number;
  years: number;
  /** Total commits across all repos (at least one per repo). */
  commits: number;
  seed?: number;
  /** Bare repositories (`<name>.git`) instead of checked-out ones. Default false. */
  bare?: boolean;
  /** Rich READMEs (purpose, table, image) for the well-documented repos. */
  withDemoContent?: boolean;
  /** The newest possible commit time; default the start of today (UTC). Fix it for byte-identical output. */
  now?: Date;
  /** Repos generated at once; default 2. */
  concurrency?: number;
  /** zlib level of the packs (0–9); default 1, which keeps generation fast. */
  compression?: number;
}

export interface GenerateStats {
  repos: number;
  commits: number;
  botCommits: number;
  /** Commits whose author was outside the owning team at the time. */
  outsideCommits: number;
  people: number;
  teams: number;
  /** Distinct author emails that appear in the history (people's second addresses included). */
  authorEmails: number;
  packages: number;
  reuseEdges: number;
  ms: number;
}

export interface GenerateResult {
  dir: string;
  /** Absolute paths of the repositories, in plan order. */
  repos: string[];
  configPath: string;
  stats: GenerateStats;
  /** The plan, as the ground truth for tests (who is in which team, who publishes what). */
  plan: OrgPlan;
}

/** Generates the organisation; the same options and seed give the same repositories. */
export async function generateOrg(opts: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  validate(opts);
  const dir = path.resolve(opts.dir);
  const reposDir = path.join(dir, 'repos');
  await mkdir(reposDir, { recursive: true });
  if ((await readdir(reposDir)).length > 0)
    throw new AgoraError('USAGE', `${reposDir} is not empty; generate into a fresh folder`);

  const now = opts.now ?? startOfTodayUtc();
  const plan = planOrg({
    repos: opts.repos,
    people: opts.people,
    teams: opts.teams,
    years: opts.years,
    commits: opts.commits,
    seed: opts.seed ?? 1,
    now: Math.floor(now.getTime() / 1000),
  });
  const paths = plan.repos.map((r) => path.join(reposDir, opts.bare ? `${r.name}.git` : r.name));
  const totals: RepoHistoryStats = { commits: 0, botCommits: 0, outsideCommits: 0, authors: new Set() };

  let next = 0;
  async function worker(): Promise<void> {
    while (next < plan.repos.length) {
      const i = next++;
      await buildRepo(plan, i, paths[i], opts, totals);
    }
  }
  const concurrency = Math.max(1, Math.min(opts.concurrency ?? 2, plan.repos.length));
  await Promise.all(Array.from({ length: concurrency }, worker));

  const stats: GenerateStats = {
    repos: plan.repos.length,
    commits: totals.commits,
    botCommits: totals.botCommits,
    outsideCommits: totals.outsideCommits,
    people: plan.people.length,
    teams: plan.teams.length,
    authorEmails: totals.authors.size,
    packages: plan.repos.filter((r) => r.publishes).length,
    reuseEdges: plan.repos.reduce((n, r) => n + r.consumes.length + (r.extra?.consumes.length ?? 0), 0),
    ms: 0,
  };
  const configPath = path.join(dir, 'agora.yaml');
  const files = configFor(plan);
  await writeFile(path.join(dir, 'aliases.mailmap'), files.aliases);
  await writeFile(configPath, files.config);
  stats.ms = Math.round(performance.now() - started);
  // Written last: its presence means the organisation is complete (the benchmarks reuse it).
  await writeFile(
    path.join(dir, 'org.json'),
    `${JSON.stringify(groundTruth(plan, paths, dir, stats), null, 2)}\n`,
  );
  return { dir, repos: paths, configPath, stats, plan };
}

async function buildRepo(
  plan: OrgPlan,
  index: number,
  repoPath: string,
  opts: GenerateOptions,
  totals: RepoHistoryStats,
): Promise<void> {
  const repo = plan.repos[index];
  const git = (args: string[]) => execFileAsync('git', args, { env: { ...process.env, LANG: 'C.UTF-8' } });
  await git(['init', '-q', '-b', 'main', ...(opts.bare ? ['--bare'] : []), repoPath]);
  const gitDir = opts.bare ? repoPath : path.join(repoPath, '.git');
  await fastImport(
    gitDir,
    repoHistory(plan, repo, { rich: opts.withDemoContent ?? false }, totals),
    opts.compression,
  );
  if (!opts.bare) await git(['-C', repoPath, 'reset', '-q', '--hard']);
}

function validate(opts: GenerateOptions): void {
  const whole = ['repos', 'people', 'teams', 'commits'] as const;
  for (const key of whole) {
    const v = opts[key];
    if (!Number.isInteger(v) || v < 1)
      throw new AgoraError('USAGE', `${key} must be a whole number of at least 1`);
  }
  if (!(opts.years > 0)) throw new AgoraError('USAGE', 'years must be more than 0');
  if (opts.people < opts.teams) throw new AgoraError('USAGE', 'people must be at least the number of teams');
  if (opts.commits < opts.repos) throw new AgoraError('USAGE', 'commits must be at least one per repo');
}

function startOfTodayUtc(): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
