import './manifests/all-parsers.ts';
import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseSnapshot } from './analyse-snapshot.ts';
import { parseInnerSourceJson } from './innersource-json.ts';
import {
  calendarHours,
  parsePromiseJson,
  parsePromiseText,
  parsePromiseValue,
  responsePromiseOf,
  sentencesOf,
} from './response-promise.ts';

const P = 'CONTRIBUTING.md';

/** The promised bounds of a text as `[prs, issues]` in calendar hours (null where none). */
function hours(text: string): [number | null, number | null] {
  const p = parsePromiseText(text, P);
  return [p?.pullRequests?.hours ?? null, p?.issues?.hours ?? null];
}

describe('parsePromiseText: promises', () => {
  const both: [string, number][] = [
    ['We answer within 2 business days.', 96],
    ['We respond within 48 hours.', 48],
    ['The team will get back to you within a week.', 168],
    ['You can expect a first response within 3 working days.', 120],
    ['We aim to reply in 24h.', 24],
    ['We usually respond within one business day.', 72],
    ['Expect a reply within 1-2 business days.', 96],
    ['Our SLA is 3 business days.', 120],
    ['Response time: 2 days', 48],
    ['We try to acknowledge new contributions by the next business day.', 72],
    ['Someone from the team will triage it within five days.', 120],
    ['We guarantee an answer in less than 24 hours', 24],
    ['The maintainers respond within two weeks at the latest.', 336],
    ['Feedback within 24–48 hours.', 48],
    ['We have a 48-hour response SLA.', 48],
    ['Our turnaround time is 4 business hours.', 72],
    ['A trusted committer looks at every submission within 10 days.', 240],
    ['We will get back to you no later than 5 working days after you open it.', 168],
    ['We respond the same day.', 24],
  ];
  for (const [text, h] of both) {
    it(`"${text}" → ${h} h`, () => {
      const p = parsePromiseText(text, P);
      const covered = [p?.pullRequests?.hours, p?.issues?.hours].filter((x) => x !== undefined);
      expect(covered.length, text).toBeGreaterThan(0);
      expect(covered[0]).toBe(h);
    });
  }

  it('reads a promise for pull requests only', () => {
    expect(hours('We review pull requests within 48 hours.')).toEqual([48, null]);
    expect(hours('Merge requests are reviewed within 2 business days.')).toEqual([96, null]);
    expect(hours('PRs get a first review in 3 days.')).toEqual([72, null]);
  });

  it('reads a promise for issues only', () => {
    expect(hours('We triage new issues within a week.')).toEqual([null, 168]);
    expect(hours('Bug reports are answered within 2 days.')).toEqual([null, 48]);
  });

  it('reads two promises in one sentence, each for its own kind', () => {
    expect(hours('We respond to issues within 1 week and to pull requests within 2 business days.')).toEqual([
      96, 168,
    ]);
    expect(hours('PRs are reviewed within 24 hours, issues within 3 days.')).toEqual([24, 72]);
  });

  it('reads a sentence wrapped over lines and inside a list item', () => {
    const text = [
      '# Contributing',
      '',
      'Thanks for helping! We try hard to',
      'answer every pull request within',
      '2 business days.',
      '',
      '- Issues: we triage them within one week.',
    ].join('\n');
    expect(hours(text)).toEqual([96, 168]);
  });

  it('keeps the first statement per kind, the sentence and the path', () => {
    const p = parsePromiseText(
      'We respond to PRs within 2 days. If nobody answered after a week, ping us in chat.',
      'docs/CONTRIBUTING.md',
    );
    expect(p?.pullRequests).toMatchObject({
      amount: 2,
      unit: 'days',
      hours: 48,
      quote: 'We respond to PRs within 2 days.',
      path: 'docs/CONTRIBUTING.md',
    });
  });

  it('reads a promise from a Markdown link and emphasis', () => {
    expect(hours('We **respond within [2 business days](https://wiki/sla)**.')).toEqual([96, 96]);
  });
});

