import { describe, expect, it } from 'vitest';
import { botRules, isBot } from './bots.ts';

describe('isBot', () => {
  it.each([
    ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com'],
    ['renovate[bot]', '29139614+renovate[bot]@users.noreply.github.com'],
    ['github-actions[bot]', '41898282+github-actions[bot]@users.noreply.github.com'],
    ['Renovate Bot', 'bot@renovateapp.com'],
    ['github-actions', 'github-actions@github.com'],
    ['Acme Release', 'project_42_bot_3f2a9c@noreply.gitlab.example.com'],
    ['Group bot', 'group_7_bot_ab12@noreply.gitlab.example.com'],
    ['Jenkins', 'jenkins@ci.example.com'],
    ['release-bot', 'release@example.com'],
    ['Deploy', 'deploy-bot@example.com'],
    ['GitHub', 'noreply@github.com'],
    ['renovate-bot', 'renovate@whitesourcesoftware.com'],
    ['github-actions', '41898282+github-actions[bot]@users.noreply.github.com'],
    ['Travis CI', 'travis@travis-ci.org'],
    ['Travis CI User', 'travis@travis-ci.com'],
  ])('%s <%s> is a bot', (name, email) => {
    expect(isBot(name, email)).toBe(true);
  });

  it.each([
    ['Jane Doe', 'jane@example.com'],
    ['Abbott Smith', 'abbott@example.com'],
    ['Robot Framework Fan', 'robert@example.com'],
    ['Jan de Bot', 'jan@example.com'],
    ['Ann', '12345+ann@users.noreply.github.com'],
    // A person called Travis, at work and on GitHub (`^travis@` took them for Travis CI).
    ['Travis Scott', 'travis@acme.com'],
    ['travis', '4242+travis@users.noreply.github.com'],
    // "robot" in a person's login (the metrics took `…bot@users.noreply.github.com` for a bot).
    ['Rosa Kowalski', '987654+fancyrobot@users.noreply.github.com'],
    ['Rob Ott', 'robot@acme.com'],
  ])('%s <%s> is a person', (name, email) => {
    expect(isBot(name, email)).toBe(false);
  });

  it('accepts extra identities as emails, names or globs, case-insensitively', () => {
    expect(isBot('Build Robot', 'builder@acme.com', ['BUILDER@acme.com'])).toBe(true);
    expect(isBot('Nightly Sync', 'sync@acme.com', ['nightly sync'])).toBe(true);
    expect(isBot('Svc', 'svc-deploy@infra.acme.com', ['*@infra.acme.com'])).toBe(true);
    expect(isBot('Jane', 'jane@acme.com', ['*@infra.acme.com', 'svc-*'])).toBe(false);
    expect(isBot('Jane', 'jane@acme.com', ['[unclosed'])).toBe(false);
  });

  it('takes people back with notBots, which wins over the built-in rules and over add', () => {
    const config = { add: ['*@ci.acme.com'], notBots: ['jenkins@ci.acme.com', 'Release Bot'] };
    expect(isBot('Jenkins', 'jenkins@ci.acme.com')).toBe(true);
    expect(isBot('Jenkins', 'jenkins@ci.acme.com', config)).toBe(false);
    expect(isBot('Release Bot', 'rel@acme.com', config)).toBe(false);
    expect(isBot('Nightly', 'nightly@ci.acme.com', config)).toBe(true);
    expect(isBot('dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com', config)).toBe(true);
  });

  it('reads the old list form of `bots:` as `add`', () => {
    expect(botRules(['ci@acme.com'])).toEqual({ add: ['ci@acme.com'], notBots: [] });
    expect(botRules({ notBots: ['x'] })).toEqual({ add: [], notBots: ['x'] });
    expect(isBot('CI', 'ci-deploy@acme.com', ['ci-*@acme.com'])).toBe(true);
  });
});
