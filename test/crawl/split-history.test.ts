// A long history read in revision ranges by parallel git processes holds exactly the commits of the serial
// read (merges of side branches that cross range boundaries included, none lost, none doubled), and the
// store ends with the same commits and day aggregates on SQLite and PostgreSQL.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommitRecord } from '../../src/analyse/facts.ts';
import { historyRanges } from '../../src/git/history-ranges.ts';
import { readCommits } from '../../src/snapshot/commits.ts';
import { appendCommitBatch } from '../../src/store/queries/repos-write.ts';
import { git, makeRepo, revParse, tmpDir } from '../helpers/gitdir.ts';
import { describeEachStore } from '../helpers/stores.ts';

const MAIN = 2_400;
const BASE = Date.parse('2021-03-01T00:00:00Z') / 1000;
const SPLIT = { ranges: 4, minChainPerRange: 200 };

let repo: string;
let head: string;

/**
 * `main` with MAIN commits; every 9th starts a side branch of 1–12 commits merged 3–400 commits later (so many
 * cross range boundaries), and one branch forked at commit 5 is merged at the very end. Author times jump
 * around (several commits a day, days shared by commits far apart in the history).
 */
async function mergeHistory(dir: string): Promise<string> {
  await makeRepo({ dir, commits: [] });
  const parts: string[] = [];
  let mark = 0;
  const commit = (ref: string, i: number, from: number | null, merges: number[]) => {
    mark++;
    const who = i % 13;
    const when = BASE + ((i * 7919) % 900) * 86_400 + (i % 24) * 3600 + (i % 60);
    parts.push(
      `commit ${ref}\nmark :${mark}\nauthor Dev ${who} <dev${who}@example.com> ${when} +0000\n` +
        `committer Agora Test <test@agora.invalid> ${when} +0000\ndata 3\nc${i % 10}\n` +
        (from !== null ? `from :${from}\n` : '') +
        merges.map((m) => `merge :${m}\n`).join('') +
        `M 100644 inline f${i % 37}.txt\ndata ${String(i).length + 1}\n${i}\n\n`,
    );
    return mark;
  };
  const pendingMerges = new Map<number, number[]>();
  let longLived = 0;
  let prev: number | null = null;
  let n = 0;
  for (let i = 0; i < MAIN; i++) {
    const merges = pendingMerges.get(i) ?? [];
    if (i === MAIN - 1) merges.push(longLived);
    prev = commit('refs/heads/main', n++, prev, merges);
    if (i === 5) {
      let tip = prev;
      for (let k = 0; k < 40; k++) tip = commit('refs/heads/long', n++, tip, []);
      longLived = tip;
    }
    if (i % 9 === 0 && i < MAIN - 20) {
      let tip = prev;
      for (let k = 0; k < 1 + (i % 12); k++) tip = commit(`refs/heads/side${i}`, n++, tip, []);
      const at = Math.min(MAIN - 2, i + 3 + ((i * 31) % 400));
      pendingMerges.set(at, [...(pendingMerges.get(at) ?? []), tip]);
    }
  }
  parts.push('done\n');
  await git(dir, ['-c', 'pack.compression=1', 'fast-import', '--quiet', '--done'], parts.join(''));
  await git(dir, ['reset', '--hard', '--quiet', 'main']);
  return dir;
}

async function readAll(split?: typeof SPLIT): Promise<CommitRecord[]> {
  const out: CommitRecord[] = [];
  for await (const c of readCommits(join(repo, '.git'), {
    head,
    timeoutMs: 60_000,
    lineCounts: true,
    mailmapAtHead: 'absent',
    onFinding: (f) => {
      throw new Error(`unexpected finding ${f.code}: ${f.message}`);
    },
    split,
  }))
    out.push(c);
  return out;
}

const bySha = (a: CommitRecord, b: CommitRecord) => (a.sha < b.sha ? -1 : 1);

let serial: CommitRecord[];
let parallel: CommitRecord[];

