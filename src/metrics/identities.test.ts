import { describe, expect, it } from 'vitest';
import { canonicalEmail, loginFromEmail, makeBotTest, parseMailmap } from './identities.ts';

describe('identities', () => {
  it('parses mailmap aliases and follows chains without looping', () => {
    const map = parseMailmap(
      [
        '# comment',
        'Ann <ann@acme.com> <Ann@Old.com>',
        '<ann@old2.com> <a@x.com>',
        '<ann@acme.com> <ann@old2.com>',
        'Only Name <name@only.com>',
        '<loop@a.com> <loop@b.com>',
        '<loop@b.com> <loop@a.com>',
        'garbage line',
      ].join('\n'),
    );
    expect(canonicalEmail('ANN@old.com', map)).toBe('ann@acme.com');
    expect(canonicalEmail('a@x.com', map)).toBe('ann@acme.com');
    expect(canonicalEmail('name@only.com', map)).toBe('name@only.com');
    expect(['loop@a.com', 'loop@b.com']).toContain(canonicalEmail('loop@a.com', map));
  });

  it('recognises bots', () => {
    const isBot = makeBotTest(['ci-*@acme.com', 'Jenkins']);
    expect(isBot('49699333+dependabot[bot]@users.noreply.github.com', 'dependabot[bot]', false)).toBe(true);
    expect(isBot('renovate@whitesourcesoftware.com', 'Renovate Bot', false)).toBe(true);
    expect(isBot('ci-deploy@acme.com', 'Deploy', false)).toBe(true);
    expect(isBot('x@acme.com', 'jenkins', false)).toBe(true);
    expect(isBot('x@acme.com', 'X', true)).toBe(true);
    expect(isBot('ann@acme.com', 'Ann', false)).toBe(false);
  });

  it('reads logins from GitHub noreply addresses', () => {
    expect(loginFromEmail('123+octo@users.noreply.github.com')).toBe('octo');
    expect(loginFromEmail('octo@users.noreply.github.com')).toBe('octo');
    expect(loginFromEmail('octo@acme.com')).toBeNull();
  });
});
