// The forge layer against a misbehaving forge (the test forge with queued faults): rate limits with and
// without Retry-After, 5xx, truncated JSON, a body that never ends, a token revoked mid-listing, and an
// organisation of 3,000 repositories paged through on each forge. Each ends in the full listing or in a
// FORGE_* error after what could be read, never in a silent truncation.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForgeSourceConfig } from '../../src/config/schema.ts';
import type { AgoraError } from '../../src/errors.ts';
import type { ForgeWait } from '../../src/sources/forge/http.ts';
import { ForgeSource } from '../../src/sources/forge/source.ts';
import type { RepoRef, SourceProblem } from '../../src/sources/source.ts';
import { type ForgeKind, type ForgeServer, startForgeServer } from '../helpers/forge/server.ts';

const TOKEN = 'fault-token';
let forge: ForgeServer;

beforeAll(async () => {
  forge = await startForgeServer({ token: TOKEN });
  for (const kind of ['github', 'gitlab', 'gitea'] as const) {
    for (let i = 1; i <= 3000; i++) {
      forge.add({ id: idFor(kind, i), forge: kind, owner: 'big', name: `repo-${i}` });
    }
    for (let i = 1; i <= 3; i++)
      forge.add({ id: idFor(kind, 5000 + i), forge: kind, owner: 'small', name: `s-${i}` });
  }
});
afterAll(() => forge.close());

function idFor(kind: ForgeKind, i: number): number {
  return { github: 0, gitlab: 100_000, gitea: 200_000 }[kind] + i;
}

function source(kind: ForgeKind, org: string, extra: Partial<ForgeSourceConfig> = {}): ForgeSource {
  const common = {
    tokenEnv: 'T',
    archived: false,
    forks: false,
    concurrency: 4,
    timeoutSeconds: 1,
    users: [],
  };
  const config = (
    kind === 'github'
      ? { type: 'github', url: forge.githubApi, orgs: [org], ...common }
      : kind === 'gitlab'
        ? { type: 'gitlab', url: forge.gitlabUrl, groups: [org], ...common }
        : { type: 'gitea', url: forge.giteaUrl, orgs: [org], ...common }
  ) as ForgeSourceConfig;
  return new ForgeSource({
    name: kind,
    config: { ...config, ...extra } as ForgeSourceConfig,
    env: { T: TOKEN },
    backoffMs: 50,
  });
}

async function list(src: ForgeSource) {
  const refs: RepoRef[] = [];
  const problems: SourceProblem[] = [];
  const waits: ForgeWait[] = [];
  let error: AgoraError | null = null;
  try {
    for await (const ref of src.list({ onProblem: (p) => problems.push(p), onWait: (w) => waits.push(w) })) {
      refs.push(ref);
    }
  } catch (err) {
    error = err as AgoraError;
  }
  return { refs, problems, waits, error };
}

