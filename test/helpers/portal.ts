// A real portal for browser and HTTP tests: builds a fixture organisation of git repos, crawls it with the
// real crawl into a temporary SQLite store, and serves it with the real app on an ephemeral loopback port.
//
//   const portal = await startPortal();          // the default fixture org (FIXTURE_ORG)
//   await page.goto(portal.url + '/');           // …
//   await portal.close();
//
// The web UI is built into web/dist first when the build is missing or older than web/src.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LoadedConfig } from '../../src/config/schema.ts';
import type { Store } from '../../src/store/db.ts';
import { type Author, type CommitSpec, makeRepo, tmpDir } from './gitdir.ts';

const ROOT = join(import.meta.dirname, '..', '..');
export const WEB_DIST = join(ROOT, 'web', 'dist');
const DAY = 86_400_000;

export interface FixtureRepo {
  /** Folder name in the organisation; the repo id becomes `local:<name>`. */
  name: string;
  commits: CommitSpec[];
}

export interface FixtureOrg {
  repos: FixtureRepo[];
  /** The `teams:` section of agora.yaml, as YAML text (indented under `teams:`). */
  teamsYaml: string;
}

export interface Portal {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  app: FastifyInstance;
  store: Store;
  loaded: LoadedConfig;
  /** The folder holding agora.yaml, the organisation (`org/`) and the data directory. */
  dir: string;
  /** The clock the portal was started with. */
  now: Date;
  close(): Promise<void>;
}

/** Crawls `org` (default FIXTURE_ORG) and serves it. */
export async function startPortal(
  opts: { org?: (now: Date) => FixtureOrg; now?: Date } = {},
): Promise<Portal> {
  ensureWebBuilt();
  const now = opts.now ?? new Date();
  const org = (opts.org ?? fixtureOrg)(now);
  const dir = await tmpDir('agora-portal-');
  for (const repo of org.repos) await makeRepo({ dir: join(dir, 'org', repo.name), commits: repo.commits });
  const configFile = join(dir, 'agora.yaml');
  await writeFile(
    configFile,
    [
      'dataDir: data',
      'sources:',
      '  - type: local',
      '    name: local',
      '    path: org',
      '    maxDepth: 1',
      'teams:',
      org.teamsYaml,
      '',
    ].join('\n'),
  );

  const { loadConfig } = await import('../../src/config/load.ts');
  const { openStore } = await import('../../src/store/db.ts');
  const { runCrawl } = await import('../../src/crawl/crawl.ts');
  const { buildApp } = await import('../../src/server/app.ts');
  const loaded = await loadConfig({ file: configFile, cwd: dir });
  const store = await openStore({
    url: `sqlite:${join(dir, 'data', 'agora.db')}`,
    dataDir: join(dir, 'data'),
  });
  let app: FastifyInstance | undefined;
  try {
    const summary = await runCrawl({ loaded, store });
    if (summary.repos.failed > 0) {
      throw new Error(`fixture crawl failed: ${JSON.stringify(summary.failed)}`);
    }
    app = await buildApp({ store, loaded, webDist: WEB_DIST, now: () => now });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    return {
      url: address.replace(/\/$/, ''),
      app,
      store,
      loaded,
      dir,
      now,
      async close() {
        await app?.close();
        await store.close();
      },
    };
  } catch (err) {
    await app?.close().catch(() => {});
    await store.close().catch(() => {});
    throw err;
  }
}

/** Builds web/dist with Vite when it is missing or older than any file under web/ (outside dist). */
export function ensureWebBuilt(): void {
  const index = join(WEB_DIST, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (built > 0 && newestMtime(join(ROOT, 'web'), WEB_DIST) <= built) return;
  const vite = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const res = spawnSync(
    process.execPath,
    [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  );
  if (res.status !== 0) throw new Error(`web build failed:\n${res.stdout}\n${res.stderr}`);
}

function newestMtime(dir: string, skip: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === skip || entry.name === 'node_modules') continue;
    const m = entry.isDirectory() ? newestMtime(path, skip) : statSync(path).mtimeMs;
    if (m > newest) newest = m;
  }
  return newest;
}

// ---------------------------------------------------------------------------------------------------------
// The default fixture organisation: four teams, six repositories with docs of every quality, cross-team
// commits and npm/go re-use, all dated relative to `now` so the activity windows have data.

const PEOPLE = {
  pia: { name: 'Pia Payments', email: 'pia@payments.example.com' },
  paul: { name: 'Paul Ledger', email: 'paul@payments.example.com' },
  wes: { name: 'Wes Web', email: 'wes@web.example.com' },
  wanda: { name: 'Wanda Widgets', email: 'wanda@web.example.com' },
  sam: { name: 'Sam Search', email: 'sam@search.example.com' },
  dana: { name: 'Dana Data', email: 'dana@data.example.com' },
} satisfies Record<string, Author>;

export const FIXTURE_TEAMS_YAML = `  payments:
    name: Payments
    members: ['*@payments.example.com']
    handles: ['@acme/payments']
  web:
    name: Web Platform
    members: ['*@web.example.com']
    repos: ['ui-kit', 'storefront']
  search:
    name: Search
    members: ['*@search.example.com']
    repos: ['search-service']
  data:
    name: Data
    members: ['*@data.example.com']
    repos: ['data-pipeline', 'notes']`;

