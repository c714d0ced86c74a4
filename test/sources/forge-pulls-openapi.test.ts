// The test forge's GitHub pull-request answers (fork, open, read a pull request) validated against GitHub's
// published OpenAPI description (@octokit/openapi), as the listing answers are in forge-openapi.test.ts, so
// the campaign tests run against a stand-in that cannot drift from the real API.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installPulls } from '../helpers/forge/pulls.ts';
import { type ForgeServer, startForgeServer } from '../helpers/forge/server.ts';
import { gitdir, tmpDir } from '../helpers/gitdir.ts';

const require = createRequire(import.meta.url);
const spec = JSON.parse(
  readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8'),
);
const ajv = new Ajv({ strict: false, allErrors: true });
const addFormats =
  (formatsPlugin as unknown as { default: (a: Ajv) => void }).default ??
  (formatsPlugin as unknown as (a: Ajv) => void);
addFormats(ajv);

const schema = (path: string, method: 'get' | 'post', status: string) =>
  spec.paths[path][method].responses[status].content['application/json'].schema;

let forge: ForgeServer;
beforeAll(async () => {
  forge = await startForgeServer({ token: 'tok' });
  installPulls(forge);
  const root = await tmpDir('agora-pulls-openapi-');
  const dir = await gitdir({ 'README.md': '# x\n' }, { dir: join(root, 'a.git'), bare: true });
  forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'payments', gitDir: dir });
});
afterAll(() => forge.close());

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(forge.githubApi + path, {
    method,
    headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};

const valid = (s: unknown, body: unknown) => {
  const validate = ajv.compile(s as object);
  validate(body);
  return validate.errors ?? [];
};

it('answers fork, open and read of a pull request as GitHub OpenAPI description says', async () => {
  const fork = await call('POST', '/repos/acme/payments/forks', {});
  expect(fork.status).toBe(202);
  expect(valid(schema('/repos/{owner}/{repo}/forks', 'post', '202'), fork.body)).toEqual([]);
  const pr = await call('POST', '/repos/acme/payments/pulls', {
    title: 't',
    body: 'b',
    head: 'main',
    base: 'main',
  });
  expect(pr.status).toBe(201);
  expect(valid(schema('/repos/{owner}/{repo}/pulls', 'post', '201'), pr.body)).toEqual([]);
  const read = await call('GET', `/repos/acme/payments/pulls/${pr.body.number}`);
  expect(read.status).toBe(200);
  expect(valid(schema('/repos/{owner}/{repo}/pulls/{pull_number}', 'get', '200'), read.body)).toEqual([]);
  const missing = await call('POST', '/repos/acme/payments/pulls', {
    title: 't',
    head: 'nope',
    base: 'main',
  });
  expect(missing.status).toBe(422);
});
