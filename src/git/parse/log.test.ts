import { describe, expect, it } from 'vitest';
import { type LogMode, LogParser, type RawCommit } from './log.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

function header(
  sha: string,
  parents: string[],
  name: string | Buffer,
  email: string,
  at: number,
  ct: number,
) {
  return Buffer.concat([
    Buffer.from(`\x01${sha} ${parents.join(' ')}\0`),
    Buffer.isBuffer(name) ? name : Buffer.from(name),
    Buffer.from(`\0${email}\0${at} ${ct}\0`),
  ]);
}

/** Parses `bytes` fed in pieces of every size from 1 up, so chunk boundaries fall everywhere. */
function parseAllSplits(bytes: Buffer, mode: LogMode): RawCommit[] {
  let first: RawCommit[] | null = null;
  for (const step of [1, 2, 3, 7, 64, bytes.length]) {
    const p = new LogParser(mode);
    const out: RawCommit[] = [];
    for (let i = 0; i < bytes.length; i += step) {
      p.push(bytes.subarray(i, i + step));
      out.push(...p.take());
    }
    p.end();
    out.push(...p.take());
    expect(p.malformed).toBe(0);
    if (first) expect(out).toEqual(first);
    else first = out;
  }
  return first!;
}

describe('LogParser', () => {
  it('parses numstat output: text, binary, empty and merge commits', () => {
    const bytes = Buffer.concat([
      header(A, [B, C], 'Merger', 'm@x', 30, 31),
      header(B, [C], 'Zoë', 'z@x', 20, 21),
      Buffer.from('\n3\t1\tsrc/a b.ts\0-\t-\timg.png\0'),
      header(C, [], Buffer.from([0x4a, 0xe9]), 'j@x', 10, 11),
      Buffer.from('\n10\t0\tREADME.md\0'),
    ]);
    const commits = parseAllSplits(bytes, 'numstat');
    expect(
      commits.map((c) => ({ ...c, name: c.name.toString('latin1'), email: c.email.toString() })),
    ).toEqual([
      {
        sha: A,
        parents: 2,
        parentIds: [B, C],
        brokenAuthor: false,
        name: 'Merger',
        email: 'm@x',
        authorTime: 30,
        committerTime: 31,
        filesChanged: 0,
        additions: 0,
        deletions: 0,
        binaryFiles: 0,
      },
      {
        sha: B,
        parents: 1,
        parentIds: [C],
        brokenAuthor: false,
        name: Buffer.from('Zoë').toString('latin1'),
        email: 'z@x',
        authorTime: 20,
        committerTime: 21,
        filesChanged: 2,
        additions: 3,
        deletions: 1,
        binaryFiles: 1,
      },
      {
        sha: C,
        parents: 0,
        parentIds: [],
        brokenAuthor: false,
        name: 'J\xe9',
        email: 'j@x',
        authorTime: 10,
        committerTime: 11,
        filesChanged: 1,
        additions: 10,
        deletions: 0,
        binaryFiles: 0,
      },
    ]);
  });

  it('parses raw output positionally, so odd paths cannot start a commit', () => {
    const bytes = Buffer.concat([
      header(A, [B], '\x01odd name', 'o@x', 5, 6),
      Buffer.from(`\n:100644 100644 ${'1'.repeat(7)} ${'2'.repeat(7)} M\0\x01weird path\0`),
      Buffer.from(`:000000 100644 ${'0'.repeat(7)} ${'3'.repeat(7)} A\0new\nline\0`),
      header(B, [], 'Root', 'r@x', 1, 2),
    ]);
    const commits = parseAllSplits(bytes, 'raw');
    expect(commits.map((c) => [c.sha, c.name.toString(), c.filesChanged])).toEqual([
      [A, '\x01odd name', 2],
      [B, 'Root', 0],
    ]);
  });

  it('drops a commit whose header was cut off', () => {
    const p = new LogParser('numstat');
    p.push(Buffer.concat([header(A, [], 'x', 'y', 1, 2), Buffer.from(`\x01${B} \0half`)]));
    p.end();
    expect(p.take().map((c) => c.sha)).toEqual([A]);
  });
});
