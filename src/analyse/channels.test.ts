import { describe, expect, it } from 'vitest';
import { channelKind, channelsIn, markdownLinks } from './channels.ts';

// Badge blocks as real READMEs write them (express, cookie, content-disposition, fastify, ajv, chart.js).
const EXPRESS_BADGES = [
  '# Express',
  '',
  '[![NPM Version][npm-version-image]][npm-url]',
  '[![NPM Downloads][npm-downloads-image]][npm-downloads-url]',
  '[![Linux Build][github-actions-ci-image]][github-actions-ci-url]',
  '[![Test Coverage][coveralls-image]][coveralls-url]',
  '[![OpenSSF Scorecard Badge][ossf-scorecard-badge]][ossf-scorecard-visualizer]',
  '',
  'Fast, unopinionated, minimalist web framework for Node.js.',
  '',
  '[coveralls-image]: https://badgen.net/coveralls/c/github/expressjs/express/master',
  '[coveralls-url]: https://coveralls.io/r/expressjs/express?branch=master',
  '[github-actions-ci-image]: https://badgen.net/github/checks/expressjs/express/master?label=linux',
  '[github-actions-ci-url]: https://github.com/expressjs/express/actions/workflows/ci.yml',
  '[npm-downloads-image]: https://badgen.net/npm/dm/express',
  '[npm-downloads-url]: https://npmcharts.com/compare/express?minimal=true',
  '[npm-url]: https://npmjs.org/package/express',
  '[npm-version-image]: https://badgen.net/npm/v/express',
  '[ossf-scorecard-badge]: https://api.scorecard.dev/projects/github.com/expressjs/express/badge',
  '[ossf-scorecard-visualizer]: https://ossf.github.io/scorecard-visualizer/#/projects/github.com/expressjs/express',
].join('\n');

const FASTIFY_BADGES = [
  '<div align="center">',
  '',
  '[![CI](https://github.com/fastify/fastify/actions/workflows/ci.yml/badge.svg?branch=main)](https://github.com/fastify/fastify/actions/workflows/ci.yml)',
  '[![CII Best Practices](https://www.bestpractices.dev/projects/7585/badge)](https://www.bestpractices.dev/en/projects/7585/passing)',
  '[![codecov](https://codecov.io/gh/fastify/fastify/branch/main/graph/badge.svg)](https://codecov.io/gh/fastify/fastify)',
  '[![Build Status](https://travis-ci.org/debug-js/debug.svg?branch=master)](https://travis-ci.org/debug-js/debug)',
  '[![Coverage Status](https://coveralls.io/repos/github/debug-js/debug/badge.svg?branch=master)](https://coveralls.io/github/debug-js/debug?branch=master)',
  '[![GitHub issues](https://img.shields.io/github/issues/acme/x)](https://img.shields.io/github/issues/acme/x)',
  '',
  '</div>',
].join('\n');

describe('channel kinds', () => {
  it('sorts real channel links into chat, mailing list, forum and issue tracker', () => {
    expect(channelKind('https://acme.slack.com/archives/C1')).toBe('chat');
    expect(channelKind('https://join.slack.com/t/acme/shared_invite/zt-abc')).toBe('chat');
    // An organisation's Slack invite host (prometheus/client_golang's README badge links it).
    expect(channelKind('https://slack.cncf.io/')).toBe('chat');
    expect(channelKind('https://slack.k8s.io/')).toBe('chat');
    expect(channelKind('https://teams.microsoft.com/l/channel/19%3a1234%40thread.skype/General')).toBe(
      'chat',
    );
    expect(channelKind('https://matrix.to/#/#team:acme.org')).toBe('chat');
    expect(channelKind('https://app.element.io/#/room/#rust:matrix.org')).toBe('chat');
    expect(channelKind('https://gitter.im/ajv-validator/ajv')).toBe('chat');
    expect(channelKind('https://discord.gg/HxEguTK6av')).toBe('chat');
    expect(channelKind('https://discord.com/invite/X4Qp9u6Vz')).toBe('chat');
    expect(channelKind('https://rust-lang.zulipchat.com/#narrow/stream/122651-general')).toBe('chat');
    expect(channelKind('mailto:team@acme.example')).toBe('mailing-list');
    expect(channelKind('https://lists.acme.example/team')).toBe('mailing-list');
    expect(channelKind('https://mail.python.org/mailman/listinfo/python-dev')).toBe('mailing-list');
    expect(channelKind('https://discourse.acme.example/c/payments')).toBe('forum');
    expect(channelKind('https://discuss.python.org/c/ideas/6')).toBe('forum');
    expect(channelKind('https://groups.google.com/g/golang-nuts')).toBe('forum');
    expect(channelKind('https://github.com/acme/x/discussions')).toBe('forum');
    expect(channelKind('https://github.com/acme/x/issues')).toBe('issue-tracker');
    expect(channelKind('https://gitlab.com/acme/x/-/issues')).toBe('issue-tracker');
    expect(channelKind('https://acme.atlassian.net/browse/PAY')).toBe('issue-tracker');
    expect(channelKind('https://wiki.acme.example/pay')).toBeNull();
  });

  it('never takes a badge, CI, coverage or registry page for a channel', () => {
    for (const url of [
      'https://badgen.net/coveralls/c/github/expressjs/express/master',
      'https://coveralls.io/r/expressjs/express?branch=master',
      'https://codecov.io/gh/fastify/fastify/branch/main/graph/badge.svg',
      'https://codecov.io/c/github/acme/x',
      'https://travis-ci.org/debug-js/debug.svg?branch=master',
      'https://app.travis-ci.com/acme/x',
      'https://github.com/fastify/fastify/actions/workflows/ci.yml/badge.svg?branch=main',
      'https://github.com/expressjs/express/actions/workflows/ci.yml',
      'https://img.shields.io/github/issues/acme/x',
      'https://img.shields.io/discourse/topics?server=https%3A%2F%2Fdiscourse.acme.example',
      'https://img.shields.io/badge/chat-on%20slack-blue',
      'https://www.npmjs.com/package/cookie',
      'https://forum.acme.example/uploads/logo.png',
    ]) {
      expect([url, channelKind(url)]).toEqual([url, null]);
    }
  });
});

