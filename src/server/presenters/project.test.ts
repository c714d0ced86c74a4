import { describe, expect, it } from 'vitest';
import type { ProjectRecord } from '../catalogue.ts';
import { channelText, communicationChannels, PRESENTED_CHANNEL_TEXT } from './project.ts';

function record(readme: string, withCommunication: boolean): ProjectRecord {
  return {
    row: { id: 'local:x', web_url: null, default_branch: 'main' },
    facts: { docs: withCommunication ? [{ kind: 'communication', path: 'COMMUNICATION.md', size: 10 }] : [] },
    readmeText: readme,
  } as unknown as ProjectRecord;
}

describe('communication channels', () => {
  it('reads every link of COMMUNICATION.md, addresses included, and only channel links of the README', () => {
    const comm = [
      '# Communication',
      '- Chat: [#payments on Slack](https://acme.slack.com/archives/C1)',
      '- Mailing list: payments@lists.acme.example',
      '- Forum: https://discourse.acme.example/c/payments',
      '- Bugs: [issue tracker](https://acme.atlassian.net/browse/PAY).',
      '- Wiki: [runbook](https://wiki.acme.example/pay)',
    ].join('\n');
    const readme =
      'See [the wiki](https://wiki.acme.example/other) or [chat](https://acme.slack.com/archives/C1).';
    const channels = communicationChannels(record(readme, true), comm);
    expect(channels.map((c) => [c.kind, c.url])).toEqual([
      ['link', '/api/v1/projects/local%3Ax/files/COMMUNICATION.md'],
      ['chat', 'https://acme.slack.com/archives/C1'],
      ['mailing-list', 'mailto:payments@lists.acme.example'],
      ['forum', 'https://discourse.acme.example/c/payments'],
      ['issue-tracker', 'https://acme.atlassian.net/browse/PAY'],
      ['link', 'https://wiki.acme.example/pay'],
    ]);
    expect(channels[1].label).toBe('#payments on Slack');
    expect(communicationChannels(record(readme, false)).map((c) => c.kind)).toEqual(['chat']);
  });

  it('shows no coverage or CI badge of a real README as a channel (badgen.net/coveralls/c/… was a "forum")', () => {
    const readme = [
      '[![Linux Build][github-actions-ci-image]][github-actions-ci-url]',
      '[![Test Coverage][coveralls-image]][coveralls-url]',
      '',
      '[coveralls-image]: https://badgen.net/coveralls/c/github/expressjs/express/master',
      '[coveralls-url]: https://coveralls.io/r/expressjs/express?branch=master',
      '[github-actions-ci-image]: https://badgen.net/github/checks/expressjs/express/master?label=linux',
      '[github-actions-ci-url]: https://github.com/expressjs/express/actions/workflows/ci.yml',
    ].join('\n');
    expect(communicationChannels(record(readme, false))).toEqual([]);
  });

  it(`searches only the first ${PRESENTED_CHANNEL_TEXT} characters for links, keeping later reference definitions`, () => {
    const prose = `${'Some prose. '.repeat(PRESENTED_CHANNEL_TEXT / 12 + 10)}\n\n`;
    const readme = [
      'Talk to us: [![chat][badge]][chat]',
      prose,
      'Late: [forum](https://discourse.acme.example/c/late)',
      '',
      '[badge]: https://img.shields.io/badge/chat-on%20discord-blue.svg',
      '[chat]: https://discord.gg/acme',
    ].join('\n');
    expect(communicationChannels(record(readme, false)).map((c) => c.url)).toEqual([
      'https://discord.gg/acme',
    ]);
    // The hostile corpus's README (`[a](` × 5 000, 20 KB): only the head is searched by the link patterns.
    const hostile = `# Links\n\n${'[a]('.repeat(5000)}\n`;
    expect(channelText(hostile).length).toBeLessThanOrEqual(PRESENTED_CHANNEL_TEXT + 2);
    expect(communicationChannels(record(hostile, false))).toEqual([]);
  });
});
