// The day aggregates (`commit_days`) stay exactly what the commits table says through re-appends, crawls
// and history rewrites, and the metrics' grouped read over them equals grouping the raw commits, on both
// databases.

import { beforeEach, expect, it } from 'vitest';
import type { CommitRecord } from '../../src/analyse/facts.ts';
import type { Store } from '../../src/store/db.ts';
import { contributionGroups } from '../../src/store/queries/metrics.ts';
import { appendCommits, saveRepoCrawl } from '../../src/store/queries/repos-write.ts';
import { describeEachStore, emptyStore } from '../helpers/stores.ts';
import { makeFacts, makeRef } from './fixtures.ts';

const DAY = 86_400;
const D0 = Date.UTC(2024, 0, 10) / 1000; // a midnight

let seq = 0;
function commit(
  email: string,
  time: number,
  opts: { name?: string; bot?: boolean; adds?: number | null } = {},
) {
  seq++;
  return {
    sha: seq.toString(16).padStart(40, '0'),
    parents: 1,
    authorName: opts.name ?? email.split('@')[0],
    authorEmail: email,
    authorTime: time,
    committerTime: time,
    filesChanged: 1,
    additions: opts.adds === undefined ? 2 : opts.adds,
    deletions: opts.adds === undefined ? 1 : opts.adds,
    isBot: opts.bot ?? false,
  } satisfies CommitRecord;
}

interface DayRow {
  repo_id: string;
  author_email: string;
  day: number;
  is_bot: number;
  commits: number;
  author_name: string;
  first_time: number;
  additions: number | null;
  deletions: number | null;
}

/** What commit_days must hold, computed from the commits by hand (JS), sorted. */
function expectedDays(repoId: string, commits: readonly CommitRecord[]): DayRow[] {
  const rows = new Map<string, DayRow>();
  for (const c of commits) {
    const day = Math.floor(c.authorTime / DAY);
    const bot = c.isBot ? 1 : 0;
    const key = `${day}|${c.authorEmail}|${bot}`;
    const r = rows.get(key);
    if (!r) {
      rows.set(key, {
        repo_id: repoId,
        author_email: c.authorEmail,
        day,
        is_bot: bot,
        commits: 1,
        author_name: c.authorName,
        first_time: c.authorTime,
        additions: c.additions,
        deletions: c.deletions,
      });
      continue;
    }
    r.commits++;
    if (c.authorName < r.author_name) r.author_name = c.authorName;
    r.first_time = Math.min(r.first_time, c.authorTime);
    if (c.additions !== null) r.additions = (r.additions ?? 0) + c.additions;
    if (c.deletions !== null) r.deletions = (r.deletions ?? 0) + c.deletions;
  }
  return sortRows([...rows.values()]);
}

function sortRows(rows: DayRow[]): DayRow[] {
  return rows.sort(
    (a, b) =>
      a.repo_id.localeCompare(b.repo_id) ||
      a.day - b.day ||
      a.author_email.localeCompare(b.author_email) ||
      a.is_bot - b.is_bot,
  );
}

async function storedDays(store: Store, repoId: string): Promise<DayRow[]> {
  const rows = await store.db.selectFrom('commit_days').selectAll().where('repo_id', '=', repoId).execute();
  return sortRows(
    rows.map((r) => ({
      ...r,
      day: Number(r.day),
      is_bot: Number(r.is_bot),
      commits: Number(r.commits),
      first_time: Number(r.first_time),
      additions: r.additions === null ? null : Number(r.additions),
      deletions: r.deletions === null ? null : Number(r.deletions),
    })),
  );
}

async function crawl(store: Store, name: string, commits: CommitRecord[], keep?: CommitRecord[]) {
  return saveRepoCrawl(store.db, {
    ref: makeRef(name),
    head: 'a'.repeat(40),
    branch: 'main',
    facts: makeFacts(),
    files: [],
    commits,
    ...(keep ? { replaceHistory: { keepShas: new Set(keep.map((c) => c.sha)) } } : {}),
    findings: [],
    crawlId: 1,
    now: '2024-02-01T00:00:00.000Z',
  });
}

