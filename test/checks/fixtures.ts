// Hand-labelled fixture repositories for the standards tests: a complete one, a bare one, a partial one.

export const MIT = `MIT License

Copyright (c) 2024 Acme

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction, including without limitation
the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and
to permit persons to whom the Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial portions of
the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO
THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
`;

/** Every base-documentation rule passes. */
export const COMPLETE: Record<string, string> = {
  'README.md': `# Ledger

Ledger keeps the double-entry accounts of every product team. It offers a small HTTP API and a CLI, keeps an
audit trail of every posting, and is owned by the finance platform team, who welcome guest contributions.

## Getting started

Run \`npm ci\` and \`npm test\`.

## Contributing

Read [CONTRIBUTING.md](CONTRIBUTING.md).

## Getting involved

Ask in [#ledger](https://acme.slack.com/archives/C123) or open an issue.

## Who we are

The finance platform team; trusted committers are listed in CODEOWNERS.
`,
  'CONTRIBUTING.md': `# Contributing

## Build
npm ci

## Test
npm test

## Submit
Open a pull request against main.

## Response time
We respond within two business days.
`,
  'COMMUNICATION.md': '# Communication\n\nChat: https://acme.slack.com/archives/C123\n',
  '.github/CODEOWNERS': '* @acme/finance-platform\n',
  'innersource.json': '{ "title": "Ledger", "motivation": "Double-entry accounts for every team." }\n',
  '.github/workflows/ci.yml':
    'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm test\n',
  LICENSE: MIT,
  'package.json': '{ "name": "@acme/ledger", "version": "1.0.0", "scripts": { "test": "vitest" } }\n',
  'src/index.ts': 'export const post = (a: number) => a;\n',
  'src/index.test.ts': 'import { post } from "./index";\n',
};

/** Nothing but code and a manifest with a test script. */
export const BARE: Record<string, string> = {
  'package.json': '{ "name": "bare", "version": "0.1.0", "scripts": { "test": "vitest" } }\n',
  'src/index.ts': 'export const x = 1;\n',
};

/** A README that is only a title, a CODEOWNERS without catch-all, a broken innersource.json, CI without tests. */
export const PARTIAL: Record<string, string> = {
  'README.md': '# Partial\n',
  CODEOWNERS: '/docs/ @acme/docs\n',
  'innersource.json': '{ "title": ',
  '.github/workflows/ci.yml':
    'on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo lint\n',
  'go.mod': 'module example.com/partial\n\ngo 1.22\n',
  'main.go': 'package main\n',
};

type Status = 'pass' | 'fail' | 'not-applicable' | 'not-evaluated';

/** Expected outcome of every innersource-base rule on each fixture, labelled by hand. */
export const EXPECTED: Record<string, Record<'complete' | 'bare' | 'partial', Status>> = {
  readme: { complete: 'pass', bare: 'fail', partial: 'pass' },
  'readme-substantive': { complete: 'pass', bare: 'fail', partial: 'fail' },
  'readme-getting-started': { complete: 'pass', bare: 'fail', partial: 'fail' },
  'readme-contributing': { complete: 'pass', bare: 'fail', partial: 'fail' },
  'readme-getting-involved': { complete: 'pass', bare: 'fail', partial: 'fail' },
  'readme-who-we-are': { complete: 'pass', bare: 'fail', partial: 'fail' },
  contributing: { complete: 'pass', bare: 'fail', partial: 'fail' },
  'contributing-covers': { complete: 'pass', bare: 'not-applicable', partial: 'not-applicable' },
  // No forge: the promise cannot be compared with practice (test/api/gigs-promise.test.ts has a forge).
  'response-promise': { complete: 'not-evaluated', bare: 'not-evaluated', partial: 'not-evaluated' },
  ownership: { complete: 'pass', bare: 'fail', partial: 'fail' },
  communication: { complete: 'pass', bare: 'fail', partial: 'fail' },
  licence: { complete: 'pass', bare: 'fail', partial: 'fail' },
  'ci-tests': { complete: 'pass', bare: 'fail', partial: 'fail' },
  'tests-present': { complete: 'pass', bare: 'fail', partial: 'fail' },
  'innersource-json': { complete: 'pass', bare: 'not-applicable', partial: 'fail' },
};
