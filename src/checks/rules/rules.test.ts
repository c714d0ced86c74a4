// Unit tests of every rule type on in-memory snapshots: pass, fail, not-applicable and not-evaluated.

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analyseSnapshot } from '../../analyse/index.ts';
import { snapshotFromFiles } from '../../snapshot/snapshot.ts';
import { loadRuleset } from '../ruleset/load.ts';
import type { Outcome } from '../ruleset/types.ts';
import type { CheckSubject } from '../subject.ts';
import { RULE_TYPES } from './index.ts';

const NOW = Date.parse('2025-01-01T00:00:00Z') / 1000;

function subject(
  files: Record<string, string>,
  extra: Partial<CheckSubject> & { tree?: boolean } = {},
): CheckSubject {
  const snap = snapshotFromFiles(files);
  const s: CheckSubject = {
    repo: { id: 'test:repo', name: 'repo' },
    facts: analyseSnapshot(snap),
    files: snap.files,
    paths: extra.tree === false ? null : snap.tree.map((e) => e.path),
    ...extra,
  };
  return s;
}

function run(type: string, options: Record<string, unknown>, s: CheckSubject): Outcome {
  const t = RULE_TYPES.get(type);
  if (!t) throw new Error(`no type ${type}`);
  const opts = t.options(z).parse({ type, ...options });
  return t.evaluate(s, opts, { now: NOW });
}

const GOOD_README = `# Payments

Moves money between accounts for every product team. It offers a small HTTP API, keeps an audit trail, and
is owned by the payments team who welcome contributions from guests across the company at any time.

## Getting started

Run \`npm ci\` and then \`npm start\`.

## Contributing

See CONTRIBUTING.md. Chat with us on https://acme.slack.com/archives/payments.

## Who we are

The payments team.
`;

describe('file-exists', () => {
  it('passes with the document, fails without, and counts an inherited one', () => {
    expect(run('file-exists', { kind: 'contributing' }, subject({ 'CONTRIBUTING.md': 'x' })).status).toBe(
      'pass',
    );
    expect(run('file-exists', { kind: 'contributing' }, subject({ 'a.txt': 'x' })).status).toBe('fail');
    const org = snapshotFromFiles({ '.github/CONTRIBUTING.md': 'org wide' });
    const s = subject({ 'a.txt': 'x' }, { inherited: { files: org.files, facts: analyseSnapshot(org) } });
    const r = run('file-exists', { kind: 'contributing' }, s);
    expect(r).toMatchObject({ status: 'pass', inherited: true });
    expect(run('file-exists', { kind: 'contributing', inherit: false }, s).status).toBe('fail');
  });
  it('never inherits a licence', () => {
    const org = snapshotFromFiles({ LICENSE: 'MIT License' });
    const s = subject({ 'a.txt': 'x' }, { inherited: { files: org.files, facts: analyseSnapshot(org) } });
    expect(run('file-exists', { kind: 'license' }, s).status).toBe('fail');
  });
  it('is not evaluated for globs when the tree is unknown', () => {
    expect(
      run('file-exists', { paths: ['src/**/*.go'] }, subject({ 'README.md': 'x' }, { tree: false })).status,
    ).toBe('not-evaluated');
  });
});

describe('file-not-exists / directory-exists', () => {
  it('covers pass, fail and not-evaluated', () => {
    expect(run('file-not-exists', { paths: ['**/*.exe'] }, subject({ 'a.txt': 'x' })).status).toBe('pass');
    expect(run('file-not-exists', { paths: ['**/*.exe'] }, subject({ 'bin/a.exe': 'x' })).status).toBe(
      'fail',
    );
    expect(
      run('file-not-exists', { paths: ['**/*.exe'] }, subject({ 'a.txt': 'x' }, { tree: false })).status,
    ).toBe('not-evaluated');
    expect(run('directory-exists', { paths: ['**/test*'] }, subject({ 'pkg/tests/a.js': 'x' })).status).toBe(
      'pass',
    );
    expect(run('directory-exists', { paths: ['**/test*'] }, subject({ 'src/a.js': 'x' })).status).toBe(
      'fail',
    );
    expect(
      run('directory-exists', { paths: ['**/test*'] }, subject({ 'src/a.js': 'x' }, { tree: false })).status,
    ).toBe('not-evaluated');
  });
});

