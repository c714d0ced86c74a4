// Reading commits for metrics on both databases, and the bulk-append throughput (logged; AGORA_BENCH=1 for 200k).

import { beforeEach, expect, it } from 'vitest';
import { allCommitsSince, commitsForRepo, iterateCommitsSince } from '../../src/store/queries/commits.ts';
import { appendCommits, upsertRepoRef } from '../../src/store/queries/repos-write.ts';
import { describeEachStore, emptyStore } from '../helpers/stores.ts';
import { makeCommits, makeRef } from './fixtures.ts';

const T0 = 1_700_000_000;
const NOW = '2026-01-01T00:00:00.000Z';

describeEachStore('commits store', (getStore) => {
  beforeEach(async () => {
    await emptyStore(getStore());
  });

  it('returns compact rows per repo and across repos since a time', async () => {
    const { db } = getStore();
    const a = makeRef('a');
    const b = makeRef('b');
    await upsertRepoRef(db, a, NOW);
    await upsertRepoRef(db, b, NOW);
    await appendCommits(db, a.id, makeCommits(10, { authors: ['ann@acme.test', 'renovate[bot]@acme.test'] }));
    await appendCommits(db, b.id, makeCommits(4, { start: T0 + 5 * 3600 }));

    const since = T0 + 5 * 3600;
    const ofA = await commitsForRepo(db, a.id, since);
    expect(ofA.map((c) => c.author_time)).toEqual([5, 6, 7, 8, 9].map((i) => T0 + i * 3600));
    expect(ofA[0]).toEqual({
      repo_id: a.id,
      author_email: 'renovate[bot]@acme.test',
      author_name: 'RENOVATE[BOT]',
      author_time: since,
      is_bot: 1,
      additions: null,
      deletions: null,
    });
    expect(ofA[1]).toMatchObject({ author_email: 'ann@acme.test', is_bot: 0, additions: 12, deletions: 6 });
    expect(await commitsForRepo(db, a.id)).toHaveLength(10);

    const all = await allCommitsSince(db, since);
    expect(all).toHaveLength(9);
    expect(all.filter((c) => c.repo_id === b.id)).toHaveLength(4);

    const pages: number[] = [];
    let total = 0;
    for await (const page of iterateCommitsSince(db, since, 4)) {
      pages.push(page.length);
      total += page.length;
      expect(Object.keys(page[0]).sort()).toEqual(Object.keys(all[0]).sort());
    }
    expect(pages).toEqual([4, 4, 1]);
    expect(total).toBe(9);
  });

  it('appends commits in bulk at a useful rate', async () => {
    const { db, dialect } = getStore();
    const n = process.env.AGORA_BENCH === '1' ? 200_000 : 20_000;
    const ref = makeRef('bulk');
    await upsertRepoRef(db, ref, NOW);
    const commits = makeCommits(n);
    const started = performance.now();
    expect(await appendCommits(db, ref.id, commits)).toBe(n);
    const ms = performance.now() - started;
    const rate = Math.round((n / ms) * 1000);
    console.log(`appendCommits ${dialect}: ${n} rows in ${Math.round(ms)} ms = ${rate} rows/s`);
    // A loose floor that still catches a commit-per-row regression on a busy 2-core machine.
    expect(rate).toBeGreaterThan(3000);
    const read = performance.now();
    expect(await allCommitsSince(db, 0)).toHaveLength(n);
    console.log(`allCommitsSince ${dialect}: ${n} rows in ${Math.round(performance.now() - read)} ms`);
  });
});
