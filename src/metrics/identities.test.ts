import { describe, expect, it } from 'vitest';
import { isBot as crawlIsBot } from '../analyse/bots.ts';
import {
  botTestReadsNames,
  canonicalEmail,
  loginFromEmail,
  makeBotTest,
  parseMailmap,
} from './identities.ts';

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

  it('judges identities as the crawl does (one definition), and notBots takes back a stored bot', () => {
    const identities: [string, string][] = [
      ['49699333+dependabot[bot]@users.noreply.github.com', 'dependabot[bot]'],
      ['renovate@whitesourcesoftware.com', 'renovate-bot'],
      ['github-actions@github.com', 'github-actions'],
      ['travis@travis-ci.org', 'Travis CI'],
      ['travis@acme.com', 'Travis Scott'],
      ['987654+fancyrobot@users.noreply.github.com', 'Rosa Kowalski'],
      ['ann@acme.com', 'Ann'],
    ];
    const metrics = makeBotTest([]);
    for (const [email, name] of identities) {
      expect([email, metrics(email, name, false)]).toEqual([email, crawlIsBot(name, email)]);
    }
    expect(metrics('987654+fancyrobot@users.noreply.github.com', 'Rosa Kowalski', false)).toBe(false);
    // A commit the crawl stored as a bot's (an older rule took `travis@` for Travis CI) is a person's once
    // the config says so, without a new crawl.
    const config = { notBots: ['travis@acme.com'] };
    expect(makeBotTest([])('travis@acme.com', '', true)).toBe(true);
    expect(makeBotTest(config)('travis@acme.com', '', true)).toBe(false);
    expect(makeBotTest({ add: ['Travis Scott'] })('travis@acme.com', 'Travis Scott', false)).toBe(true);
    expect(botTestReadsNames([])).toBe(false);
    expect(botTestReadsNames(config)).toBe(true);
  });

  it('reads logins from GitHub noreply addresses', () => {
    expect(loginFromEmail('123+octo@users.noreply.github.com')).toBe('octo');
    expect(loginFromEmail('octo@users.noreply.github.com')).toBe('octo');
    expect(loginFromEmail('octo@acme.com')).toBeNull();
  });
});
