// What `agora fix` knows about a repository to fill templates: name, description, owners, languages and the
// build / test commands implied by its manifests.

import { describeProject } from '../../analyse/description.ts';
import type { RepoFacts } from '../../analyse/facts.ts';
import type { CheckSubject } from '../subject.ts';

export interface FixContext {
  title: string;
  description: string;
  owners: string[];
  languages: string[];
  /** The test command found in the manifest (e.g. `npm test`), or null when none was found. */
  testCommand: string | null;
  buildSteps: string;
  /** GitHub Actions steps (already indented) that set up the toolchain. */
  setupSteps: string;
}

interface Toolchain {
  test: string;
  build: string;
  setup: string;
}

function step(name: string, uses: string, withs: Record<string, string> = {}): string {
  const w = Object.entries(withs);
  return `      - name: ${name}\n        uses: ${uses}\n${w.length ? `        with:\n${w.map(([k, v]) => `          ${k}: ${v}\n`).join('')}` : ''}`;
}

/** The toolchain of a repo from its root manifests, in a fixed order of preference. */
function toolchainOf(subject: CheckSubject): Toolchain | null {
  const has = (p: string) => subject.files.has(p) || (subject.paths?.includes(p) ?? false);
  const pkg = subject.files.get('package.json')?.text;
  if (pkg) {
    let scripts: Record<string, unknown> = {};
    try {
      scripts = (JSON.parse(pkg) as { scripts?: Record<string, unknown> }).scripts ?? {};
    } catch {
      // A malformed package.json is reported by the analysers; fall through to defaults.
    }
    const test =
      typeof scripts.test === 'string' && !/no test specified/.test(scripts.test) ? 'npm test' : null;
    if (test) {
      return {
        test,
        build: '```sh\nnpm ci\n' + (typeof scripts.build === 'string' ? 'npm run build\n' : '') + '```',
        setup: `${step('Set up Node.js', 'actions/setup-node@v4', { 'node-version': '20' })}      - run: npm ci\n`,
      };
    }
  }
  if (has('go.mod'))
    return {
      test: 'go test ./...',
      build: '```sh\ngo build ./...\n```',
      setup: step('Set up Go', 'actions/setup-go@v5', { 'go-version-file': 'go.mod' }),
    };
  if (has('Cargo.toml')) return { test: 'cargo test', build: '```sh\ncargo build\n```', setup: '' };
  if (has('pom.xml'))
    return {
      test: 'mvn -B verify',
      build: '```sh\nmvn -B package\n```',
      setup: step('Set up Java', 'actions/setup-java@v4', { distribution: 'temurin', 'java-version': '21' }),
    };
  if (has('build.gradle') || has('build.gradle.kts')) {
    return {
      test: './gradlew test',
      build: '```sh\n./gradlew build\n```',
      setup: step('Set up Java', 'actions/setup-java@v4', { distribution: 'temurin', 'java-version': '21' }),
    };
  }
  if (has('pyproject.toml') || has('setup.cfg') || has('requirements.txt')) {
    return {
      test: 'pytest',
      build: '```sh\npython -m pip install -e .\n```',
      setup: `${step('Set up Python', 'actions/setup-python@v5', { 'python-version': "'3.12'" })}      - run: python -m pip install -e . pytest\n`,
    };
  }
  if (has('Makefile')) return { test: 'make test', build: '```sh\nmake\n```', setup: '' };
  return null;
}

function ownersOf(facts: RepoFacts, fallback: readonly string[]): string[] {
  const declared = facts.owners
    .filter((o) => o.kind === 'team' || o.kind === 'user' || o.kind === 'email')
    .map((o) => o.owner);
  const list = declared.length ? declared : [...fallback];
  return [...new Set(list)];
}

/** Gathers the template context; `authors` are the most active recent committers (a fallback for owners). */
export function fixContext(subject: CheckSubject, authors: readonly string[] = []): FixContext {
  const tc = toolchainOf(subject);
  const title = subject.facts.innersource?.title ?? subject.facts.catalog?.name ?? subject.repo.name;
  // The description the portal shows (innersource.json, catalog-info, forge, manifest, the README's first real
  // paragraph), so a scaffolded innersource.json starts from the project's own words.
  const description =
    describeProject(subject.repo.description ?? null, subject.facts) ??
    `${title} — describe in one or two sentences what this project does and who it is for.`;
  return {
    title,
    description,
    owners: ownersOf(subject.facts, authors),
    languages: subject.facts.languages.slice(0, 5).map((l) => l.language),
    testCommand: tc?.test ?? null,
    buildSteps: tc?.build ?? 'Describe how to install the dependencies and build the project.',
    setupSteps: tc?.setup ?? '',
  };
}