describe('file-contents / file-not-contents', () => {
  it('covers pass, fail, not-applicable and not-evaluated', () => {
    const o = { paths: ['README*'], pattern: 'licen[cs]e', flags: 'i' };
    expect(run('file-contents', o, subject({ 'README.md': 'See LICENSE' })).status).toBe('pass');
    expect(run('file-contents', o, subject({ 'README.md': 'nothing' })).status).toBe('fail');
    expect(run('file-contents', o, subject({ 'a.txt': 'x' })).status).toBe('not-applicable');
    const bin = subject({ 'README.md': 'x' });
    bin.files.set('README.md', { path: 'README.md', size: 10, text: null, binary: true, truncated: false });
    expect(run('file-contents', o, bin).status).toBe('not-evaluated');
    expect(
      run('file-not-contents', { paths: ['**/*.md'], pattern: 'TODO' }, subject({ 'a.md': 'TODO' })).status,
    ).toBe('fail');
    expect(
      run('file-not-contents', { paths: ['**/*.md'], pattern: 'TODO' }, subject({ 'a.md': 'done' })).status,
    ).toBe('pass');
  });
});

describe('readme-substantive', () => {
  it('passes a real README, fails a title, fails without a README, fails a binary one', () => {
    expect(run('readme-substantive', {}, subject({ 'README.md': GOOD_README })).status).toBe('pass');
    expect(run('readme-substantive', {}, subject({ 'README.md': '# Title only\n' })).status).toBe('fail');
    expect(run('readme-substantive', {}, subject({ 'a.txt': 'x' })).status).toBe('fail');
    const bin = subject({ 'README.md': 'x' });
    bin.files.set('README.md', { path: 'README.md', size: 10, text: null, binary: true, truncated: false });
    bin.facts.readme = null;
    expect(run('readme-substantive', {}, bin).message).toMatch(/binary/);
  });
  it('checks a truncated README from its start and says so', () => {
    const s = subject({ 'README.md': GOOD_README });
    s.files.set('README.md', {
      path: 'README.md',
      size: 100_000_000,
      text: GOOD_README,
      binary: false,
      truncated: true,
    });
    const r = run('readme-substantive', {}, s);
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(/checked the first .* of 100\.0 MB/);
  });
  it('is not evaluated when the README content was not read', () => {
    const s = subject({ 'README.md': GOOD_README });
    s.files.delete('README.md');
    s.facts.readme = null;
    expect(run('readme-substantive', {}, s).status).toBe('not-evaluated');
  });
});

describe('readme-section', () => {
  it('matches headings with synonyms, emoji and numbering', () => {
    const md = '# X\n\n## 🚀 1. Quick Start!\n\ntext\n';
    expect(
      run('readme-section', { headings: ['getting started', 'quick start'] }, subject({ 'README.md': md }))
        .status,
    ).toBe('pass');
    expect(run('readme-section', { headings: ['contributing'] }, subject({ 'README.md': md })).status).toBe(
      'fail',
    );
  });
  it('ignores a heading-looking line inside a code block (AST, not regex)', () => {
    const md = '# X\n\n```\n## Contributing\n```\n';
    expect(run('readme-section', { headings: ['contributing'] }, subject({ 'README.md': md })).status).toBe(
      'fail',
    );
  });
  it('accepts a document instead when orDoc is set, and is not evaluated on non-Markdown', () => {
    const s = subject({ 'README.md': '# X\n', 'COMMUNICATION.md': 'chat' });
    expect(run('readme-section', { headings: ['getting involved'], orDoc: 'communication' }, s).status).toBe(
      'pass',
    );
    expect(
      run('readme-section', { headings: ['usage'] }, subject({ 'README.rst': 'Usage\n=====\n' })).status,
    ).toBe('not-evaluated');
  });
});

