// The test forge's GitHub answers validated against GitHub's published OpenAPI description (@octokit/openapi),
// so the stand-in the forge tests run against cannot drift from the real API; and the repository Agora reads
// from GitHub's own example response maps to the same facts.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ForgeSourceConfig, githubSourceSchema } from '../../src/config/schema.ts';
import { fromGithub } from '../../src/sources/github/index.ts';
import { githubRepoListSchema } from '../../src/sources/github/schema.ts';
import { type ForgeServer, startForgeServer } from '../helpers/forge/server.ts';

const githubSourceConfig = (c: Record<string, unknown>): ForgeSourceConfig => githubSourceSchema.parse(c);

const require = createRequire(import.meta.url);
const spec = JSON.parse(
  readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8'),
);

function responseSchema(path: string) {
  return spec.paths[path].get.responses['200'].content['application/json'].schema;
}

let forge: ForgeServer;
beforeAll(async () => {
  forge = await startForgeServer({ token: 'tok' });
  forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'payments', topics: ['innersource'], stars: 3 });
  forge.add({
    id: 2,
    forge: 'github',
    owner: 'acme',
    name: 'secret',
    visibility: 'internal',
    archived: true,
  });
  forge.add({ id: 3, forge: 'github', owner: 'ada', name: 'dotfiles', fork: true, description: 'mine' });
  forge.add({
    id: 4,
    forge: 'github',
    owner: 'acme',
    name: 'vault',
    visibility: 'private',
    collaborators: ['Dana', 'erin'],
  });
});
afterAll(() => forge.close());

const ajv = new Ajv({ strict: false, allErrors: true });
const addFormats =
  (formatsPlugin as unknown as { default: (a: Ajv) => void }).default ??
  (formatsPlugin as unknown as (a: Ajv) => void);
addFormats(ajv);

for (const [route, path] of [
  ['/orgs/{org}/repos', '/orgs/acme/repos?per_page=100&type=all'],
  ['/users/{username}/repos', '/users/ada/repos?per_page=100&type=owner'],
] as const) {
  it(`answers GET ${route} as GitHub's OpenAPI description says`, async () => {
    const res = await fetch(forge.githubApi + path, { headers: { authorization: 'Bearer tok' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.length).toBeGreaterThan(0);
    const validate = ajv.compile(responseSchema(route));
    const ok = validate(body);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // What Agora reads of it parses too.
    expect(githubRepoListSchema.parse(body).length).toBe(body.length);
  });
}

it("answers GET /repos/{owner}/{repo}/collaborators as GitHub's OpenAPI description says", async () => {
  const res = await fetch(`${forge.githubApi}/repos/acme/vault/collaborators?affiliation=all&per_page=100`, {
    headers: { authorization: 'Bearer tok' },
  });
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body.length).toBe(2);
  const validate = ajv.compile(responseSchema('/repos/{owner}/{repo}/collaborators'));
  validate(body);
  expect(validate.errors ?? []).toEqual([]);
});

it('lists the collaborators of private repos only, lower-cased, with the repos of a listing', async () => {
  const { ForgeSource } = await import('../../src/sources/forge/source.ts');
  const source = new ForgeSource({
    name: 'gh',
    config: githubSourceConfig({ type: 'github', url: forge.githubApi, orgs: ['acme'], tokenEnv: 'T' }),
    env: { T: 'tok' },
  });
  const refs = [];
  for await (const ref of source.list({ onProblem: (p) => expect.fail(p.message) })) refs.push(ref);
  expect(refs.map((r) => [r.name, r.forge?.collaborators])).toEqual([
    ['payments', undefined],
    ['vault', ['dana', 'erin']],
  ]);
  // One request for the one private repo (the test above made the other).
  expect(forge.requests.filter((r) => r.url.includes('/collaborators')).length).toBe(2);
  expect(forge.unexpected).toEqual([]);
});

it("reads GitHub's own example of a repository listing", () => {
  const example =
    spec.paths['/orgs/{org}/repos'].get.responses['200'].content['application/json'].examples.default.value;
  const repos = githubRepoListSchema.parse(example).map(fromGithub);
  expect(repos[0]).toMatchObject({
    forgeId: '1296269',
    fullName: 'octocat/Hello-World',
    ownerLogin: 'octocat',
    webUrl: 'https://github.com/octocat/Hello-World',
    cloneUrl: 'https://github.com/octocat/Hello-World.git',
    defaultBranch: 'master',
    fork: false,
    stars: 80,
  });
});
