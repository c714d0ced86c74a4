import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseCi, ciSystemOf, mavenWithoutGoal, runsTests } from './ci.ts';

describe('ciSystemOf', () => {
  it.each([
    ['.github/workflows/ci.yml', 'github-actions'],
    ['.github/workflows/release.yaml', 'github-actions'],
    ['.gitlab-ci.yml', 'gitlab-ci'],
    ['Jenkinsfile', 'jenkins'],
    ['azure-pipelines.yml', 'azure-pipelines'],
    ['.circleci/config.yml', 'circleci'],
    ['.travis.yml', 'travis'],
    ['bitbucket-pipelines.yml', 'bitbucket-pipelines'],
    ['.drone.yml', 'drone'],
    ['.buildkite/pipeline.yml', 'buildkite'],
  ])('%s is %s', (path, system) => {
    expect(ciSystemOf(path)).toBe(system);
  });

  it.each(['.github/workflows/README.md', 'ci.yml', 'src/.gitlab-ci.yml', '.github/dependabot.yml'])(
    '%s is none',
    (path) => {
      expect(ciSystemOf(path)).toBeNull();
    },
  );
});

describe('runsTests', () => {
  it.each([
    'run: npm test',
    'run: npm run test:unit',
    'run: yarn test --coverage',
    'run: pnpm -r test',
    'run: pnpm --filter @acme/ui test',
    '- pytest -q',
    '- python -m pytest tests/',
    '- tox -e py311',
    'script: go test ./...',
    'sh "mvn -B verify"',
    './mvnw package',
    'run: ./gradlew build',
    'run: cargo test --all',
    'dotnet test Acme.sln',
    'make test',
    'bundle exec rspec',
    'vendor/bin/phpunit',
    'npx vitest run',
    'mix test',
  ])('sees a test command in %s', (text) => {
    expect(runsTests(text)).toBe(true);
  });

  it.each([
    'run: npm ci\nrun: npm run build',
    '# run: npm test',
    'run: mvn -B package -DskipTests',
    'run: ./gradlew assemble',
    'run: ./gradlew build -x test',
    'run: docker build .',
    'run: echo "latest"',
    'uses: actions/checkout@v4',
  ])('sees none in %s', (text) => {
    expect(runsTests(text)).toBe(false);
  });

  it('ignores Jenkinsfile line comments', () => {
    expect(runsTests("stage('x') {\n  // sh 'npm test'\n  sh 'npm run build'\n}", 'jenkins')).toBe(false);
  });

  it('stays fast on a huge single line', () => {
    const started = performance.now();
    expect(runsTests(`run: ${'mvn gradle '.repeat(200_000)}`)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('analyseCi', () => {
  it('reports one fact per CI file, null when unreadable', () => {
    const snap = snapshotFromFiles({
      '.github/workflows/ci.yml': 'jobs:\n  test:\n    steps:\n      - run: npm test\n',
      '.github/workflows/release.yml': 'jobs:\n  release:\n    steps:\n      - run: npm publish\n',
      '.gitlab-ci.yml': '',
      Jenkinsfile: '',
    });
    snap.files.set('.gitlab-ci.yml', {
      path: '.gitlab-ci.yml',
      size: 1,
      text: null,
      binary: true,
      truncated: false,
    });
    snap.files.delete('Jenkinsfile');
    expect(analyseCi(snap)).toEqual([
      { system: 'github-actions', path: '.github/workflows/ci.yml', runsTests: true },
      { system: 'github-actions', path: '.github/workflows/release.yml', runsTests: false },
      { system: 'gitlab-ci', path: '.gitlab-ci.yml', runsTests: null },
      { system: 'jenkins', path: 'Jenkinsfile', runsTests: null },
    ]);
  });

  it('cannot say no for a truncated file', () => {
    const snap = snapshotFromFiles({ '.travis.yml': 'language: node_js\n' });
    snap.files.set('.travis.yml', {
      path: '.travis.yml',
      size: 9e6,
      text: 'language: node_js\n',
      binary: false,
      truncated: true,
    });
    expect(analyseCi(snap)[0].runsTests).toBeNull();
  });
});

describe('mavenWithoutGoal', () => {
  it('is true for Maven run with options only, and false once a goal or phase is named', () => {
    expect(
      mavenWithoutGoal('mvn --errors --show-version --batch-mode --no-transfer-progress -Ddoclint=all'),
    ).toBe(true);
    expect(mavenWithoutGoal('./mvnw -B -P ci -pl core')).toBe(true);
    expect(mavenWithoutGoal('cd x && mvn -B && echo done')).toBe(true);
    expect(mavenWithoutGoal('mvn -B verify')).toBe(false);
    expect(mavenWithoutGoal('./mvnw -P ci clean install')).toBe(false);
    expect(mavenWithoutGoal('echo mvnx -B')).toBe(false);
    expect(mavenWithoutGoal('npm test')).toBe(false);
  });
});
