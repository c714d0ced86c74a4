// A repository that declares a flood of dependencies (the "package bomb": many package.json files with
// tens of thousands of dependencies each) is read within the per-repository caps, each cap a finding.

import { describe, expect, it } from 'vitest';
import { gitdir, revParse } from '../../test/helpers/gitdir.ts';
import { buildSnapshot } from '../snapshot/build.ts';
import type { Snapshot } from '../snapshot/snapshot.ts';
import { type AnalyseOptions, analyseSnapshot } from './index.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { isImageFile, isWantedFile, selectWantedFiles } from './wanted.ts';

function packageJson(name: string, deps: number): string {
  const dependencies: Record<string, string> = {};
  for (let i = 0; i < deps; i++) dependencies[`d${i}`] = '1';
  return JSON.stringify({ name, dependencies });
}

async function bomb(manifests: number, deps: number): Promise<Record<string, string>> {
  const files: Record<string, string> = { 'README.md': '# Bomb\n' };
  for (let i = 0; i < manifests; i++)
    files[`packages/p${String(i).padStart(4, '0')}/package.json`] = packageJson(`p${i}`, deps);
  return files;
}

async function crawlLike(
  files: Record<string, string>,
  opts: AnalyseOptions,
): Promise<{ snapshot: Snapshot; facts: ReturnType<typeof analyseSnapshot> }> {
  const repo = await gitdir(files);
  const { snapshot } = await buildSnapshot({
    repoId: 'test:bomb',
    name: 'bomb',
    gitDir: `${repo}/.git`,
    head: await revParse(repo, 'HEAD'),
    isWanted: isWantedFile,
    select: (tree) =>
      selectWantedFiles(tree, { maxManifests: opts.maxManifests ?? DEFAULT_LIMITS.maxManifests }),
    keepBinary: isImageFile,
    maxFileBytes: 1_048_576,
    timeoutMs: 60_000,
  });
  return { snapshot, facts: analyseSnapshot(snapshot, opts) };
}

const codes = (facts: ReturnType<typeof analyseSnapshot>) => facts.findings.map((f) => f.code);

describe('package bomb', () => {
  it('configured caps: manifests, packages per manifest and facts size, each a finding naming its key', async () => {
    const opts = { maxManifests: 10, maxDependenciesPerManifest: 500, maxFactsBytes: 100_000 };
    const { snapshot, facts } = await crawlLike(await bomb(30, 3000), opts);
    expect([...snapshot.files.keys()].filter((p) => p.endsWith('package.json'))).toHaveLength(10);
    const messages = facts.findings.map((f) => f.message).join('\n');
    expect(messages).toContain(
      '20 manifest(s) not read: over the limit of 10 manifests per repository (crawl.maxManifests)',
    );
    expect(messages).toContain(
      '3,001 packages, over the limit of 500 per manifest (crawl.maxDependenciesPerManifest)',
    );
    expect(messages).toContain(
      'manifest(s) not read: the packages already read fill the limit of 98 KB of facts per repository (crawl.maxFactsBytes)',
    );
    expect(Buffer.byteLength(JSON.stringify(facts))).toBeLessThanOrEqual(opts.maxFactsBytes);
    expect(facts.packages.length).toBeGreaterThan(500);
    expect(codes(facts)).toContain('MANIFEST_LIMIT');
  });

  it('facts over crawl.maxFactsBytes are trimmed from their longest list, publishes kept first, with a finding', async () => {
    const files: Record<string, string> = { 'package.json': packageJson('root', 1500) };
    for (let i = 0; i < 400; i++) files[`.github/workflows/w${i}.yml`] = 'on: push\njobs: {}\n';
    const { facts } = await crawlLike(files, { maxFactsBytes: 65_536 });
    expect(Buffer.byteLength(JSON.stringify(facts))).toBeLessThanOrEqual(65_536);
    const finding = facts.findings.find((f) => f.code === 'FACTS_LIMIT');
    expect(finding?.message).toMatch(
      /^the facts of this repository came to \d+ KB, over the limit of 64 KB per repository \(crawl\.maxFactsBytes\); dropped [\d,]+ of 1,501 packages/,
    );
    expect(facts.packages[0]).toMatchObject({ name: 'root', role: 'publishes' });
    expect(facts.ci).toHaveLength(400);
  });

  it('default caps hold a bomb too', async () => {
    const { facts } = await crawlLike(
      await bomb(DEFAULT_LIMITS.maxManifests + 10, DEFAULT_LIMITS.maxDependenciesPerManifest + 100),
      {},
    );
    expect(Buffer.byteLength(JSON.stringify(facts))).toBeLessThanOrEqual(DEFAULT_LIMITS.maxFactsBytes);
    const messages = facts.findings.map((f) => f.message).join('\n');
    expect(messages).toContain('10 manifest(s) not read: over the limit of 300 manifests per repository');
    expect(messages).toContain('2,101 packages, over the limit of 2,000 per manifest');
    expect(messages).toContain('over the limit of 4.0 MB per repository (crawl.maxFactsBytes)');
    expect(facts.readme?.text).toBe('# Bomb\n');
  });

  it('a repository within the caps is untouched', async () => {
    const files = await bomb(3, 50);
    const { facts } = await crawlLike(files, {});
    expect(facts.findings).toEqual([]);
    expect(facts.packages).toHaveLength(3 + 3 * 50);
  });
});
