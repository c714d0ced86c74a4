import { describe, expect, it } from 'vitest';
import { isCatchAll, ownerKind, parseCodeowners } from './codeowners.ts';

describe('ownerKind', () => {
  it.each([
    ['@acme/payments', 'team'],
    ['@group/sub/team', 'team'],
    ['@jane-doe', 'user'],
    ['jane@example.com', 'email'],
    ['@@maintainers', 'group'],
  ])('%s is a %s', (token, kind) => {
    expect(ownerKind(token)).toBe(kind);
  });

  it.each(['jane', '@', '@/team', 'a@b', '@acme/', 'http://x'])('%s is not an owner', (token) => {
    expect(ownerKind(token)).toBeNull();
  });
});

describe('isCatchAll', () => {
  it.each(['*', '**', '/**', '**/*', '/**/*'])('%s covers every file', (p) =>
    expect(isCatchAll(p)).toBe(true),
  );
  // GitHub: `/*` and `docs/*` do not recurse into sub-folders.
  it.each(['/*', '*.js', '/docs/', 'docs/**', '/src/**'])('%s does not', (p) =>
    expect(isCatchAll(p)).toBe(false),
  );
});

describe('parseCodeowners (GitHub syntax)', () => {
  it('parses rules, owners and catch-all', () => {
    const text = [
      '# Default owners',
      '*       @acme/platform jane@example.com',
      '',
      '/docs/  @acme/docs   # trailing comment',
      '*.js    @js-owner',
      'path\\ with\\ spaces/  @acme/spaces',
      '/vendored/',
    ].join('\n');
    const r = parseCodeowners(text, 'CODEOWNERS');
    expect(r.findings).toEqual([]);
    expect(r.owners).toEqual([
      { owner: '@acme/platform', kind: 'team', source: 'codeowners', pattern: '*', catchAll: true },
      { owner: 'jane@example.com', kind: 'email', source: 'codeowners', pattern: '*', catchAll: true },
      { owner: '@acme/docs', kind: 'team', source: 'codeowners', pattern: '/docs/', catchAll: false },
      { owner: '@js-owner', kind: 'user', source: 'codeowners', pattern: '*.js', catchAll: false },
      {
        owner: '@acme/spaces',
        kind: 'team',
        source: 'codeowners',
        pattern: 'path with spaces/',
        catchAll: false,
      },
    ]);
  });

  it('keeps only the last catch-all rule, since the last match wins', () => {
    const r = parseCodeowners('* @old/team\n/src/ @src\n** @new/team\n', 'CODEOWNERS');
    expect(r.owners.map((o) => [o.owner, o.catchAll])).toEqual([
      ['@src', false],
      ['@new/team', true],
    ]);
  });

  it('reports malformed lines with their number and keeps the rest', () => {
    const text = ['* @acme/core', '/api/ not-an-owner', '!/secret/ @x', '/web/ @acme/web bad@', '[] @x'].join(
      '\n',
    );
    const r = parseCodeowners(text, '.github/CODEOWNERS');
    expect(r.findings.map((f) => [f.code, f.message.split(':')[0]])).toEqual([
      ['CODEOWNERS_INVALID', 'line 2'],
      ['CODEOWNERS_INVALID', 'line 3'],
      ['CODEOWNERS_INVALID', 'line 4'],
      ['CODEOWNERS_INVALID', 'line 5'],
    ]);
    expect(r.findings[0].path).toBe('.github/CODEOWNERS');
    expect(r.owners.map((o) => o.owner)).toEqual(['@acme/core', '@acme/web']);
  });

  it('handles CRLF, huge lines and binary noise without throwing', () => {
    const noise = `* @a\r\n${'x'.repeat(200_000)} @b\r\n\u0000\u0001 @c\r\n`;
    const r = parseCodeowners(noise, 'CODEOWNERS');
    expect(r.owners[0]).toMatchObject({ owner: '@a', catchAll: true });
  });
});

describe('parseCodeowners (GitLab syntax)', () => {
  it('reads sections, optional sections and section default owners', () => {
    const text = [
      '* @group/all',
      '[Documentation] @group/docs',
      'docs/',
      'README.md @jane',
      '^[Optional Review][2] @group/reviewers',
      '*',
      '[Backend]',
      '/app/ @group/backend @@maintainers',
    ].join('\n');
    const r = parseCodeowners(text, 'CODEOWNERS');
    expect(r.findings).toEqual([]);
    expect(r.owners.map((o) => [o.owner, o.pattern, o.catchAll, o.kind])).toEqual([
      ['@group/all', '*', true, 'team'],
      ['@group/docs', 'docs/', false, 'team'],
      ['@jane', 'README.md', false, 'user'],
      ['@group/reviewers', '*', true, 'team'],
      ['@group/backend', '/app/', false, 'team'],
      ['@@maintainers', '/app/', false, 'group'],
    ]);
  });
});