describe('parsePromiseText: not promises', () => {
  const none = [
    'Please respond to review comments within 2 weeks, or the PR will be closed.',
    'If you do not reply within 14 days, we close the issue.',
    'Issues with no activity for 30 days are marked stale.',
    'We review pull requests twice a week.',
    'We answer questions in a few days.',
    'Run the tests; they finish within 5 minutes.',
    'The build takes about 10 minutes.',
    'We will review your pull request.',
    'Releases happen every 2 weeks.',
    'The cache expires within 24 hours.',
    'Authors should respond to feedback within 3 days.',
    '```\nwe respond within 2 days\n```',
    'API responses are returned within 200 ms.',
    'We review contributions as time permits.',
    '<!-- We respond within 2 days. -->',
    'We keep review logs for 365 days.',
    'The SLA page is linked below.',
  ];
  for (const text of none) {
    it(`"${text.replace(/\n/g, ' ')}" → none`, () => {
      expect(parsePromiseText(text, P)).toBeNull();
    });
  }

  it('ignores text past the read cap', () => {
    const pad = `${'Lorem ipsum dolor sit amet. '.repeat(4000)}\n\n`;
    expect(parsePromiseText(`${pad}We respond within 2 days.`, P)).toBeNull();
  });

  it('stays fast on hostile input', () => {
    const hostile = `${'within within 1-1-1-1-1 '.repeat(2000)}respond ${'a'.repeat(50_000)}`;
    const t0 = performance.now();
    parsePromiseText(hostile, P);
    parsePromiseText('respond '.repeat(20_000), P);
    // Generous: a catastrophic regex would take seconds to minutes.
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('calendarHours', () => {
  it('widens business days by the weekends they may span', () => {
    expect(calendarHours(1, 'business-days')).toBe(72);
    expect(calendarHours(5, 'business-days')).toBe(168);
    expect(calendarHours(6, 'business-days')).toBe(240);
    expect(calendarHours(2, 'weeks')).toBe(336);
    expect(calendarHours(90, 'minutes')).toBe(1.5);
  });
});

describe('innersource.json', () => {
  it('reads responseTime as hours, a compact duration or words', () => {
    expect(parsePromiseValue(48, 'innersource.json')?.hours).toBe(48);
    expect(parsePromiseValue('2d', 'innersource.json')?.hours).toBe(48);
    expect(parsePromiseValue('2bd', 'innersource.json')?.hours).toBe(96);
    expect(parsePromiseValue('1w', 'innersource.json')?.hours).toBe(168);
    expect(parsePromiseValue('2 business days', 'innersource.json')?.hours).toBe(96);
    expect(parsePromiseValue('within 48 hours', 'innersource.json')?.hours).toBe(48);
    expect(parsePromiseValue('next business day', 'innersource.json')?.hours).toBe(72);
  });

  it('rejects what is no duration', () => {
    for (const v of ['soon', '', 'a few days', -3, 0, Number.NaN, true, ['2d'], '9999 days'])
      expect(parsePromiseValue(v, 'innersource.json'), String(v)).toBeNull();
  });

  it('reads one value for both kinds, or one per kind', () => {
    expect(parsePromiseJson({ responseTime: '2 business days' }, 'innersource.json')).toMatchObject({
      pullRequests: { hours: 96, path: 'innersource.json' },
      issues: { hours: 96 },
    });
    expect(
      parsePromiseJson({ response_time: { pullRequests: '24h', issues: '1 week' } }, 'innersource.json'),
    ).toMatchObject({ pullRequests: { hours: 24 }, issues: { hours: 168 } });
    expect(parsePromiseJson({ title: 'x' }, 'innersource.json')).toBeNull();
    expect(parsePromiseJson({ responseTime: 'whenever' }, 'innersource.json')).toBeNull();
    // A prototype key is never read.
    expect(parsePromiseJson(JSON.parse('{"__proto__": {"responseTime": 5}}'), 'innersource.json')).toBeNull();
  });

  it('innersource.json wins per kind over CONTRIBUTING prose', () => {
    const p = responsePromiseOf({
      innersourceJson: { path: 'innersource.json', json: { responseTime: { issues: '3d' } } },
      contributing: { path: 'CONTRIBUTING.md', text: 'We review PRs within 1 day and issues within 1 week.' },
    });
    expect(p?.issues).toMatchObject({ hours: 72, path: 'innersource.json' });
    expect(p?.pullRequests).toMatchObject({ hours: 24, path: 'CONTRIBUTING.md' });
    expect(responsePromiseOf({})).toBeNull();
  });
});

describe('sentencesOf', () => {
  it('drops code and splits sentences and list items', () => {
    expect(sentencesOf('One two. Three four!\n\n```js\nx = 1\n```\n- item a\n- item b')).toEqual([
      'One two.',
      'Three four!',
      'item a',
      'item b',
    ]);
  });
});

describe('the analyser stores the promise as a repo fact', () => {
  it('reads CONTRIBUTING and innersource.json of a snapshot', () => {
    const facts = analyseSnapshot(
      snapshotFromFiles({
        'README.md': '# x\n',
        '.github/CONTRIBUTING.md': '# Contributing\n\nWe review pull requests within 2 business days.\n',
        'innersource.json': JSON.stringify({ title: 'x', responseTime: { issues: '1 week' } }),
      }),
    );
    expect(facts.responsePromise).toEqual({
      pullRequests: expect.objectContaining({ hours: 96, path: '.github/CONTRIBUTING.md' }),
      issues: expect.objectContaining({ hours: 168, path: 'innersource.json' }),
    });
  });

  it('leaves the fact out when nothing is promised, and survives a broken innersource.json', () => {
    const facts = analyseSnapshot(
      snapshotFromFiles({ 'CONTRIBUTING.md': 'Send a PR.\n', 'innersource.json': '{"responseTime": ' }),
    );
    expect(facts.responsePromise).toBeUndefined();
    expect(facts.findings.map((f) => f.code)).toContain('INNERSOURCE_JSON_INVALID');
  });

  it('reads the help-wanted labels of innersource.json', () => {
    const r = parseInnerSourceJson('{"helpWanted": ["up-for-grabs", "easy"]}', 'innersource.json');
    expect(r.meta?.helpWantedLabels).toEqual(['up-for-grabs', 'easy']);
    expect(parseInnerSourceJson('{"helpWantedLabels": "a, b"}', 'x').meta?.helpWantedLabels).toEqual([
      'a',
      'b',
    ]);
  });
});