/** Commits spread over the last year: `n` commits by `authors` in turn, the newest `newestDaysAgo` days ago. */
export function history(
  now: Date,
  opts: {
    n: number;
    authors: Author[];
    newestDaysAgo?: number;
    spanDays?: number;
    first: Record<string, string>;
  },
): CommitSpec[] {
  const newest = opts.newestDaysAgo ?? 2;
  const span = opts.spanDays ?? 330;
  const commits: CommitSpec[] = [];
  for (let i = 0; i < opts.n; i++) {
    const daysAgo = newest + Math.round(((opts.n - 1 - i) * span) / Math.max(1, opts.n - 1));
    commits.push({
      files: i === 0 ? opts.first : { [`src/change-${i}.txt`]: `change ${i}\n` },
      author: opts.authors[i % opts.authors.length],
      date: new Date(now.getTime() - daysAgo * DAY).toISOString(),
      message: i === 0 ? 'Initial commit\n' : `Change ${i}\n`,
    });
  }
  return commits;
}

const MIT =
  'MIT License\n\nCopyright (c) 2024 Acme\n\nPermission is hereby granted, free of charge, to any person obtaining a copy...\n';

const CI_NODE = `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm ci
      - run: npm test
`;

export function fixtureOrg(now: Date): FixtureOrg {
  const repos: FixtureRepo[] = [
    {
      name: 'payments-api',
      commits: history(now, {
        n: 40,
        authors: [PEOPLE.pia, PEOPLE.paul, PEOPLE.pia, PEOPLE.wes, PEOPLE.sam],
        first: {
          'README.md':
            '# Payments API\n\nThe one way to take card payments at Acme: a REST service with idempotent charges.\n\n' +
            '## Getting started\n\nRun `npm install` and `npm start`.\n\n## Contributing\n\nSee [CONTRIBUTING](CONTRIBUTING.md). ' +
            'Talk to us on [#payments](https://chat.example.com/payments).\n\n## Getting involved\n\nPick an issue labelled *help wanted*.\n',
          'CONTRIBUTING.md':
            '# Contributing\n\nFork, branch, test with `npm test`, open a pull request. We answer within two days.\n',
          CODEOWNERS: '* @acme/payments\n',
          LICENSE: MIT,
          'innersource.json': JSON.stringify({
            title: 'Payments API',
            motivation: 'So no team writes its own card handling.',
            contributions: ['Bug fixes', 'New payment providers'],
            skills: ['TypeScript', 'PostgreSQL'],
          }),
          'package.json': JSON.stringify({
            name: '@acme/payments-client',
            version: '2.1.0',
            scripts: { test: 'vitest run' },
            dependencies: { '@acme/ui': '^1.0.0' },
          }),
          '.github/workflows/ci.yml': CI_NODE,
          'src/index.ts': 'export function charge(amount: number): number {\n  return amount;\n}\n',
          'test/charge.test.ts': "import { charge } from '../src/index.ts';\n",
        },
      }),
    },
    {
      name: 'ui-kit',
      commits: history(now, {
        n: 24,
        authors: [PEOPLE.wanda, PEOPLE.wes, PEOPLE.pia],
        first: {
          'README.md':
            '# UI Kit\n\nReact components for every Acme web page: buttons, forms, tables.\n\n## Getting started\n\n' +
            '`npm install @acme/ui`\n\n## Contributing\n\nPull requests welcome; see CONTRIBUTING.md.\n',
          'CONTRIBUTING.md': '# Contributing\n\nRun `npm test` before you push.\n',
          LICENSE: MIT,
          'package.json': JSON.stringify({ name: '@acme/ui', version: '1.4.0', scripts: { test: 'vitest' } }),
          'src/button.tsx': 'export function Button() {\n  return null;\n}\n',
        },
      }),
    },
    {
      name: 'storefront',
      commits: history(now, {
        n: 16,
        authors: [PEOPLE.wes, PEOPLE.wanda],
        newestDaysAgo: 20,
        first: {
          'README.md': '# Storefront\n\nThe customer-facing shop.\n',
          'package.json': JSON.stringify({
            name: 'storefront',
            private: true,
            dependencies: { '@acme/ui': '^1.4.0', '@acme/payments-client': '^2.0.0' },
          }),
          'src/app.js': 'console.log("shop");\n',
        },
      }),
    },
    {
      name: 'search-service',
      commits: history(now, {
        n: 12,
        authors: [PEOPLE.sam, PEOPLE.dana],
        newestDaysAgo: 45,
        first: {
          'README.md':
            '# Search Service\n\nFull-text search over the product catalogue, built on Elasticsearch.\n\n## Contributing\n\nOpen an issue first.\n',
          'go.mod': 'module github.com/acme/search\n\ngo 1.22\n',
          'main.go': 'package main\n\nfunc main() {}\n',
          LICENSE: MIT,
        },
      }),
    },
    {
      name: 'data-pipeline',
      commits: history(now, {
        n: 8,
        authors: [PEOPLE.dana],
        newestDaysAgo: 200,
        spanDays: 140,
        first: {
          'README.md': '# Data Pipeline\n\nNightly jobs that load orders into the warehouse.\n',
          'pyproject.toml':
            '[project]\nname = "acme-pipeline"\nversion = "0.3.0"\ndependencies = ["requests"]\n',
          'pipeline/main.py': 'def run():\n    return 1\n',
        },
      }),
    },
    {
      name: 'notes',
      commits: history(now, {
        n: 3,
        authors: [PEOPLE.dana],
        newestDaysAgo: 500,
        spanDays: 30,
        first: { 'notes.txt': 'Scratch notes, no README.\n' },
      }),
    },
  ];
  return { repos, teamsYaml: FIXTURE_TEAMS_YAML };
}
