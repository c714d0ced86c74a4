// How many git processes a crawl starts per repository (issue 9, item 19): per-repo process starts are what a
// crawl of many small repos pays most for, so their number is held here rather than a time. A first crawl
// reads a small local repo with at most 3 (tree listing, one long-lived cat-file for the wanted files, the
// history); a re-crawl that finds nothing changed starts none (HEAD is read from the repo's files).

import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';

const REPOS = ['alpha', 'beta', 'gamma'];

let root: string;
let log: string;
let env: Record<string, string>;

/** The git invocations logged since the last call, by the repository named in their `--git-dir`. */
function gitCallsByRepo(): { byRepo: Map<string, string[]>; other: string[] } {
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  writeFileSync(log, '');
  const byRepo = new Map<string, string[]>();
  const other: string[] = [];
  for (const line of lines) {
    const repo = REPOS.find((r) => line.includes(`--git-dir=${join(root, 'org', r)}`));
    if (repo) byRepo.set(repo, [...(byRepo.get(repo) ?? []), line]);
    else other.push(line);
  }
  return { byRepo, other };
}

beforeAll(async () => {
  root = await tmpDir('agora-git-processes-');
  for (const [i, name] of REPOS.entries()) {
    await makeRepo({
      dir: join(root, 'org', name),
      commits: Array.from({ length: 4 + i }, (_, c) => ({
        files: {
          'README.md': `# ${name}\n\nWhat ${name} does, revision ${c}.\n`,
          'package.json': JSON.stringify({ name, description: `The ${name} library` }),
          [`src/file${c}.js`]: `export const x${c} = ${c};\n`,
          ...(c === 0 ? { '.mailmap': 'Dev <dev@example.com>\n' } : {}),
        },
      })),
    });
  }
  // A `git` first on PATH that logs its arguments and runs the real one.
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = join(root, 'bin');
  execFileSync('mkdir', ['-p', bin]);
  log = join(root, 'git-calls.log');
  writeFileSync(log, '');
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\nprintf '%s\\n' "$*" >> "$AGORA_TEST_GIT_LOG"\nexec ${JSON.stringify(realGit)} "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  env = { PATH: `${bin}:${process.env.PATH}`, AGORA_TEST_GIT_LOG: log };
});

describe('git processes per repository', () => {
  it('a first crawl starts at most 3 per small local repo, and a no-change re-crawl none', async () => {
    const crawl = () =>
      runCli(['--data-dir', join(root, 'data'), '--json', 'crawl', join(root, 'org')], { cwd: root, env });
    const first = await crawl();
    expect(first.code).toBe(0);
    expect(first.json.repos).toMatchObject({ new: 3, failed: 0 });
    const once = gitCallsByRepo();
    for (const repo of REPOS) {
      const calls = once.byRepo.get(repo) ?? [];
      expect(calls.length, `${repo}: ${calls.join(' | ')}`).toBeGreaterThanOrEqual(2);
      expect(calls.length, `${repo}: ${calls.join(' | ')}`).toBeLessThanOrEqual(3);
    }
    // Nothing per repo hides behind calls without --git-dir (discovery of the folder is by its files).
    expect(once.other.length, once.other.join(' | ')).toBeLessThanOrEqual(1);

    const again = await crawl();
    expect(again.code).toBe(0);
    expect(again.json.repos).toMatchObject({ unchanged: 3, failed: 0 });
    const twice = gitCallsByRepo();
    expect([...twice.byRepo.values()].flat()).toEqual([]);
    expect(twice.other.length, twice.other.join(' | ')).toBeLessThanOrEqual(1);
  });
});

describe('git processes of `agora check DIR`', () => {
  it('lists the working tree with one, and reads the last commit only for a ruleset that has a rule on it', async () => {
    const dir = join(root, 'org', 'alpha');
    const calls = () => gitCallsByRepo().other.filter((l) => l.includes(`-C ${dir}`));
    gitCallsByRepo();
    const base = await runCli(['check', dir, '--format', 'json'], { cwd: root, env });
    expect(base.code).toBe(1);
    expect(calls().map((l) => l.split(' ')[2])).toEqual(['ls-files']);
    const recommended = await runCli(['check', dir, '--ruleset', 'recommended', '--format', 'json'], {
      cwd: root,
      env,
    });
    const results = JSON.parse(recommended.stdout).repos[0].results as { id: string; status: string }[];
    // Evaluated (the fixture's commits are old: it fails), not "the date of the last commit is not known".
    expect(results.find((r) => r.id === 'recent-activity')?.status).toBe('fail');
    expect(calls().map((l) => l.split(' ')[2])).toEqual(['ls-files', 'log']);
  });
});
