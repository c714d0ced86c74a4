import { describe, expect, it } from 'vitest';
import { isBot } from './bots.ts';

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
  ])('%s <%s> is a bot', (name, email) => {
    expect(isBot(name, email)).toBe(true);
  });

  it.each([
    ['Jane Doe', 'jane@example.com'],
    ['Abbott Smith', 'abbott@example.com'],
    ['Robot Framework Fan', 'robert@example.com'],
    ['Jan de Bot', 'jan@example.com'],
    ['Ann', '12345+ann@users.noreply.github.com'],
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
});
