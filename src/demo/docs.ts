// Documentation and metadata files for a synthetic repository, from an exemplary set
// (README, CONTRIBUTING, CODEOWNERS, COMMUNICATION, LICENSE, CI, innersource.json,
// catalog-info.yaml) down to a one-line README or nothing.

import type { Language, RepoPlan, Team } from './model.ts';
import { PROSE } from './names.ts';
import type { Rng } from './prng.ts';

export interface DocsInput {
  repo: RepoPlan;
  team: Team;
  org: string;
  /** The command CI runs: the language's test command. */
  rich: boolean;
}

const TEST_COMMAND: Record<Language, string> = {
  typescript: 'npm test',
  java: 'mvn -B verify',
  go: 'go test ./...',
  python: 'pytest',
  rust: 'cargo test',
  csharp: 'dotnet test',
  ruby: 'bundle exec rspec',
  php: 'vendor/bin/phpunit',
};

const LINT_COMMAND: Record<Language, string> = {
  typescript: 'npx eslint .',
  java: 'mvn -B checkstyle:check',
  go: 'go vet ./...',
  python: 'ruff check .',
  rust: 'cargo clippy',
  csharp: 'dotnet format --verify-no-changes',
  ruby: 'bundle exec rubocop',
  php: 'vendor/bin/phpcs',
};

/** The test command of a repo, as a CI job or a README would run it. */
export function testCommandOf(repo: RepoPlan): string {
  return repo.manifest === 'gradle' ? './gradlew test' : TEST_COMMAND[repo.language];
}

/** One sentence on what a repo is for. */
export function describe(repo: RepoPlan, team: Team): string {
  const what = repo.publishes ? 'library' : 'service';
  return `${title(repo.name)} is the ${team.name} team's ${repo.language} ${what} for ${repo.name.split('-').slice(-1)[0]} work.`;
}

/** The documentation files of a repo at its first commit, path → lines. */
export function docFiles(rng: Rng, input: DocsInput): Record<string, string[]> {
  const { repo, team, org } = input;
  const files: Record<string, string[]> = {};
  const q = repo.quality;
  if (q === 'minimal') files['README.md'] = [`# ${repo.name}`];
  if (q === 'partial')
    files['README.md'] = [`# ${title(repo.name)}`, '', describe(repo, team), '', rng.pick(PROSE)];
  if (q === 'good' || q === 'exemplary') files['README.md'] = readme(rng, input);
  if (q === 'exemplary' || (q === 'good' && rng.chance(0.6))) files['CONTRIBUTING.md'] = contributing(repo);
  if (q === 'exemplary' || (q === 'good' && rng.chance(0.5)))
    files['.github/CODEOWNERS'] = [
      '# Owners review every change.',
      `* ${team.handle}`,
      ...(rng.chance(0.3) ? [`/docs/ ${team.handle} @${org}/devex`] : []),
    ];
  if (q === 'exemplary') files['COMMUNICATION.md'] = communication(team);
  if (q === 'exemplary' || q === 'good' || (q === 'partial' && rng.chance(0.5))) files.LICENSE = mitLicense();
  if (q === 'exemplary') {
    files['innersource.json'] =
      repo.broken === 'innersource' ? ['{ "title": "unfinished', '  "motivation": '] : innersourceJson(input);
    files['catalog-info.yaml'] =
      repo.broken === 'catalog' ? ['metadata: [name', '  : :'] : catalogInfo(input);
  } else if (q === 'good' && (rng.chance(0.3) || repo.broken)) {
    files['catalog-info.yaml'] =
      repo.broken === 'catalog' ? ['metadata: [name', '  : :'] : catalogInfo(input);
    if (repo.broken === 'innersource')
      files['innersource.json'] = ['{ "title": "unfinished', '  "motivation": '];
  }
  if (q === 'exemplary' && rng.chance(0.5)) files['.github/pull_request_template.md'] = prTemplate();
  if (q === 'exemplary' && rng.chance(0.4))
    files['SECURITY.md'] = [
      '# Security',
      '',
      `Report vulnerabilities to security@example.com, not in an issue.`,
    ];
  if (input.rich && (q === 'exemplary' || q === 'good'))
    files['docs/architecture.svg'] = architectureSvg(repo.name);
  return files;
}

/** The CI configuration, path → lines, or nothing when the repo has no CI. */
export function ciFiles(repo: RepoPlan): Record<string, string[]> {
  if (!repo.ci) return {};
  const command = repo.ci === 'tests' ? testCommandOf(repo) : LINT_COMMAND[repo.language];
  if (repo.ciSystem === 'gitlab-ci') return { '.gitlab-ci.yml': ['check:', '  script:', `    - ${command}`] };
  if (repo.ciSystem === 'jenkins')
    return {
      Jenkinsfile: [
        'pipeline {',
        '  agent any',
        '  stages {',
        `    stage('check') { steps { sh '${command}' } }`,
        '  }',
        '}',
      ],
    };
  return {
    '.github/workflows/ci.yml': [
      'name: CI',
      'on:',
      '  push:',
      '    branches: [main]',
      '  pull_request:',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      `      - run: ${command}`,
    ],
  };
}