beforeAll(async () => {
  repo = await mergeHistory(join(await tmpDir('agora-split-'), 'repo'));
  head = await revParse(repo);
  serial = await readAll();
  parallel = await readAll(SPLIT);
}, 120_000);

describe('a history split in revision ranges', () => {
  it('is split in ranges that each start where the previous one stops', async () => {
    const ranges = await historyRanges(join(repo, '.git'), head, { ...SPLIT, timeoutMs: 60_000 });
    expect(ranges).toHaveLength(4);
    expect(ranges![0].head).toBe(head);
    for (let i = 1; i < 4; i++) expect(ranges![i].head).toBe(ranges![i - 1].since);
    expect(ranges![3].since).toBeNull();
    // Too short a chain is not split.
    expect(
      await historyRanges(join(repo, '.git'), head, {
        ranges: 4,
        minChainPerRange: 5_000,
        timeoutMs: 60_000,
      }),
    ).toBeNull();
  });

  it('reads exactly the commits of the serial read, merges included, none twice', () => {
    const merges = serial.filter((c) => c.parents > 1).length;
    expect(merges).toBeGreaterThan(100);
    expect(parallel).toHaveLength(serial.length);
    expect(new Set(parallel.map((c) => c.sha)).size).toBe(serial.length);
    expect([...parallel].sort(bySha)).toEqual([...serial].sort(bySha));
    // The order differs: the ranges really were read side by side.
    expect(parallel.map((c) => c.sha)).not.toEqual(serial.map((c) => c.sha));
  });
});

/** Live child processes of this process whose command is git (from /proc). */
function gitChildren(): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && stat.includes('(git)')) out.push(Number(name));
    } catch {
      // Ended while we looked.
    }
  }
  return out;
}

describe.runIf(process.platform === 'linux')('a split read stopped early', () => {
  it('ends the git process of every range', async () => {
    let n = 0;
    for await (const _ of readCommits(join(repo, '.git'), {
      head,
      timeoutMs: 60_000,
      lineCounts: true,
      mailmapAtHead: 'absent',
      split: SPLIT,
    })) {
      if (++n === 10) break;
    }
    for (let i = 0; i < 50 && gitChildren().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(gitChildren()).toEqual([]);
  });
});

describeEachStore('a split history stored in batches', (getStore) => {
  it('stores the same commits and day aggregates as the serial read', async () => {
    const db = getStore().db;
    const ref = (name: string) => ({
      id: `t:${name}`,
      name,
      fullName: `acme/${name}`,
      source: 't',
      location: { kind: 'local' as const, path: `/x/${name}` },
    });
    const now = '2026-01-01T00:00:00.000Z';
    // Batches as the crawl writes them, in read order: the parallel read's batches mix days of every range.
    for (const [name, records] of [
      ['serial', serial],
      ['parallel', parallel],
    ] as const) {
      for (let i = 0; i < records.length; i += 700)
        await appendCommitBatch(db, ref(name), records.slice(i, i + 700), now);
    }
    // A batch appended again (a crawl killed and re-run) changes nothing.
    await appendCommitBatch(db, ref('parallel'), parallel.slice(1000, 1700), now);
    const commits = async (id: string) =>
      (
        await sql<Record<string, unknown>>`select sha, author_name, author_email, author_time, committer_time,
          parents, files_changed, additions, deletions, is_bot from commits where repo_id = ${id} order by sha`.execute(
          db,
        )
      ).rows;
    const days = async (id: string) =>
      (
        await sql<Record<string, unknown>>`select author_email, day, is_bot, commits, author_name, first_time,
          additions, deletions from commit_days where repo_id = ${id} order by day, author_email, is_bot`.execute(
          db,
        )
      ).rows;
    const serialCommits = await commits('t:serial');
    expect(serialCommits).toHaveLength(serial.length);
    expect(await commits('t:parallel')).toEqual(serialCommits);
    const serialDays = await days('t:serial');
    expect(serialDays.length).toBeGreaterThan(500);
    expect(await days('t:parallel')).toEqual(serialDays);
  }, 120_000);
});
