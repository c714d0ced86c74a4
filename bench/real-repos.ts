// Organisations of real small repositories for the crawl benchmark (`npm run bench -- crawl --shape folders`):
// any folder of git repositories (e.g. bare clones of real projects), or, where none are at hand, one built
// from the real packages under node_modules (`--shape packages`): each package's own files (README,
// package.json, licence, code, docs) committed as a repository over a few dozen commits with realistic dates
// and authors, the same bytes on every run.

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, removeOwned } from './lib.ts';

/** The git repositories directly under `dir` (bare, or with a work tree), sorted by name. */
export function gitReposIn(dir: string): { path: string; gitDir: string }[] {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    if (existsSync(path.join(p, '.git'))) out.push({ path: p, gitDir: path.join(p, '.git') });
    else if (existsSync(path.join(p, 'HEAD')) && existsSync(path.join(p, 'objects')))
      out.push({ path: p, gitDir: p });
  }
  return out;
}

const PEOPLE = [
  ['Amara Okafor', 'amara@example.com'],
  ['Jonas Berg', 'jonas.berg@example.com'],
  ['Mei Lin', 'mei@example.com'],
  ['Diego Alvarez', 'diego@example.com'],
  ['Priya Nair', 'priya.nair@example.com'],
] as const;

/** Packages of node_modules with a README, a package.json and a licence, 8–150 files: real small projects. */
function packageFolders(count: number): string[] {
  const root = path.join(ROOT, 'node_modules');
  const out: string[] = [];
  for (const name of readdirSync(root).sort()) {
    if (name.startsWith('.') || name.startsWith('@')) continue;
    const dir = path.join(root, name);
    const files = listFiles(dir);
    if (files.length < 8 || files.length > 150) continue;
    const has = (re: RegExp) => files.some((f) => re.test(f));
    if (!has(/^readme\.md$/i) || !has(/^package\.json$/) || !has(/^licen[cs]e/i)) continue;
    out.push(dir);
    if (out.length === count) break;
  }
  return out;
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...listFiles(dir, rel));
    } else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/**
 * Builds (or reuses) `count` repos from node_modules packages under bench/out, each with `commits` commits: the
 * package's files arrive over the first half, later commits edit its README, one to three
 * days apart, by up to five people. Returns the folder holding the repos.
 */
export async function ensurePackageOrg(
  count: number,
  commits: number,
  log: (l: string) => void,
): Promise<string> {
  const dir = path.join(ROOT, 'bench', 'out', `packages-r${count}-c${commits}`);
  const reposDir = path.join(dir, 'repos');
  if (existsSync(path.join(dir, 'done'))) return reposDir;
  await removeOwned(dir);
  log(
    `building ${count} repos of ${commits} commits from node_modules packages into ${path.relative(ROOT, dir)} …`,
  );
  for (const [r, pkg] of packageFolders(count).entries()) {
    const repo = path.join(reposDir, path.basename(pkg));
    await mkdir(repo, { recursive: true });
    const git = (args: string[], env: Record<string, string> = {}) =>
      execFileSync('git', ['-C', repo, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
    git(['init', '-q', '-b', 'main']);
    const files = listFiles(pkg);
    const firstHalf = Math.max(1, Math.floor(commits / 2));
    let when = Date.UTC(2022, 0, 3) + r * 86_400_000;
    for (let c = 0; c < commits; c++) {
      const batch = c < firstHalf ? files.filter((_, i) => i % firstHalf === c) : [];
      for (const f of batch) {
        await mkdir(path.dirname(path.join(repo, f)), { recursive: true });
        await writeFile(path.join(repo, f), readFileSync(path.join(pkg, f)));
      }
      if (c >= firstHalf) {
        const readme = files.find((f) => /^readme\.md$/i.test(f)) as string;
        const p = path.join(repo, readme);
        writeFileSync(p, `${readFileSync(p, 'utf8')}\nRevised in change ${c}.\n`);
      }
      const [name, email] = PEOPLE[(r + c * 3) % PEOPLE.length];
      when += (1 + ((r * 7 + c * 13) % 3)) * 86_400_000 + ((c * 37) % 9) * 3_600_000;
      const date = new Date(when).toISOString();
      git(['add', '-A']);
      git(['commit', '-q', '--allow-empty', '-m', c === 0 ? 'Initial commit' : `Change ${c}`], {
        GIT_AUTHOR_NAME: name,
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: name,
        GIT_COMMITTER_EMAIL: email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_DATE: date,
      });
    }
  }
  await writeFile(path.join(dir, 'done'), '');
  return reposDir;
}
