// Writing and reading repositories on both databases: exact round trips, idempotence, history rewrites, gone and failed repos.

import { beforeEach, expect, it } from 'vitest';
import { commitsForRepo } from '../../src/store/queries/commits.ts';
import { findingsFor, getRepo, getRepoFile, listRepos } from '../../src/store/queries/repos-read.ts';
import {
  appendCommits,
  knownRepos,
  markGone,
  recordRepoFailure,
  saveRepoCrawl,
  touchUnchanged,
  upsertRepoRef,
} from '../../src/store/queries/repos-write.ts';
import { describeEachStore, emptyStore } from '../helpers/stores.ts';
import { makeCommits, makeFacts, makeRef } from './fixtures.ts';

const T1 = '2026-01-01T00:00:00.000Z';
const T2 = '2026-01-02T00:00:00.000Z';
const T3 = '2026-01-03T00:00:00.000Z';
const HEAD1 = 'a'.repeat(40);
const HEAD2 = 'b'.repeat(40);

describeEachStore('repos store', (getStore) => {
  beforeEach(async () => {
    await emptyStore(getStore());
  });

  it('round-trips saveRepoCrawl through getRepo with exact values', async () => {
    const { db } = getStore();
    const ref = makeRef('pay', {
      webUrl: 'https://git.acme.test/acme/pay',
      archived: false,
      visibility: 'internal',
      owner: 'acme',
      forge: { stars: 7, forks: 2, watchers: 3, openIssues: 1, createdAt: '2020-05-01T00:00:00Z' },
    });
    const facts = makeFacts();
    const commits = makeCommits(5, { authors: ['ann@acme.test', 'ann@acme.test', 'bob@acme.test'] });
    const added = await saveRepoCrawl(db, {
      ref,
      head: HEAD1,
      branch: 'trunk',
      facts,
      files: [
        { path: 'README.md', size: 6, text: '# Pay\n', binary: false, truncated: false },
        { path: 'logo.png', size: 2048, text: null, binary: true, truncated: false },
        { path: 'big.md', size: 9_000_000, text: 'x'.repeat(100), binary: false, truncated: true },
      ],
      commits,
      findings: [{ code: 'OBJECT_MISSING', severity: 'error', message: 'blob abc missing' }],
      crawlId: 1,
      now: T1,
    });
    expect(added).toBe(5);

    const repo = await getRepo(db, ref.id);
    const { findings: _f, ...factsWithoutFindings } = facts;
    expect(repo).toEqual({
      id: 'local:pay',
      name: 'pay',
      fullName: 'acme/pay',
      source: 'local',
      location: '/repos/pay',
      webUrl: 'https://git.acme.test/acme/pay',
      defaultBranch: 'trunk',
      description: 'The pay service',
      topics: ['inner-source'],
      archived: false,
      visibility: 'internal',
      org: 'acme',
      forge: { stars: 7, forks: 2, watchers: 3, openIssues: 1, createdAt: '2020-05-01T00:00:00Z' },
      headSha: HEAD1,
      status: 'active',
      firstSeenAt: T1,
      lastCrawledAt: T1,
      lastChangedAt: T1,
      goneAt: null,
      primaryLanguage: 'TypeScript',
      facts: factsWithoutFindings,
      factsCrawlId: 1,
      languages: facts.languages,
      docs: [facts.docs[1], facts.docs[0]],
      owners: facts.owners,
      packages: [facts.packages[1], facts.packages[0]],
      files: [
        { path: 'README.md', size: 6, truncated: false, binary: false },
        { path: 'big.md', size: 9_000_000, truncated: true, binary: false },
        { path: 'logo.png', size: 2048, truncated: false, binary: true },
      ],
      findings: [
        {
          code: 'MANIFEST_INVALID',
          severity: 'warning',
          message: 'bad pom.xml',
          path: 'pom.xml',
          crawlId: 1,
        },
        { code: 'OBJECT_MISSING', severity: 'error', message: 'blob abc missing', crawlId: 1 },
      ],
      commits: {
        count: 5,
        firstAt: 1_700_000_000,
        lastAt: 1_700_000_000 + 4 * 3600,
        authors: 2,
        topAuthors: [
          { email: 'ann@acme.test', name: 'ANN', commits: 4, isBot: false },
          { email: 'bob@acme.test', name: 'BOB', commits: 1, isBot: false },
        ],
      },
    });
    expect(await getRepo(db, 'acme/pay')).toMatchObject({ id: 'local:pay' });
    expect(await getRepo(db, 'pay')).toMatchObject({ id: 'local:pay' });
    expect(await getRepo(db, 'nope')).toBeNull();
    expect(await getRepoFile(db, ref.id, 'README.md')).toEqual({
      path: 'README.md',
      size: 6,
      content: '# Pay\n',
      truncated: false,
      binary: false,
    });
    expect(await getRepoFile(db, ref.id, 'missing.md')).toBeNull();
    expect(await knownRepos(db)).toEqual(
      new Map([['local:pay', { crawled: true, headSha: HEAD1, status: 'active' }]]),
    );
  });

  it('replaces per-repo rows on the next crawl instead of accumulating them', async () => {
    const { db } = getStore();
    const ref = makeRef('pay');
    await saveRepoCrawl(db, base(ref, { crawlId: 1, now: T1, commits: makeCommits(3) }));
    const facts = makeFacts({
      docs: [{ kind: 'readme', path: 'README.md', size: 200 }],
      languages: [{ language: 'Go', bytes: 10, files: 1 }],
      primaryLanguage: 'Go',
      owners: [],
      packages: [],
      findings: [],
    });
    await saveRepoCrawl(db, {
      ...base(ref, { crawlId: 2, now: T2, commits: makeCommits(4) }),
      head: HEAD2,
      facts,
      files: [],
    });
    const repo = await getRepo(db, ref.id);
    expect(repo?.docs).toEqual([{ kind: 'readme', path: 'README.md', size: 200 }]);
    expect(repo?.languages).toEqual([{ language: 'Go', bytes: 10, files: 1 }]);
    expect(repo?.owners).toEqual([]);
    expect(repo?.packages).toEqual([]);
    expect(repo?.files).toEqual([]);
    expect(repo?.findings).toEqual([]);
    expect(repo?.commits.count).toBe(4);
    expect(repo?.lastChangedAt).toBe(T2);
    expect(repo?.firstSeenAt).toBe(T1);

    // The same HEAD saved again is a crawl, not a change.
    await saveRepoCrawl(db, { ...base(ref, { crawlId: 3, now: T3 }), head: HEAD2, facts });
    const again = await getRepo(db, ref.id);
    expect(again?.lastChangedAt).toBe(T2);
    expect(again?.lastCrawledAt).toBe(T3);
  });

  it('appends commits idempotently: the same batch twice stores no doubles', async () => {
    const { db } = getStore();
    const ref = makeRef('pay');
    await upsertRepoRef(db, ref, T1);
    const commits = makeCommits(7000);
    expect(await appendCommits(db, ref.id, commits)).toBe(7000);
    expect(await appendCommits(db, ref.id, commits)).toBe(0);
    // A batch overlapping the stored one, with a duplicate inside itself.
    const more = [...makeCommits(7010).slice(6990), makeCommits(1)[0]];
    expect(await appendCommits(db, ref.id, more)).toBe(10);
    const stored = await commitsForRepo(db, ref.id);
    expect(stored).toHaveLength(7010);
    expect(stored[0]).toEqual({
      repo_id: ref.id,
      author_email: 'ann@acme.test',
      author_name: 'ANN',
      author_time: 1_700_000_000,
      is_bot: 0,
      additions: null,
      deletions: null,
    });
    expect(stored[1]).toMatchObject({ author_email: 'bob@acme.test', additions: 2, deletions: 1 });
  });

  it('replaceHistory drops commits that a rewrite removed and keeps the rest', async () => {
    const { db } = getStore();
    const ref = makeRef('pay');
    const old = makeCommits(10);
    await saveRepoCrawl(db, base(ref, { crawlId: 1, now: T1, commits: old }));
    const keep = old.slice(0, 6);
    const rewritten = makeCommits(2, { prefix: 'd', start: 1_800_000_000 });
    await saveRepoCrawl(db, {
      ...base(ref, { crawlId: 2, now: T2, commits: rewritten }),
      head: HEAD2,
      replaceHistory: { keepShas: new Set([...keep, ...rewritten].map((c) => c.sha)) },
    });
    const repo = await getRepo(db, ref.id);
    expect(repo?.commits.count).toBe(8);
    expect(repo?.commits.firstAt).toBe(1_700_000_000);
    expect(repo?.commits.lastAt).toBe(1_800_000_000 + 3600);
    const times = (await commitsForRepo(db, ref.id)).map((c) => c.author_time);
    expect(times).toEqual([...keep, ...rewritten].map((c) => c.authorTime));
  });

  it('markGone keeps all data and a listed-again repo comes back', async () => {
    const { db } = getStore();
    const ref = makeRef('pay');
    await saveRepoCrawl(db, base(ref, { crawlId: 1, now: T1, commits: makeCommits(3) }));
    const before = await getRepo(db, ref.id);
    await markGone(db, [ref.id], T2);
    await markGone(db, [ref.id], T3);
    const gone = await getRepo(db, ref.id);
    expect(gone).toEqual({ ...before, status: 'gone', goneAt: T2 });
    expect(await listRepos(db, { status: 'gone' })).toHaveLength(1);

    await upsertRepoRef(db, { ...ref, description: 'back again' }, T3);
    const back = await getRepo(db, ref.id);
    expect(back).toMatchObject({ status: 'active', goneAt: null, description: 'back again', headSha: HEAD1 });
    expect(back?.commits.count).toBe(3);
  });

  it('recordRepoFailure keeps earlier data, only adds findings; a never-crawled repo is failed', async () => {
    const { db } = getStore();
    const ref = makeRef('pay');
    await saveRepoCrawl(db, base(ref, { crawlId: 1, now: T1, commits: makeCommits(3) }));
    const before = await getRepo(db, ref.id);
    const failure = { code: 'MIRROR_FETCH_FAILED', severity: 'error' as const, message: 'fetch failed' };
    await recordRepoFailure(db, { ...ref, description: 'changed' }, 2, [failure], T2);
    const after = await getRepo(db, ref.id);
    expect(after).toEqual({ ...before, findings: [...(before?.findings ?? []), { ...failure, crawlId: 2 }] });

    // A later failure replaces the earlier failure's findings, keeps the crawl's own.
    await recordRepoFailure(db, ref, 3, [{ ...failure, message: 'again' }], T3);
    expect((await findingsFor(db, ref.id)).map((f) => `${f.crawlId}:${f.message}`)).toEqual([
      '1:bad pom.xml',
      '3:again',
    ]);
    // An unchanged crawl that succeeds clears the failures.
    await touchUnchanged(db, [ref.id], T3);
    expect((await findingsFor(db, ref.id)).map((f) => f.crawlId)).toEqual([1]);
    expect((await getRepo(db, ref.id))?.lastCrawledAt).toBe(T3);

    const fresh = makeRef('new-one');
    await upsertRepoRef(db, fresh, T1);
    await recordRepoFailure(db, fresh, 2, [failure], T2);
    const failed = await getRepo(db, fresh.id);
    expect(failed).toMatchObject({ status: 'failed', headSha: null, facts: null, lastCrawledAt: null });
    expect(failed?.findings).toEqual([{ ...failure, crawlId: 2 }]);

    const unseen = makeRef('never-listed-before');
    await recordRepoFailure(db, unseen, 2, [failure], T2);
    expect(await getRepo(db, unseen.id)).toMatchObject({ status: 'failed', firstSeenAt: T2 });
  });

  it('lists repos with filters', async () => {
    const { db } = getStore();
    await saveRepoCrawl(db, base(makeRef('pay'), { crawlId: 1, now: T1, commits: makeCommits(2) }));
    await saveRepoCrawl(db, {
      ...base(makeRef('ledger_100%', { description: 'Money ledger', source: 'gitea' }), {
        crawlId: 1,
        now: T1,
      }),
      facts: makeFacts({
        primaryLanguage: 'Go',
        docs: [{ kind: 'readme', path: 'README', size: 1 }],
        owners: [{ owner: 'group:finance', kind: 'group', source: 'catalog-info', catchAll: false }],
      }),
    });
    await upsertRepoRef(db, makeRef('empty'), T1);

    const names = async (filter: Parameters<typeof listRepos>[1]) =>
      (await listRepos(db, filter)).map((r) => r.name);
    expect(await names({})).toEqual(['empty', 'ledger_100%', 'pay']);
    expect(await names({ language: 'typescript' })).toEqual(['pay']);
    expect(await names({ has: ['readme', 'contributing'] })).toEqual(['pay']);
    expect(await names({ lacks: ['contributing'] })).toEqual(['empty', 'ledger_100%']);
    expect(await names({ owner: 'GROUP:finance' })).toEqual(['ledger_100%']);
    expect(await names({ source: 'gitea' })).toEqual(['ledger_100%']);
    expect(await names({ q: 'LEDGER' })).toEqual(['ledger_100%']);
    expect(await names({ q: 'money ledger' })).toEqual(['ledger_100%']);
    expect(await names({ q: '100%' })).toEqual(['ledger_100%']);
    expect(await names({ q: '_' })).toEqual(['ledger_100%']);
    expect(await names({ q: 'service' })).toEqual(['empty', 'pay']);

    const [pay] = await listRepos(db, { q: 'pay' });
    expect(pay).toEqual({
      id: 'local:pay',
      name: 'pay',
      fullName: 'acme/pay',
      source: 'local',
      status: 'active',
      primaryLanguage: 'TypeScript',
      description: 'The pay service',
      owners: ['@acme/payments'],
      docKinds: ['contributing', 'readme'],
      commitCount: 2,
      lastCommitAt: 1_700_000_000 + 3600,
      headSha: HEAD1,
      lastCrawledAt: T1,
    });
  });

  it('stores hostile text: NUL bytes, huge names, duplicate facts', async () => {
    const { db } = getStore();
    const ref = makeRef('evil', { description: 'a\u0000b' });
    const facts = makeFacts({
      docs: [
        { kind: 'readme', path: 'README.md', size: 1 },
        { kind: 'readme', path: 'README.md', size: 1 },
      ],
      languages: [
        { language: 'Go', bytes: 3_000_000_000, files: 1 },
        { language: 'Go', bytes: 1, files: 1 },
      ],
    });
    await saveRepoCrawl(db, {
      ...base(ref, {
        crawlId: 1,
        now: T1,
        commits: [{ ...makeCommits(1)[0], authorName: 'x\u0000y', authorTime: 4_102_444_800 }],
      }),
      facts,
      files: [{ path: 'README.md', size: 3, text: 'a\u0000b', binary: false, truncated: false }],
    });
    const repo = await getRepo(db, ref.id);
    expect(repo?.description).toBe('a\uFFFDb');
    expect(repo?.docs).toHaveLength(1);
    expect(repo?.languages).toEqual([{ language: 'Go', bytes: 3_000_000_000, files: 1 }]);
    expect(repo?.commits.lastAt).toBe(4_102_444_800);
    expect(repo?.commits.topAuthors[0].name).toBe('x\uFFFDy');
    expect((await getRepoFile(db, ref.id, 'README.md'))?.content).toBe('a\uFFFDb');
  });
});

function base(
  ref: ReturnType<typeof makeRef>,
  opts: { crawlId: number; now: string; commits?: ReturnType<typeof makeCommits> },
) {
  return {
    ref,
    head: HEAD1,
    branch: null,
    facts: makeFacts(),
    files: [{ path: 'README.md', size: 6, text: '# Pay\n', binary: false, truncated: false }],
    commits: opts.commits ?? [],
    findings: [],
    crawlId: opts.crawlId,
    now: opts.now,
  };
}
