// The test forge's GitHub issue, pull request, comment, review and commit answers validated against GitHub's OpenAPI
// description (@octokit/openapi), so the item ingestion's stand-in cannot drift from the real API.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installItems } from '../helpers/forge/items.ts';
import { type ForgeServer, startForgeServer } from '../helpers/forge/server.ts';

const require = createRequire(import.meta.url);
const spec = JSON.parse(
  readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.deref.json'), 'utf8'),
);

/** OpenAPI 3.0's `nullable` beside `allOf` (no `type`) as JSON Schema: the schema or null. */
function nullableAsAnyOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableAsAnyOf);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = nullableAsAnyOf(v);
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

let forge: ForgeServer;
beforeAll(async () => {
  forge = await startForgeServer({ token: 'tok' });
  forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'pay' });
  const model = installItems(forge);
  const pr = model.item({
    repo: 1,
    kind: 'pr',
    number: 1,
    title: 'p',
    author: 'gus',
    createdAt: '2025-01-01T00:00:00Z',
    labels: ['help wanted'],
  });
  model.event(pr, { type: 'comment', author: 'hana', at: '2025-01-02T00:00:00Z' });
  model.event(pr, { type: 'review', author: 'hana', at: '2025-01-02T01:00:00Z', state: 'APPROVED' });
  model.item({
    repo: 1,
    kind: 'issue',
    number: 2,
    title: 'i',
    author: 'ole',
    createdAt: '2025-01-03T00:00:00Z',
    state: 'closed',
    closedAt: '2025-01-04T00:00:00Z',
  });
  // A merged PR with a requested reviewer and its merger (`/pulls`, `/pulls/{n}`).
  model.item({
    repo: 1,
    kind: 'pr',
    number: 3,
    title: 'm',
    author: 'gus',
    createdAt: '2025-01-05T00:00:00Z',
    state: 'closed',
    closedAt: '2025-01-06T00:00:00Z',
    mergedAt: '2025-01-06T00:00:00Z',
    mergedBy: 'hana',
    requestedReviewers: ['olga'],
  });
  model.commits.push({
    repo: 1,
    sha: '1'.repeat(40),
    login: 'gus',
    email: 'gus@a.test',
    date: '2025-01-01T00:00:00Z',
  });
});
afterAll(() => forge.close());

const ajv = new Ajv({ strict: false, allErrors: true });
const addFormats =
  (formatsPlugin as unknown as { default: (a: Ajv) => void }).default ??
  (formatsPlugin as unknown as (a: Ajv) => void);
addFormats(ajv);

for (const [route, path] of [
  [
    '/repos/{owner}/{repo}/issues',
    '/repos/acme/pay/issues?state=all&sort=updated&direction=asc&per_page=100',
  ],
  ['/repos/{owner}/{repo}/issues/{issue_number}/comments', '/repos/acme/pay/issues/1/comments?per_page=100'],
  ['/repos/{owner}/{repo}/pulls/{pull_number}/reviews', '/repos/acme/pay/pulls/1/reviews?per_page=100'],
  ['/repos/{owner}/{repo}/commits', '/repos/acme/pay/commits?per_page=100'],
  ['/repos/{owner}/{repo}/pulls', '/repos/acme/pay/pulls?state=all&sort=updated&direction=desc&per_page=100'],
  ['/repos/{owner}/{repo}/pulls/{pull_number}', '/repos/acme/pay/pulls/3'],
] as const) {
  it(`answers GET ${route} as GitHub's OpenAPI description says`, async () => {
    const res = await fetch(forge.githubApi + path, { headers: { authorization: 'Bearer tok' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Array.isArray(body) ? body.length : Object.keys(body).length).toBeGreaterThan(0);
    const validate = ajv.compile(
      nullableAsAnyOf(spec.paths[route].get.responses['200'].content['application/json'].schema) as object,
    );
    validate(body);
    expect(validate.errors ?? []).toEqual([]);
  });
}
