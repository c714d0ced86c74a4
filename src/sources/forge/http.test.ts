import { expect, it } from 'vitest';
import { nextLink, retryAfterMs } from './http.ts';

it('finds the next page in a Link header, whatever the order and quoting', () => {
  expect(
    nextLink(
      '<https://api.github.com/orgs/a/repos?page=1>; rel="prev", <https://api.github.com/orgs/a/repos?page=3>; rel="next", <https://api.github.com/orgs/a/repos?page=9>; rel="last"',
    ),
  ).toBe('https://api.github.com/orgs/a/repos?page=3');
  expect(nextLink('<https://gitlab.example.com/api/v4/groups/1/projects?id_after=42>; rel=next')).toBe(
    'https://gitlab.example.com/api/v4/groups/1/projects?id_after=42',
  );
  expect(nextLink('<https://x/?page=1>; rel="first"')).toBeNull();
  expect(nextLink(null)).toBeNull();
});

it('reads Retry-After as seconds or as an HTTP date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(retryAfterMs('7', now)).toBe(7000);
  expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
  expect(retryAfterMs('soon', now)).toBeNull();
  expect(retryAfterMs(null, now)).toBeNull();
});
