// The synthetic organisation generator at a tiny size: real repos with the requested commits
// and authors, the same bytes for the same seed, and an agora.yaml the config schema accepts.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import picomatch from 'picomatch';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../src/config/schema.ts';
import { type GenerateResult, generateOrg } from '../src/demo/generate.ts';
import { AgoraError } from '../src/errors.ts';

const NOW = new Date('2025-06-01T00:00:00Z');
const SIZE = { repos: 3, commits: 60, people: 6, teams: 2, years: 2 };

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir(repo), ...args], { encoding: 'utf8' });
}

function gitDir(repo: string): string {
  return existsSync(path.join(repo, '.git')) ? path.join(repo, '.git') : repo;
}

describe('generateOrg', () => {
  let tmp: string;
  let a: GenerateResult;
  let b: GenerateResult;
  let c: GenerateResult;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-gen-'));
    // Same seed, once checked out and once bare; then another seed.
    a = await generateOrg({ dir: path.join(tmp, 'a'), ...SIZE, seed: 42, now: NOW });
    b = await generateOrg({ dir: path.join(tmp, 'b'), ...SIZE, seed: 42, now: NOW, bare: true });
    c = await generateOrg({ dir: path.join(tmp, 'c'), ...SIZE, seed: 43, now: NOW, bare: true });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test('builds the requested repositories and commits', () => {
    expect(a.repos).toHaveLength(3);
    let total = 0;
    a.repos.forEach((repo, i) => {
      const count = Number(git(repo, 'rev-list', '--count', 'HEAD').trim());
      expect(count).toBe(a.plan.repos[i].commits);
      expect(existsSync(path.join(repo, '.gitignore'))).toBe(true);
      total += count;
    });
    expect(total).toBe(60);
    expect(a.stats.commits).toBe(60);
    expect(git(b.repos[0], 'rev-parse', '--is-bare-repository').trim()).toBe('true');
    expect(b.repos[0].endsWith('.git')).toBe(true);
  });

  test('is deterministic for a seed, bare or not, and differs for another seed', () => {
    const heads = (r: GenerateResult) => r.repos.map((repo) => git(repo, 'rev-parse', 'HEAD').trim());
    expect(heads(b)).toEqual(heads(a));
    expect(heads(c)).not.toEqual(heads(a));
    expect(readFileSync(b.configPath, 'utf8')).toBe(readFileSync(a.configPath, 'utf8'));
  });

  test('writes an agora.yaml the config schema accepts, with globs, lists and a dated move', () => {
    const raw = parse(readFileSync(a.configPath, 'utf8'));
    const result = configSchema.safeParse(raw);
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
    const config = result.data!;
    expect(config.sources).toEqual([expect.objectContaining({ type: 'local', path: 'repos' })]);
    const members = Object.values(config.teams).flatMap((t) => t.members);
    expect(members.some((m) => typeof m === 'string' && m.startsWith('*@'))).toBe(true);
    expect(members.some((m) => typeof m === 'string' && !m.includes('*'))).toBe(true);
    expect(members.some((m) => typeof m === 'object' && m.until)).toBe(true);
    expect(members.some((m) => typeof m === 'object' && m.since)).toBe(true);
    expect(Object.values(config.teams).every((t) => t.handles.length === 1)).toBe(true);
    expect(existsSync(path.resolve(path.dirname(a.configPath), config.aliases!))).toBe(true);
  });

  test('every author is a bot or a member of a configured team, second emails merged by aliases', () => {
    const config = configSchema.parse(parse(readFileSync(a.configPath, 'utf8')));
    const patterns = Object.values(config.teams).flatMap((t) =>
      t.members.map((m) => (typeof m === 'string' ? m : m.email!)),
    );
    const isMember = picomatch(patterns, { nocase: true });
    const aliases = new Map<string, string>();
    for (const line of readFileSync(path.join(a.dir, 'aliases.mailmap'), 'utf8').split('\n')) {
      const m = line.match(/<([^>]+)> <([^>]+)>/);
      if (m) aliases.set(m[2], m[1]);
    }
    const bots = new Set(a.plan.bots.map((bot) => bot.email));
    const authors = new Set<string>();
    for (const repo of a.repos)
      for (const e of git(repo, 'log', '--format=%ae').trim().split('\n')) authors.add(e);
    expect(authors.size).toBe(a.stats.authorEmails);
    for (const email of authors) {
      if (bots.has(email)) continue;
      expect(isMember(aliases.get(email) ?? email), email).toBe(true);
    }
    const people = new Set([...authors].filter((e) => !bots.has(e)).map((e) => aliases.get(e) ?? e));
    expect(people.size).toBeLessThanOrEqual(SIZE.people);
    expect(people.size).toBeGreaterThan(1);
  });

  test('later commits change a few files with real line counts', () => {
    const repo = a.repos[a.plan.repos.findIndex((r) => r.commits >= 10)];
    const log = git(repo, 'log', '--numstat', '--format=@%H', 'HEAD~8..HEAD');
    const commits = log.split('@').filter(Boolean);
    expect(commits).toHaveLength(8);
    for (const commit of commits) {
      const files = commit.trim().split('\n').slice(1).filter(Boolean);
      expect(files.length).toBeGreaterThanOrEqual(1);
      expect(files.length).toBeLessThanOrEqual(6);
      for (const f of files) {
        const [added, removed] = f.split('\t').map(Number);
        expect(added + removed).toBeGreaterThan(0);
      }
    }
  });

  test('rejects impossible sizes with a usage error', async () => {
    await expect(generateOrg({ dir: path.join(tmp, 'x'), ...SIZE, commits: 2 })).rejects.toBeInstanceOf(
      AgoraError,
    );
    await expect(generateOrg({ dir: path.join(tmp, 'y'), ...SIZE, people: 1 })).rejects.toThrow(/people/);
  });
});
