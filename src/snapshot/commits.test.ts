import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRepo, objectId, removeObject, revParse, tmpDir } from '../../test/helpers/gitdir.ts';
import type { CommitRecord, Finding } from '../analyse/facts.ts';
import { ensureMirror, prefetchBlobs } from '../git/mirror.ts';
import { decodeIdentity, type ReadCommitsOptions, readCommits } from './commits.ts';

async function read(gitDir: string, opts: Partial<ReadCommitsOptions> = {}) {
  const findings: Finding[] = [];
  const commits: CommitRecord[] = [];
  for await (const c of readCommits(gitDir, {
    head: 'HEAD',
    timeoutMs: 30_000,
    lineCounts: true,
    onFinding: (f) => findings.push(f),
    ...opts,
  })) {
    commits.push(c);
  }
  return { commits, findings };
}

const T0 = Date.parse('2024-01-01T00:00:00Z') / 1000;

describe('readCommits', () => {
  it('reads merges, empty commits, binary files, line and file counts', async () => {
    const repo = await makeRepo({
      bare: true,
      commits: [
        { files: { 'a.txt': 'one\ntwo\n', 'img.png': Buffer.from([0x89, 0x50, 0, 1, 2]) } },
        { files: { 'b.txt': 'side\n' }, from: 0, author: { name: 'Bob', email: 'Bob@Example.COM' } },
        { files: { 'a.txt': 'one\n2\nthree\n' }, from: 0 },
        { files: {}, from: 2, merge: [1], message: 'merge side' },
        { files: {}, message: 'empty' },
        { files: { 'img.png': Buffer.from([0x89, 0x50, 0, 9]) } },
      ],
    });
    const { commits, findings } = await read(repo);
    expect(findings).toEqual([]);
    expect(commits).toHaveLength(6);
    const [binary, empty, merge, edit, side, root] = commits;
    expect(binary).toMatchObject({ parents: 1, filesChanged: 1, additions: null, deletions: null });
    expect(empty).toMatchObject({ parents: 1, filesChanged: 0, additions: 0, deletions: 0 });
    expect(merge).toMatchObject({ parents: 2, filesChanged: 0 });
    expect(edit).toMatchObject({ filesChanged: 1, additions: 2, deletions: 1 });
    expect(side).toMatchObject({ authorName: 'Bob', authorEmail: 'bob@example.com', isBot: false });
    expect(root).toMatchObject({
      sha: await revParse(repo, 'HEAD~4'),
      parents: 0,
      authorName: 'Ada Lovelace',
      authorEmail: 'ada@example.com',
      authorTime: T0,
      committerTime: T0,
      filesChanged: 2,
      additions: 2,
      deletions: 0,
    });
    expect(binary.sha).toBe(await revParse(repo));
  });

  it('reads file counts only when asked for no line counts', async () => {
    const repo = await makeRepo({
      bare: true,
      commits: [{ files: { a: 'x\n', b: 'y\n' } }, { files: { a: null } }],
    });
    const { commits } = await read(repo, { lineCounts: false });
    expect(commits.map((c) => [c.filesChanged, c.additions])).toEqual([
      [1, null],
      [2, null],
    ]);
  });

  it('decodes non-UTF-8 author names and caps long ones', async () => {
    const latin1 = Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x20, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]); // "José Müller"
    const repo = await makeRepo({
      bare: true,
      commits: [
        { files: { a: '1' }, author: { name: latin1, email: 'jose@example.com' } },
        { files: { b: '2' }, author: { name: 'Zoë 🚀', email: 'zoe@example.com' } },
        { files: { c: '3' }, author: { name: 'x'.repeat(1000), email: 'long@example.com' } },
        {
          files: { d: '4' },
          author: { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
        },
      ],
    });
    const { commits } = await read(repo);
    expect(commits.map((c) => c.authorName.slice(0, 20))).toEqual([
      'dependabot[bot]',
      'x'.repeat(20),
      'Zoë 🚀',
      'José Müller',
    ]);
    expect(commits[1].authorName).toHaveLength(256);
    expect(commits.map((c) => c.isBot)).toEqual([true, false, false, false]);
    const custom = await read(repo, { classifyBot: (name) => name.startsWith('Zo') });
    expect(custom.commits.map((c) => c.isBot)).toEqual([false, false, true, false]);
    expect(decodeIdentity(Buffer.from([0xff, 0xfe, 0x41]))).toBe('ÿþA');
  });

  it('applies the repository mailmap (bare too) and an organisation mailmap', async () => {
    const repo = await makeRepo({
      bare: true,
      commits: [
        { files: { a: '1' }, author: { name: 'ada', email: 'ADA@old.example.com' } },
        { files: { b: '2' }, author: { name: 'Charles B.', email: 'cb@example.com' } },
        { files: { '.mailmap': 'Ada Lovelace <ada@example.com> <ada@old.example.com>\n' } },
      ],
    });
    const { commits } = await read(repo);
    expect(commits[2]).toMatchObject({ authorName: 'Ada Lovelace', authorEmail: 'ada@example.com' });
    expect(commits[1]).toMatchObject({ authorName: 'Charles B.', authorEmail: 'cb@example.com' });
    const dir = await tmpDir('mailmap');
    const orgMap = join(dir, 'mailmap');
    await writeFile(orgMap, 'Charles Babbage <charles@example.com> <cb@example.com>\n');
    const withOrg = await read(repo, { mailmapFile: orgMap });
    expect(withOrg.commits[1]).toMatchObject({
      authorName: 'Charles Babbage',
      authorEmail: 'charles@example.com',
    });
    expect(withOrg.commits[2]).toMatchObject({ authorEmail: 'ada@example.com' });
  });

  it('reads history on a blobless mirror whose .mailmap blob was not fetched', async () => {
    const origin = await makeRepo({
      commits: [
        { files: { '.mailmap': 'A <a@example.com> <ada@example.com>\n', x: '1' } },
        { files: { y: '2' } },
      ],
    });
    const { gitDir } = await ensureMirror(`file://${origin}`, await tmpDir('data'));
    const { commits, findings } = await read(gitDir, { lineCounts: false });
    expect(commits.map((c) => c.filesChanged)).toEqual([1, 2]);
    expect(findings.map((f) => f.code)).toEqual(['MAILMAP_UNAVAILABLE']);
    await prefetchBlobs(gitDir, [await objectId(origin, 'HEAD:.mailmap')]);
    const after = await read(gitDir, { lineCounts: false });
    expect(after.findings).toEqual([]);
    expect(after.commits[0]).toMatchObject({ authorName: 'A', authorEmail: 'a@example.com' });
  });

  it('reads only commits since the last crawled sha', async () => {
    const repo = await makeRepo({
      bare: true,
      commits: [{ files: { a: '1' } }, { files: { b: '2' } }, { files: { c: '3' } }, { files: { d: '4' } }],
    });
    const since = await revParse(repo, 'HEAD~2');
    const { commits } = await read(repo, { since, head: await revParse(repo) });
    expect(commits.map((c) => c.sha)).toEqual([await revParse(repo), await revParse(repo, 'HEAD~1')]);
    expect((await read(repo, { since: await revParse(repo) })).commits).toEqual([]);
  });

  it('rejects an unknown head', async () => {
    const empty = await makeRepo({ bare: true, commits: [] });
    await expect(read(empty)).rejects.toMatchObject({ code: 'GIT_FAILED' });
    await expect(read(empty, { head: '--output=/tmp/x' })).rejects.toMatchObject({ code: 'GIT_FAILED' });
  });

  it('falls back to file counts when a blob is missing', async () => {
    const repo = await makeRepo({
      bare: true,
      commits: [
        { files: { a: '1\n' } },
        { files: { a: '1\n2\n' } },
        { files: { b: 'b\n' } },
        { files: { a: '3\n' } },
      ],
    });
    await removeObject(repo, await objectId(repo, 'HEAD~1:a'));
    const { commits, findings } = await read(repo);
    expect(findings.map((f) => f.code)).toEqual(['LINE_COUNTS_UNAVAILABLE']);
    expect(commits).toHaveLength(4);
    expect(commits.map((c) => c.filesChanged)).toEqual([1, 1, 1, 1]);
    expect(commits[0].additions).toBeNull(); // needs the missing blob
    expect(commits[3].additions).toBeNull(); // read in the fallback
    expect(new Set(commits.map((c) => c.sha)).size).toBe(4);
    // Without a finding callback the problem is an error.
    await expect(
      (async () => {
        for await (const _ of readCommits(repo, { head: 'HEAD', timeoutMs: 10_000, lineCounts: true }));
      })(),
    ).rejects.toMatchObject({ code: 'GIT_FAILED' });
  });

  it('yields what it could read when a commit is missing mid-history', async () => {
    const repo = await makeRepo({
      bare: true,
      commits: [{ files: { a: '1' } }, { files: { b: '2' } }, { files: { c: '3' } }, { files: { d: '4' } }],
    });
    const head = await revParse(repo);
    const first = await revParse(repo, 'HEAD~1');
    const second = await revParse(repo, 'HEAD~2');
    await removeObject(repo, second);
    const { commits, findings } = await read(repo, { head });
    // git's walk stops before the commit whose parent it cannot read; that commit is read from its object,
    // without its changed files: everything up to the gap is there.
    expect(commits.map((c) => [c.sha, c.filesChanged, c.additions])).toEqual([
      [head, 1, null],
      [first, 0, null],
    ]);
    expect(commits[1]).toMatchObject({
      authorName: 'Ada Lovelace',
      authorEmail: 'ada@example.com',
      parents: 1,
    });
    expect(findings.map((f) => f.code)).toEqual(['HISTORY_INCOMPLETE']);
    expect(findings.find((f) => f.code === 'HISTORY_INCOMPLETE')?.message).toContain(second);
    expect(findings.find((f) => f.code === 'HISTORY_INCOMPLETE')?.message).toContain(
      '1 more read up to the gap',
    );
  });
});
