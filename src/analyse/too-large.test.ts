// A descriptor too large to read (a 9 MB CODEOWNERS, a huge innersource.json or README) is reported as
// "too large" with the limit, not as "binary or not fetched": read from a real git repository.

import { describe, expect, it } from 'vitest';
import { gitdir, revParse } from '../../test/helpers/gitdir.ts';
import { buildSnapshot } from '../snapshot/build.ts';
import { analyseSnapshot } from './index.ts';
import { MAX_WANTED_BYTES } from './limits.ts';
import { isImageFile, isWantedFile, selectWantedFiles } from './wanted.ts';

describe('files over the read limit', () => {
  it('names the size and the limit in the finding', async () => {
    const huge = (line: string) => line.repeat(Math.ceil((MAX_WANTED_BYTES + 1) / line.length));
    const repo = await gitdir({
      'innersource.json': `{"title": "${'x'.repeat(MAX_WANTED_BYTES + 10)}"}`,
      '.github/CODEOWNERS': huge('/src/ @acme/payments\n'),
      'README.md': huge('# Hello\n'),
    });
    const { snapshot } = await buildSnapshot({
      repoId: 'test:big',
      name: 'big',
      gitDir: `${repo}/.git`,
      head: await revParse(repo, 'HEAD'),
      isWanted: isWantedFile,
      select: selectWantedFiles,
      keepBinary: isImageFile,
      maxFileBytes: 1_048_576,
      timeoutMs: 30_000,
    });
    const facts = analyseSnapshot(snapshot);
    const byPath = new Map(facts.findings.map((f) => [f.path, f.message]));
    for (const path of ['innersource.json', '.github/CODEOWNERS', 'README.md']) {
      expect(byPath.get(path), path).toMatch(/too large to read: 4\.0 MB, over the 4\.0 MB limit/);
      expect(byPath.get(path), path).not.toMatch(/binary|not fetched/);
    }
  });

  it('says what part of a file over crawl.maxFileBytes was read', async () => {
    const repo = await gitdir({ CODEOWNERS: '/src/ @acme/payments\n'.repeat(100_000) });
    const { snapshot } = await buildSnapshot({
      repoId: 'test:big',
      name: 'big',
      gitDir: `${repo}/.git`,
      head: await revParse(repo, 'HEAD'),
      isWanted: isWantedFile,
      maxFileBytes: 1_048_576,
      timeoutMs: 30_000,
    });
    const facts = analyseSnapshot(snapshot);
    expect(facts.findings.find((f) => f.path === 'CODEOWNERS')?.message).toBe(
      'too large: only the first 1.0 MB of its 2.0 MB were read (crawl.maxFileBytes)',
    );
    expect(facts.owners.map((o) => o.owner)).toEqual(['@acme/payments']);
  });
});