function readme(rng: Rng, input: DocsInput): string[] {
  const { repo, team } = input;
  const lines = [`# ${title(repo.name)}`, '', describe(repo, team), '', rng.pick(PROSE), ''];
  if (input.rich) {
    lines.push(
      '## Purpose',
      '',
      `${title(repo.name)} exists so other teams do not have to build this again.`,
    );
    lines.push(rng.pick(PROSE), '', '![Architecture](docs/architecture.svg)', '');
  }
  lines.push('## Getting started', '', '```sh', `git clone https://git.example.com/acme/${repo.name}.git`);
  lines.push(`cd ${repo.name}`, testCommandOf(repo), '```', '');
  if (input.rich) {
    lines.push('## Configuration', '', '| Setting | Default | Meaning |', '| --- | --- | --- |');
    lines.push(
      '| `LOG_LEVEL` | `info` | How much to log |',
      '| `TIMEOUT_MS` | `5000` | Upstream time-out |',
      '',
    );
  }
  lines.push(
    '## Contributing',
    '',
    'Contributions from every team are welcome: open an issue or a pull request.',
    '',
  );
  if (repo.quality === 'exemplary') {
    lines.push('Read [CONTRIBUTING.md](CONTRIBUTING.md) before opening a pull request.', '');
    lines.push(
      '## Getting involved',
      '',
      `Talk to us in #team-${team.key}; see [COMMUNICATION.md](COMMUNICATION.md).`,
    );
  }
  return lines;
}

function contributing(repo: RepoPlan): string[] {
  return [
    `# Contributing to ${repo.name}`,
    '',
    'Thank you for helping! Guest contributions are how this project grows.',
    '',
    '1. Open an issue describing the change, or pick one labelled `good first issue`.',
    '2. Fork or branch, make the change with tests, and run them locally:',
    '',
    '```sh',
    testCommandOf(repo),
    '```',
    '',
    '3. Open a pull request; a trusted committer reviews it within two working days.',
  ];
}

function communication(team: Team): string[] {
  return [
    '# Communication',
    '',
    `- Chat: #team-${team.key}`,
    `- Mailing list: ${team.key}@example.com`,
    '- Office hours: Thursdays 14:00-15:00 UTC',
    '- Issues: use the issue tracker for bugs and feature requests',
  ];
}

function innersourceJson(input: DocsInput): string[] {
  const { repo, team } = input;
  return JSON.stringify(
    {
      title: title(repo.name),
      motivation: describe(repo, team),
      contributions: ['Code', 'Documentation', 'Issues'],
      skills: [repo.language, ...(repo.manifest ? [repo.manifest] : [])],
      logo: input.rich ? 'docs/architecture.svg' : undefined,
      docs: `https://git.example.com/acme/${repo.name}/tree/main/docs`,
      language: repo.language,
    },
    null,
    2,
  ).split('\n');
}

function catalogInfo(input: DocsInput): string[] {
  const { repo, team } = input;
  return [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${repo.name}`,
    `  description: ${describe(repo, team)}`,
    '  tags:',
    `    - ${repo.language}`,
    'spec:',
    `  type: ${repo.publishes ? 'library' : 'service'}`,
    '  lifecycle: production',
    `  owner: group:${team.key}`,
    `  system: ${team.key}`,
  ];
}

function prTemplate(): string[] {
  return ['## What', '', '## Why', '', '## How it was tested', '', '- [ ] Tests added or updated'];
}

function mitLicense(): string[] {
  return [
    'MIT License',
    '',
    'Copyright (c) Acme Corporation',
    '',
    'Permission is hereby granted, free of charge, to any person obtaining a copy',
    'of this software and associated documentation files (the "Software"), to deal',
    'in the Software without restriction, including without limitation the rights',
    'to use, copy, modify, merge, publish, distribute, sublicense, and/or sell',
    'copies of the Software, and to permit persons to whom the Software is',
    'furnished to do so, subject to the following conditions:',
    '',
    'The above copyright notice and this permission notice shall be included in all',
    'copies or substantial portions of the Software.',
    '',
    'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR',
    'IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,',
    'FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE',
    'AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER',
    'LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,',
    'OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE',
    'SOFTWARE.',
  ];
}

function architectureSvg(name: string): string[] {
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">',
    '  <rect x="10" y="30" width="110" height="60" rx="8" fill="#e8f0fe" stroke="#1a73e8"/>',
    '  <text x="65" y="65" text-anchor="middle" font-family="sans-serif" font-size="12">clients</text>',
    '  <line x1="120" y1="60" x2="200" y2="60" stroke="#555" stroke-width="2"/>',
    '  <rect x="200" y="30" width="110" height="60" rx="8" fill="#e6f4ea" stroke="#188038"/>',
    `  <text x="255" y="65" text-anchor="middle" font-family="sans-serif" font-size="12">${name}</text>`,
    '</svg>',
  ];
}

function title(name: string): string {
  return name
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(' ');
}