describe('channels in a document', () => {
  it('finds none in the badge blocks of real READMEs (coverage and CI badges were read as a forum)', () => {
    expect(channelsIn(EXPRESS_BADGES)).toEqual([]);
    expect(channelsIn(FASTIFY_BADGES)).toEqual([]);
    expect(channelsIn(EXPRESS_BADGES, true).map((c) => c.url)).toEqual([
      'https://ossf.github.io/scorecard-visualizer/#/projects/github.com/expressjs/express',
    ]);
  });

  it('takes the target of a linked chat badge but never the picture', () => {
    const readme = [
      '[![Gitter](https://img.shields.io/gitter/room/ajv-validator/ajv.svg)](https://gitter.im/ajv-validator/ajv)',
      '<a href="https://discord.gg/HxEguTK6av"><img src="https://img.shields.io/badge/discord-chartjs-blue?style=flat-square&maxAge=3600" alt="Discord"></a>',
      'Please join [Discord community](https://discord.gg/X4Qp9u6Vz) for pre release announcements.',
      '![forum screenshot](https://forum.acme.example/c/screenshot)',
      '```sh',
      'curl https://acme.slack.com/api/chat.postMessage',
      '```',
      'Questions go to the [forum][forum] or [issues].',
      '',
      '[forum]: https://discourse.acme.example/c/payments',
      '[issues]: https://github.com/acme/payments/issues',
    ].join('\n');
    expect(channelsIn(readme).map((c) => [c.kind, c.url, c.text])).toEqual([
      ['chat', 'https://gitter.im/ajv-validator/ajv', ''],
      ['chat', 'https://discord.gg/HxEguTK6av', ''],
      ['chat', 'https://discord.gg/X4Qp9u6Vz', 'Discord community'],
      ['forum', 'https://discourse.acme.example/c/payments', 'forum'],
      ['issue-tracker', 'https://github.com/acme/payments/issues', 'issues'],
    ]);
  });

  it('reads bare URLs and, in COMMUNICATION.md, bare addresses, in reading order', () => {
    const comm = [
      '- Chat: [#payments on Slack](https://acme.slack.com/archives/C1)',
      '- Mailing list: payments@lists.acme.example',
      '- Forum: https://discourse.acme.example/c/payments.',
    ].join('\n');
    expect(markdownLinks(comm, true).map((l) => l.url)).toEqual([
      'https://acme.slack.com/archives/C1',
      'mailto:payments@lists.acme.example',
      'https://discourse.acme.example/c/payments',
    ]);
    expect(markdownLinks(comm).map((l) => l.url)).not.toContain('mailto:payments@lists.acme.example');
  });

  it('reads a large hostile text (unclosed links, images and anchors on one line)', () => {
    const text = ['[a](', '![b](', '<a href="x', '![b][c]', '[[['].map((s) => s.repeat(20_000)).join('');
    expect(channelsIn(text, true)).toEqual([]);
  });

  it('ends an inline destination at "(" as at ")" (one short scan per "[" of `[a]([a](…`), keeping the URL', () => {
    // A parenthesised URL is still found, as a bare URL (it was cut at ")" before as well).
    expect(
      markdownLinks('[A](https://en.wikipedia.org/wiki/A_(b)) or [chat](https://discord.gg/x).'),
    ).toEqual([
      { url: 'https://en.wikipedia.org/wiki/A_(b', text: '' },
      { url: 'https://discord.gg/x', text: 'chat' },
    ]);
    // Every `[a](` of the hostile README starts a link: none is one, and none swallows the next.
    expect(markdownLinks(`${'[a]('.repeat(5000)}[b](https://discord.gg/y)`)).toEqual([
      { url: 'https://discord.gg/y', text: 'b' },
    ]);
  });
});
