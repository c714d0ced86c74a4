// GitHub's own recorded answers (npm @octokit/fixtures), replayed on 127.0.0.1 through Agora's forge HTTP layer
// where they cover what Agora does with GitHub: following GitHub's real Link headers page after page (the
// listing's pagination), following the 301 GitHub answers for a renamed repository to the same numeric id,
// and reading a repository object as GitHub sends it. Only the recorded GETs are replayed, in order; a request
// the recording does not have fails the test.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { ForgeHttp, nextLink } from '../../src/sources/forge/http.ts';
import { fromGithub } from '../../src/sources/github/index.ts';
import { githubRepoSchema } from '../../src/sources/github/schema.ts';

const require = createRequire(import.meta.url);

interface Recorded {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string | number>;
  response: unknown;
}

function scenario(name: string): Recorded[] {
  const file = require.resolve(`@octokit/fixtures/scenarios/api.github.com/${name}/normalized-fixture.json`);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Recorded | Recorded[];
  return (Array.isArray(parsed) ? parsed : [parsed]).filter((r) => r.method.toLowerCase() === 'get');
}

interface Replay {
  base: string;
  /** Paths asked, in order. */
  asked: string[];
  authorizations: (string | null)[];
  unexpected: string[];
  left: Recorded[];
}

let server: Server | null = null;
afterEach(
  () =>
    new Promise<void>((resolve) => {
      server?.closeAllConnections();
      server?.close(() => resolve());
      server = null;
    }),
);

/** Serves the recorded GETs in order, with GitHub's absolute URLs in headers pointed at this server. */
async function replay(recorded: Recorded[]): Promise<Replay> {
  const r: Replay = { base: '', asked: [], authorizations: [], unexpected: [], left: [...recorded] };
  server = createServer((req, res) => {
    r.asked.push(req.url ?? '');
    r.authorizations.push(req.headers.authorization ?? null);
    const next = r.left[0];
    if (!next || req.method !== 'GET' || next.path !== req.url) {
      r.unexpected.push(`${req.method} ${req.url}`);
      res.writeHead(500).end();
      return;
    }
    r.left.shift();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(next.headers)) {
      if (['content-length', 'connection', 'transfer-encoding'].includes(k)) continue;
      headers[k] = String(v).replaceAll('https://api.github.com', r.base);
    }
    res.writeHead(next.status, headers).end(JSON.stringify(next.response));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  r.base = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return r;
}

const http = (base: string) =>
  new ForgeHttp({ apiUrl: base, authorization: 'token recorded', maxRetries: 0, backoffMs: 1 });

it("pages through GitHub's recorded Link headers to the last page", async () => {
  const recorded = scenario('paginate-issues');
  expect(recorded).toHaveLength(5);
  const r = await replay(recorded);
  const client = http(r.base);
  const items: unknown[] = [];
  let url: string | null = `${r.base}${recorded[0].path}`;
  while (url) {
    const page: { value: unknown[]; next: string | null } = await client.getJson(url, (json, headers) => ({
      value: json as unknown[],
      next: nextLink(headers.get('link')),
    }));
    items.push(...page.value);
    url = page.next;
  }
  expect(r.unexpected).toEqual([]);
  expect(r.asked).toEqual(recorded.map((x) => x.path));
  expect(items).toHaveLength(recorded.reduce((n, x) => n + (x.response as unknown[]).length, 0));
  expect(r.authorizations.every((a) => a === 'token recorded')).toBe(true);
  expect(client.stats).toMatchObject({ requests: 5, retries: 0, rateLimitWaits: 0 });
});

it("follows GitHub's redirect for a renamed repository to the same numeric id", async () => {
  const recorded = scenario('rename-repository');
  expect(recorded.map((x) => x.status)).toEqual([301, 200]);
  const r = await replay(recorded);
  const page = await http(r.base).getJson(`${r.base}${recorded[0].path}`, (json) => ({
    value: fromGithub(githubRepoSchema.parse(json)),
    next: null,
  }));
  expect(r.unexpected).toEqual([]);
  expect(r.asked).toEqual(['/repos/octokit-fixture-org/rename-repository', '/repositories/1000']);
  expect(page.value).toMatchObject({
    forgeId: '1000',
    fullName: 'octokit-fixture-org/rename-repository-newname',
    name: 'rename-repository-newname',
  });
});

it('reads a repository object as GitHub sends it: every fact Agora stores', async () => {
  const recorded = scenario('get-repository');
  const r = await replay(recorded);
  const page = await http(r.base).getJson(`${r.base}${recorded[0].path}`, (json) => ({
    value: fromGithub(githubRepoSchema.parse(json)),
    next: null,
  }));
  const raw = recorded[0].response as Record<string, unknown>;
  expect(page.value).toMatchObject({
    forgeId: String(raw.id),
    fullName: 'octokit-fixture-org/hello-world',
    name: 'hello-world',
    ownerLogin: 'octokit-fixture-org',
    ownerAvatar: (raw.owner as { avatar_url: string }).avatar_url,
    webUrl: 'https://github.com/octokit-fixture-org/hello-world',
    cloneUrl: 'https://github.com/octokit-fixture-org/hello-world.git',
    topics: raw.topics,
    defaultBranch: raw.default_branch,
    visibility: 'public',
    archived: false,
    fork: false,
    stars: raw.stargazers_count,
    forks: raw.forks_count,
    watchers: raw.watchers_count,
    openIssues: raw.open_issues_count,
    createdAt: raw.created_at,
    pushedAt: raw.pushed_at,
  });
  expect(page.value.description).toBe(raw.description ?? null);
});
