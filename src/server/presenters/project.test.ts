import { describe, expect, it } from 'vitest';
import type { ProjectRecord } from '../catalogue.ts';
import { channelKind, communicationChannels } from './project.ts';

function record(readme: string, withCommunication: boolean): ProjectRecord {
  return {
    row: { id: 'local:x', web_url: null, default_branch: 'main' },
    facts: { docs: withCommunication ? [{ kind: 'communication', path: 'COMMUNICATION.md', size: 10 }] : [] },
    readmeText: readme,
  } as unknown as ProjectRecord;
}

describe('communication channels', () => {
  it('sorts links into chat, mailing list, forum and issue tracker', () => {
    expect(channelKind('https://acme.slack.com/archives/C1')).toBe('chat');
    expect(channelKind('https://matrix.to/#/#team:acme.org')).toBe('chat');
    expect(channelKind('mailto:team@acme.example')).toBe('mailing-list');
    expect(channelKind('https://lists.acme.example/team')).toBe('mailing-list');
    expect(channelKind('https://discourse.acme.example/c/payments')).toBe('forum');
    expect(channelKind('https://github.com/acme/x/discussions')).toBe('forum');
    expect(channelKind('https://github.com/acme/x/issues')).toBe('issue-tracker');
    expect(channelKind('https://acme.atlassian.net/browse/PAY')).toBe('issue-tracker');
    expect(channelKind('https://wiki.acme.example/pay')).toBe('link');
  });

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
      ['issue-tracker', 'https://acme.atlassian.net/browse/PAY'],
      ['link', 'https://wiki.acme.example/pay'],
      ['forum', 'https://discourse.acme.example/c/payments'],
      ['mailing-list', 'mailto:payments@lists.acme.example'],
    ]);
    expect(channels[1].label).toBe('#payments on Slack');
    expect(communicationChannels(record(readme, false)).map((c) => c.kind)).toEqual(['chat']);
  });
});