describe('contributing-covers', () => {
  const topics = { build: ['build'], test: ['test'], submit: ['pull request'], 'response time': ['respond'] };
  it('covers pass, fail and not-applicable', () => {
    const full = 'How to build. Run the test suite. Open a pull request. We respond within 2 days.';
    expect(run('contributing-covers', { topics }, subject({ 'CONTRIBUTING.md': full })).status).toBe('pass');
    const r = run('contributing-covers', { topics }, subject({ 'CONTRIBUTING.md': 'How to build.' }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/test, submit, response time/);
    expect(run('contributing-covers', { topics }, subject({ 'a.txt': 'x' })).status).toBe('not-applicable');
  });
});

describe('ownership', () => {
  it('passes a catch-all CODEOWNERS, fails one without, passes a maintainers section', () => {
    expect(run('ownership', {}, subject({ '.github/CODEOWNERS': '* @acme/payments\n' })).status).toBe('pass');
    const r = run('ownership', {}, subject({ CODEOWNERS: '/docs/ @acme/docs\n' }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/catch-all/);
    expect(run('ownership', {}, subject({ 'README.md': '# X\n\n## Maintainers\n\nAda\n' })).status).toBe(
      'pass',
    );
    expect(run('ownership', {}, subject({ 'a.txt': 'x' })).status).toBe('fail');
  });
});

describe('communication-channel', () => {
  it('passes with COMMUNICATION.md or a chat link, fails otherwise', () => {
    expect(run('communication-channel', {}, subject({ 'COMMUNICATION.md': 'x' })).status).toBe('pass');
    expect(run('communication-channel', {}, subject({ 'README.md': GOOD_README })).status).toBe('pass');
    expect(
      run('communication-channel', {}, subject({ 'README.md': '# X\n\n[home](https://example.com)\n' }))
        .status,
    ).toBe('fail');
  });

  it('counts no badge as a channel, but the chat a badge links to (the detector the portal uses)', () => {
    const badges = [
      '# X',
      '[![GitHub issues](https://img.shields.io/github/issues/acme/x)](https://img.shields.io/github/issues/acme/x)',
      '[![Coverage][coveralls-image]][coveralls-url]',
      '',
      '[coveralls-image]: https://badgen.net/coveralls/c/github/acme/x/master',
      '[coveralls-url]: https://coveralls.io/r/acme/x?branch=master',
    ].join('\n');
    expect(run('communication-channel', {}, subject({ 'README.md': badges })).status).toBe('fail');
    const chat = `${badges}\n[![Discord](https://img.shields.io/discord/1)](https://discord.gg/HxEguTK6av)\n`;
    expect(run('communication-channel', {}, subject({ 'README.md': chat })).message).toMatch(/discord\.gg/);
    // Own patterns still never match a badge.
    expect(
      run('communication-channel', { patterns: ['shields|coveralls'] }, subject({ 'README.md': badges }))
        .status,
    ).toBe('fail');
  });
});

describe('licence', () => {
  const MIT =
    'MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:\n\nThe above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.\n\nTHE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.\n';
  it('detects SPDX, fails without a licence, and fails an unknown text when SPDX is required', () => {
    expect(run('licence', { requireSpdx: true }, subject({ LICENSE: MIT })).message).toMatch(/MIT/);
    expect(run('licence', {}, subject({ 'a.txt': 'x' })).status).toBe('fail');
    expect(run('licence', {}, subject({ LICENSE: 'Internal use only.' })).status).toBe('pass');
    expect(run('licence', { requireSpdx: true }, subject({ LICENSE: 'Internal use only.' })).status).toBe(
      'fail',
    );
  });
});

describe('ci', () => {
  it('passes CI running tests, fails none or no test step, is not evaluated when unreadable', () => {
    const wf = 'on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';
    expect(run('ci', {}, subject({ '.github/workflows/ci.yml': wf })).status).toBe('pass');
    expect(run('ci', {}, subject({ 'a.txt': 'x' })).status).toBe('fail');
    expect(
      run(
        'ci',
        {},
        subject({ '.github/workflows/ci.yml': 'on: push\njobs:\n  t:\n    steps:\n      - run: echo hi\n' }),
      ).status,
    ).toBe('fail');
    const s = subject({ '.github/workflows/ci.yml': wf });
    s.facts.ci = [{ system: 'github-actions', path: '.github/workflows/ci.yml', runsTests: null }];
    expect(run('ci', {}, s).status).toBe('not-evaluated');
  });
});

describe('tests-present, innersource-json-valid, description, activity, hygiene', () => {
  it('tests-present', () => {
    expect(run('tests-present', {}, subject({ 'src/a.test.ts': 'x' })).status).toBe('pass');
    expect(run('tests-present', {}, subject({ 'src/a.ts': 'x' })).status).toBe('fail');
  });
  it('innersource-json-valid', () => {
    expect(run('innersource-json-valid', {}, subject({ 'innersource.json': '{"title":"X"}' })).status).toBe(
      'pass',
    );
    expect(run('innersource-json-valid', {}, subject({ 'innersource.json': '{"title":' })).status).toBe(
      'fail',
    );
    expect(run('innersource-json-valid', {}, subject({ 'a.txt': 'x' })).status).toBe('not-applicable');
  });
  it('description-present', () => {
    expect(
      run(
        'description-present',
        {},
        subject(
          { 'a.txt': 'x' },
          { repo: { id: 'r', name: 'r', description: 'Moves money between accounts' } },
        ),
      ).status,
    ).toBe('pass');
    expect(run('description-present', {}, subject({ 'a.txt': 'x' })).status).toBe('fail');
  });
  it('recent-activity', () => {
    expect(
      run(
        'recent-activity',
        {},
        subject({ 'a.txt': 'x' }, { repo: { id: 'r', name: 'r', lastCommitAt: NOW - 86400 } }),
      ).status,
    ).toBe('pass');
    expect(
      run(
        'recent-activity',
        {},
        subject({ 'a.txt': 'x' }, { repo: { id: 'r', name: 'r', lastCommitAt: NOW - 900 * 86400 } }),
      ).status,
    ).toBe('fail');
    expect(run('recent-activity', {}, subject({ 'a.txt': 'x' })).status).toBe('not-evaluated');
  });
  it('no-large-files, no-credential-files, dependency-updates', () => {
    const s = subject({ 'a.txt': 'x' });
    expect(run('no-large-files', {}, s).status).toBe('pass');
    s.facts.largeFiles = [{ path: 'big.bin', size: 9e6 }];
    expect(run('no-large-files', {}, s).status).toBe('fail');
    expect(run('no-credential-files', {}, subject({ '.env': 'A=1' })).status).toBe('fail');
    expect(run('no-credential-files', {}, subject({ '.env.example': 'A=' })).status).toBe('pass');
    expect(run('dependency-updates', {}, subject({ 'renovate.json': '{}' })).status).toBe('pass');
    expect(run('dependency-updates', {}, subject({ 'a.txt': 'x' })).status).toBe('fail');
  });
});

describe('built-in rulesets', () => {
  it('load, and every level names existing rules', () => {
    for (const name of ['innersource-base', 'recommended']) {
      const rs = loadRuleset(name);
      expect(rs.rules.length).toBeGreaterThan(10);
      const ids = new Set(rs.rules.map((r) => r.id));
      for (const l of rs.levels) for (const r of l.rules) expect(ids.has(r)).toBe(true);
    }
    expect(loadRuleset('recommended').levels.map((l) => l.id)).toEqual([
      'bronze',
      'silver',
      'gold',
      'platinum',
    ]);
  });
});
