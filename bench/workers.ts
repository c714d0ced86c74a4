// Workers benchmark (`npm run bench -- workers [--repos 2000] [--workers 1,2,4]`): a PostgreSQL store, an
// organisation of cheap generated repos (one small template repo copied N times), crawled through the job
// queue by 1, 2 and 4 `agora worker` processes (2 jobs each). Measures the wall time of each crawl, the
// database's CPU time spent on this crawl's connections (PostgreSQL load: every backend of the database,
// sampled from /proc while the crawl runs) and the part spent on pg-boss's own connections (the queue's
// cost per job), and writes docs/PERFORMANCE.md's "workers" section. Needs the PostgreSQL server of the
// tests on this machine (AGORA_TEST_PG); backends are read from /proc, so it must run on the same host.

import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { flag, machineLine, ROOT, removeOwned, seconds, table, writePerformanceSection } from './lib.ts';

const PG = process.env.AGORA_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const BIN = path.join(ROOT, 'bin', 'agora.js');
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

function cli(args: string[], env: Record<string, string>, cwd: string) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function runToEnd(args: string[], env: Record<string, string>, cwd: string): Promise<string> {
  const child = cli(args, env, cwd);
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    err += d;
  });
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0 && code !== 1) throw new Error(`agora ${args.join(' ')} exited ${code}: ${err}`);
  return out;
}

/** CPU ms of a process from /proc (utime + stime), or null when it is gone. */
function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICK;
  } catch {
    return null;
  }
}

async function oneRun(org: string, workers: number, repos: number) {
  const name = `agora_bench_w${workers}_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(PG);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString() };
  const cwd = path.dirname(org);
  // Backends of this database: CPU time, the last sample of each (a backend's time only grows).
  const backends = new Map<number, { app: string; ms: number }>();
  const sample = async () => {
    const rows = await admin.query<{ pid: number; app: string }>(
      'select pid, application_name as app from pg_stat_activity where datname = $1',
      [name],
    );
    for (const r of rows.rows) {
      const ms = procCpuMs(r.pid);
      if (ms !== null) backends.set(r.pid, { app: r.app, ms });
    }
  };
  const started = Date.now();
  await runToEnd(['crawl', '--queue', path.basename(org)], env, cwd);
  const children = Array.from({ length: workers }, () =>
    cli(['worker', '--concurrency', '2', '--poll', '0.5'], env, cwd),
  );
  for (const c of children) {
    c.stdout.resume();
    c.stderr.resume();
  }
  const timer = setInterval(() => void sample().catch(() => {}), 250);
  const summary = JSON.parse(
    await runToEnd(['--json', 'crawl', '--queue', '--wait', path.basename(org)], env, cwd),
  );
  const wallMs = Date.now() - started;
  await sample();
  clearInterval(timer);
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.on('close', r))));
  // One listing job, one job per repo, one finishing job.
  const jobs = repos + 2;
  let total = 0;
  let queue = 0;
  for (const b of backends.values()) {
    total += b.ms;
    if (b.app === 'agora') queue += b.ms;
  }
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  return { workers, wallMs, summary, dbMs: total, queueMs: queue, jobs };
}

export async function run(args: string[]): Promise<void> {
  const repos = Number(flag(args, '--repos', '2000'));
  const counts = flag(args, '--workers', '1,2,4').split(',').map(Number);
  const out = path.join(ROOT, 'bench', 'out', 'workers');
  await removeOwned(out);
  const template = path.join(out, 'template');
  mkdirSync(template, { recursive: true });
  const git = (...a: string[]) =>
    execFileSync('git', a, {
      cwd: template,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'A',
        GIT_AUTHOR_EMAIL: 'a@x',
        GIT_COMMITTER_NAME: 'A',
        GIT_COMMITTER_EMAIL: 'a@x',
      },
    });
  git('init', '-q', '-b', 'main');
  writeFileSync(path.join(template, 'README.md'), '# A repo\n\nWhat it does.\n');
  writeFileSync(path.join(template, 'package.json'), '{"name":"x","dependencies":{"left-pad":"1"}}\n');
  git('add', '.');
  git('commit', '-qm', 'init');
  const org = path.join(out, 'org');
  for (let i = 0; i < repos; i++)
    cpSync(template, path.join(org, `r${String(i).padStart(5, '0')}`), { recursive: true });
  writeFileSync(path.join(out, 'agora.yaml'), 'crawl:\n  jobRetryDelaySeconds: 1\n');

  const results = [];
  for (const w of counts) {
    const r = await oneRun(org, w, repos);
    process.stdout.write(
      `${w} workers: ${seconds(r.wallMs)} wall, ${r.summary.repos.new} new, db CPU ${Math.round(r.dbMs)} ms, queue ${Math.round(r.queueMs)} ms\n`,
    );
    results.push(r);
  }
  const rows = results.map((r) => [
    String(r.workers),
    seconds(r.wallMs),
    (repos / (r.wallMs / 1000)).toFixed(0),
    `${Math.round(r.dbMs / 1000)} s`,
    `${(r.dbMs / repos).toFixed(1)} ms`,
    `${(r.queueMs / r.jobs).toFixed(2)} ms`,
  ]);
  await writePerformanceSection(
    'workers',
    [
      `### Workers: ${repos} repos through the job queue (\`npm run bench -- workers\`)`,
      '',
      machineLine(),
      '',
      `Each worker runs 2 jobs at once; repos are copies of one small repo (README, package.json, one commit).`,
      'DB CPU: CPU time of every PostgreSQL backend serving this crawl (store, queue and lock connections);',
      "queue cost: the part of it on pg-boss's own connections, per job (fetch, complete, retries, maintenance).",
      '',
      table(['workers', 'wall', 'repos/s', 'DB CPU', 'DB CPU per repo', 'queue cost per job'], rows),
    ].join('\n'),
  );
}