describe.each(['github', 'gitlab', 'gitea'] as const)('%s', (kind) => {
  const prefix = { github: '/api/v3/', gitlab: '/gitlab/api/v4/', gitea: '/gitea/api/v1/' }[kind];

  it('pages through an organisation of 3,000 repositories', async () => {
    const r = await list(source(kind, 'big'));
    expect(r.error).toBeNull();
    expect(r.refs).toHaveLength(3000);
    expect(new Set(r.refs.map((x) => x.forge?.id)).size).toBe(3000);
  });

  it('waits out a secondary rate limit with Retry-After, then lists', async () => {
    forge.faults.push({
      path: prefix,
      status: kind === 'github' ? 403 : 429,
      headers: { 'retry-after': '1' },
      body: '{"message":"You have exceeded a secondary rate limit"}',
    });
    const started = Date.now();
    const src = source(kind, 'small');
    const r = await list(src);
    expect(r.error).toBeNull();
    expect(r.refs).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(r.waits.some((w) => w.reason === 'rate-limit')).toBe(true);
    expect(src.stats?.rateLimitWaits).toBe(1);
  });

  it('backs off after a 429 without Retry-After and after a 502', async () => {
    forge.faults.push({ path: prefix, status: 429 }, { path: prefix, status: 502 });
    const src = source(kind, 'small');
    const r = await list(src);
    expect(r.error).toBeNull();
    expect(r.refs).toHaveLength(3);
    expect(src.stats?.requests).toBe(3);
  });

  it('waits for a used-up primary limit to reset', async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 1);
    forge.faults.push({
      path: prefix,
      status: 403,
      headers: {
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': reset,
        'ratelimit-remaining': '0',
        'ratelimit-reset': reset,
      },
      body: '{"message":"API rate limit exceeded"}',
    });
    const r = await list(source(kind, 'small'));
    expect(r.error).toBeNull();
    expect(r.refs).toHaveLength(3);
  });

  it('retries truncated JSON, and gives FORGE_BAD_RESPONSE when it stays truncated', async () => {
    forge.faults.push({ path: prefix, truncate: true });
    expect((await list(source(kind, 'small'))).refs).toHaveLength(3);
    forge.faults.push({ path: prefix, truncate: true, times: 10 });
    const r = await list(source(kind, 'small'));
    forge.faults.length = 0;
    expect(r.refs).toHaveLength(0);
    expect(['FORGE_BAD_RESPONSE', 'FORGE_UNAVAILABLE']).toContain(r.error?.code);
    expect(r.problems[0]?.code).toBe(r.error?.code);
  });

  it('times out a response that never ends: FORGE_UNAVAILABLE', async () => {
    forge.faults.push({ path: prefix, hang: true, times: 10 });
    const r = await list(source(kind, 'small'));
    forge.faults.length = 0;
    expect(r.error?.code).toBe('FORGE_UNAVAILABLE');
    expect(r.error?.message).toContain('did not answer within 1 s');
  });

  it('stops with FORGE_AUTH when the token is revoked mid-listing, after what it read', async () => {
    const src = source(kind, 'big');
    const refs: RepoRef[] = [];
    let error: AgoraError | null = null;
    try {
      for await (const ref of src.list({ onProblem: () => {} })) {
        refs.push(ref);
        if (refs.length === 60) forge.token = 'revoked';
      }
    } catch (err) {
      error = err as AgoraError;
    } finally {
      forge.token = TOKEN;
    }
    expect(error?.code).toBe('FORGE_AUTH');
    expect(refs.length).toBeGreaterThanOrEqual(60);
    expect(refs.length).toBeLessThan(3000);
    expect(error?.message).not.toContain(TOKEN);
  });

  it('reports a missing organisation as FORGE_NOT_FOUND', async () => {
    forge.faults.push({ path: prefix, status: 404 });
    const r = await list(source(kind, 'nobody'));
    expect(r.error?.code).toBe('FORGE_NOT_FOUND');
  });
});

it('filters on topics, archived, forks, visibility and name globs', async () => {
  const add = (id: number, name: string, extra: object) =>
    forge.add({ id, forge: 'github', owner: 'filters', name, ...extra });
  add(9001, 'keep-me', { topics: ['InnerSource'], visibility: 'internal' });
  add(9002, 'archived', { topics: ['innersource'], archived: true, visibility: 'internal' });
  add(9003, 'forked', { topics: ['innersource'], fork: true, visibility: 'internal' });
  add(9004, 'deprecated', { topics: ['innersource', 'deprecated'], visibility: 'internal' });
  add(9005, 'no-topic', { visibility: 'internal' });
  add(9006, 'public-one', { topics: ['innersource'], visibility: 'public' });
  add(9007, 'skip-me', { topics: ['innersource'], visibility: 'internal' });
  const names = async (extra: Partial<ForgeSourceConfig>) =>
    (await list(source('github', 'filters', extra))).refs.map((r) => r.name).sort();
  expect(
    await names({
      topics: { include: ['innersource'], exclude: ['deprecated'] },
      visibility: ['internal'],
      exclude: ['filters/skip-*'],
    }),
  ).toEqual(['keep-me']);
  expect(await names({ archived: true, forks: true, include: ['filters/[af]*'] })).toEqual([
    'archived',
    'forked',
  ]);
});