describeEachStore('commit_days aggregate', (getStore) => {
  beforeEach(async () => {
    await emptyStore(getStore());
  });

  // ann twice on day 0 (names differ), bob on day 0 and as a bot, a commit exactly at midnight of day 1, one
  // a second before it, one before 1970 (floor division), and null line counts.
  const first = [
    commit('ann@x.test', D0 + 3600, { name: 'ann' }),
    commit('ann@x.test', D0 + 7200, { name: 'abe' }),
    commit('bob@x.test', D0 + 100),
    commit('bob@x.test', D0 + 200, { name: 'bob[bot]', bot: true }),
    commit('ann@x.test', D0 + DAY - 1, { adds: null }),
    commit('ann@x.test', D0 + DAY),
    commit('old@x.test', -DAY - 5),
  ];

  it('is exact after a crawl, two identical appends, an overlapping append and a history rewrite', async () => {
    const store = getStore();
    const repo = 'local:days';
    expect(await crawl(store, 'days', first)).toBe(first.length);
    expect(await storedDays(store, repo)).toEqual(expectedDays(repo, first));
    // Day 0 by ann: 3 commits, smallest name 'abe', 2 + 2 additions (null skipped), earliest 01:00.
    const ann0 = (await storedDays(store, repo)).find(
      (r) => r.day === D0 / DAY && r.author_email === 'ann@x.test',
    );
    expect(ann0).toMatchObject({ commits: 3, author_name: 'abe', first_time: D0 + 3600, additions: 4 });
    expect((await storedDays(store, repo)).find((r) => r.author_email === 'old@x.test')?.day).toBe(-2);

    const more = [commit('carl@x.test', D0 + 2 * DAY + 5), commit('ann@x.test', D0 + 9000)];
    expect(await appendCommits(store.db, repo, more)).toBe(2);
    // The same commits again add nothing and count nothing twice.
    expect(await appendCommits(store.db, repo, more)).toBe(0);
    expect(await appendCommits(store.db, repo, [...more, ...first])).toBe(0);
    const all = [...first, ...more];
    expect(await storedDays(store, repo)).toEqual(expectedDays(repo, all));

    // A partly overlapping batch: only the new commit counts.
    const extra = commit('ann@x.test', D0 + 10_000);
    expect(await appendCommits(store.db, repo, [more[1], extra])).toBe(1);
    all.push(extra);
    expect(await storedDays(store, repo)).toEqual(expectedDays(repo, all));

    // A second crawl with the same and one new commit.
    const late = commit('dora@x.test', D0 + 40 * DAY);
    expect(await crawl(store, 'days', [...first.slice(0, 2), late])).toBe(1);
    all.push(late);
    expect(await storedDays(store, repo)).toEqual(expectedDays(repo, all));

    // History rewritten: keep some, drop the rest (including days no new commit touches), add one.
    const kept = [first[0], first[5], more[0]];
    const rewritten = commit('erin@x.test', D0 + 3 * DAY);
    expect(await crawl(store, 'days', [rewritten], kept)).toBe(1);
    expect(await storedDays(store, repo)).toEqual(expectedDays(repo, [...kept, rewritten]));
  });

  it('groups by bucket exactly as the raw commits do, with edges and cuts inside days', async () => {
    const store = getStore();
    const a = 'local:a';
    const b = 'local:b';
    const rng = mulberry(7);
    const people = ['p1@x.test', 'p2@x.test', 'p3@x.test', 'dependabot[bot]@x.test'];
    const make = () =>
      Array.from({ length: 300 }, () => {
        const email = people[Math.floor(rng() * people.length)];
        return commit(email, D0 + Math.floor(rng() * 60 * DAY), {
          name: rng() < 0.3 ? email.toUpperCase() : email,
          bot: email.includes('[bot]'),
        });
      });
    const ca = make();
    const cb = make();
    await crawl(store, 'a', ca);
    await crawl(store, 'b', cb);
    const byRepo = new Map([
      [a, ca],
      [b, cb],
    ]);
    const now = D0 + 50 * DAY + 45_123; // not a midnight
    const cases: { repoIds?: string[]; repoId?: string; since?: number; edges: number[] }[] = [
      { edges: [now + 1, now - 30 * DAY, now - 7 * DAY, D0 + 20 * DAY] },
      { since: now - 40 * DAY, edges: [now + 1, now - 30 * DAY, D0 + 35 * DAY] },
      { repoId: a, edges: [now + 1, ...Array.from({ length: 8 }, (_, i) => now - i * 7 * DAY)] },
      { repoIds: [b], since: D0 + 10 * DAY, edges: [now + 1] },
      { repoId: b, since: now - 45 * DAY + 17, edges: [] },
    ];
    for (const c of cases) {
      const got = await contributionGroups(store.db, c);
      const ids = c.repoId ? [c.repoId] : (c.repoIds ?? [a, b]);
      const raw = ids.flatMap((id) =>
        (byRepo.get(id) ?? [])
          .filter((x) => c.since === undefined || x.authorTime >= c.since)
          .map((x) => ({ id, x })),
      );
      expect(normalise(got)).toEqual(normalise(groupRaw(raw, c.edges)));
      expect(got.reduce((n, g) => n + g.commits, 0)).toBe(raw.length);
    }
  });
});

type Group = Awaited<ReturnType<typeof contributionGroups>>[number];

/** The old definition: group raw commits by repo, email, bot flag and bucket (edges at or before the time). */
function groupRaw(raw: { id: string; x: CommitRecord }[], edges: number[]): Group[] {
  const out = new Map<string, Group>();
  for (const { id, x } of raw) {
    const bucket = edges.filter((e) => x.authorTime >= e).length;
    const key = `${id}|${x.authorEmail}|${x.isBot}|${bucket}`;
    const g = out.get(key);
    if (!g) {
      out.set(key, {
        repo_id: id,
        author_email: x.authorEmail,
        author_name: x.authorName,
        is_bot: x.isBot ? 1 : 0,
        commits: 1,
        first_time: x.authorTime,
      });
    } else {
      g.commits++;
      g.first_time = Math.min(g.first_time, x.authorTime);
      if (x.authorName < g.author_name) g.author_name = x.authorName;
    }
  }
  return [...out.values()];
}

function normalise(groups: Group[]): string[] {
  // Names compare in the database's collation; the test names differ only in case, so compare them folded.
  return groups
    .map(
      (g) =>
        `${g.repo_id}|${g.author_email}|${g.is_bot}|${g.commits}|${g.first_time}|${g.author_name.toLowerCase()}`,
    )
    .sort();
}

function mulberry(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
