// Tests and CI on real project shapes: package.json files from this project's node_modules (read at test
// time), and real git repositories shaped like debug, git.git and express, read the way the crawl reads them.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitdir, revParse } from '../../test/helpers/gitdir.ts';
import { buildSnapshot } from '../snapshot/build.ts';
import { analyseSnapshot } from './index.ts';
import { runnersOfPackageJson } from './tests.ts';
import { isImageFile, isWantedFile, selectWantedFiles } from './wanted.ts';

const NODE_MODULES = join(import.meta.dirname, '../../node_modules');

function packageJsonOf(pkg: string): string {
  return readFileSync(join(NODE_MODULES, pkg, 'package.json'), 'utf8');
}

async function factsOf(files: Record<string, string>) {
  const repo = await gitdir(files);
  const { snapshot } = await buildSnapshot({
    repoId: 'test:real',
    name: 'real',
    gitDir: `${repo}/.git`,
    head: await revParse(repo, 'HEAD'),
    isWanted: isWantedFile,
    select: selectWantedFiles,
    keepBinary: isImageFile,
    maxFileBytes: 1_048_576,
    timeoutMs: 30_000,
  });
  return analyseSnapshot(snapshot);
}

describe('test runners in real package.json files', () => {
  it.each([
    ['yaml', 'jest'],
    ['picomatch', 'mocha'],
    ['better-sqlite3', 'mocha'],
    ['commander', 'jest'],
    ['smol-toml', 'vitest'],
  ])('%s runs its tests with %s', (pkg, runner) => {
    expect(runnersOfPackageJson(packageJsonOf(pkg))).toEqual(expect.arrayContaining([runner, 'npm test']));
  });

  it('names the runner a test script calls, for nearly every installed package', () => {
    const names = /\b(mocha|jest|vitest|ava|tape|tap|jasmine|karma)\b/;
    let compared = 0;
    const missed: string[] = [];
    for (const name of readdirSync(NODE_MODULES)) {
      const pkgs = name.startsWith('@')
        ? readdirSync(join(NODE_MODULES, name)).map((s) => `${name}/${s}`)
        : [name];
      for (const pkg of pkgs) {
        let text: string;
        let test: unknown;
        try {
          text = packageJsonOf(pkg);
          test = JSON.parse(text).scripts?.test;
        } catch {
          continue;
        }
        const m = typeof test === 'string' ? names.exec(test) : null;
        if (!m) continue;
        compared++;
        if (!runnersOfPackageJson(text).includes(m[1])) missed.push(`${pkg}: ${test}`);
      }
    }
    expect(compared).toBeGreaterThan(20);
    // A script may call a runner the package does not declare (installed globally, or by a parent).
    expect(missed.length, missed.join('\n')).toBeLessThanOrEqual(Math.ceil(compared * 0.1));
  });

  it("npm's placeholder test script is not a way to run tests", () => {
    const text = JSON.stringify({ scripts: { test: 'echo "Error: no test specified" && exit 1' } });
    expect(runnersOfPackageJson(text)).toEqual([]);
  });
});

describe('tests and CI on real project shapes', () => {
  it('debug: root-level test.js and test.node.js, mocha and karma, CI running npm test', async () => {
    const facts = await factsOf({
      'package.json': JSON.stringify({
        name: 'debug',
        scripts: {
          lint: 'xo',
          test: 'npm run test:node && npm run test:browser && npm run lint',
          'test:node': 'mocha test.js test.node.js',
          'test:browser': 'karma start --single-run',
        },
        devDependencies: { karma: '^3.1.4', mocha: '^5.2.0', xo: '^0.23.0' },
      }),
      'src/index.js': 'module.exports = require("./node.js");\n',
      'src/node.js': '// node\n',
      'test.js': 'describe("debug", () => {});\n',
      'test.node.js': 'describe("debug node", () => {});\n',
      '.github/workflows/build.yml':
        'on: push\njobs:\n  build:\n    steps:\n      - run: npm install\n      - run: npm test\n',
    });
    expect(facts.tests.testFiles).toBe(2);
    expect(facts.tests.runners).toEqual(['karma', 'mocha', 'npm test']);
    expect(facts.ci.map((c) => c.runsTests)).toEqual([true]);
  });

  it('git.git: the t/ suite of t*.sh, make test, and CI through ci/run-build-and-tests.sh', async () => {
    const facts = await factsOf({
      Makefile: 'all::\n\ntest: all\n\t$(MAKE) -C t/ all\n\n.PHONY: test\n',
      'git.c': 'int main(void) { return 0; }\n',
      'Documentation/git.txt': 'git(1)\n',
      't/Makefile': 'all: $(T)\n',
      't/test-lib.sh': '. ./test-lib-functions.sh\n',
      't/t0000-basic.sh': '#!/bin/sh\ntest_description="basic"\n. ./test-lib.sh\n',
      't/t0001-init.sh': '#!/bin/sh\n. ./test-lib.sh\n',
      't/helper/test-tool.c': 'int cmd__main(void) { return 0; }\n',
      'ci/lib.sh': 'export MAKEFLAGS=-j2\n',
      'ci/run-build-and-tests.sh': '#!/bin/sh\n. ci/lib.sh\ngroup Build make\ngroup "Run tests" make test\n',
      '.github/workflows/main.yml':
        'on: [push]\njobs:\n  regular:\n    steps:\n      - uses: actions/checkout@v4\n      - run: ci/install-dependencies.sh\n      - run: ci/run-build-and-tests.sh\n',
      '.gitlab-ci.yml': 'test:\n  script:\n    - ./ci/run-build-and-tests.sh\n',
    });
    expect(facts.tests.testFiles).toBe(5);
    expect(facts.tests.testDirs).toEqual(['t']);
    expect(facts.tests.runners).toEqual(['make test', 'shell test suite']);
    expect(facts.ci).toEqual([
      {
        system: 'github-actions',
        path: '.github/workflows/main.yml',
        runsTests: true,
        via: 'ci/run-build-and-tests.sh',
      },
      { system: 'gitlab-ci', path: '.gitlab-ci.yml', runsTests: true, via: 'ci/run-build-and-tests.sh' },
    ]);
  });

  it('cobra: CI runs `make richtest`, whose recipe is `richgo test` (a go test wrapper)', async () => {
    const facts = await factsOf({
      'go.mod': 'module github.com/spf13/cobra\n\ngo 1.15\n',
      'command.go': 'package cobra\n',
      'command_test.go': 'package cobra\n',
      Makefile:
        'SRC=$(shell find . -name "*.go")\n\ntest: install_deps\n\tgo test -v $(GO_TEST_FLAGS) ./...\n\nrichtest: install_deps\n\trichgo test -v $(GO_TEST_FLAGS) ./...\n\ninstall_deps:\n\tgo get -v ./...\n',
      '.github/workflows/test.yml':
        'on: [push]\njobs:\n  test:\n    steps:\n    - uses: actions/checkout@v4\n    - run: RICHGO_FORCE_COLOR=1 PATH=$HOME/go/bin/:$PATH make richtest\n',
    });
    expect(facts.ci).toEqual([
      { system: 'github-actions', path: '.github/workflows/test.yml', runsTests: true, via: 'make richtest' },
    ]);
  });

  it("commons-lang: CI runs `mvn` with options only, so the pom's <defaultGoal> (clean verify …) runs", async () => {
    const pom = (goal: string) =>
      `<project><modelVersion>4.0.0</modelVersion><groupId>org.apache.commons</groupId><artifactId>commons-lang3</artifactId><version>3.18.0</version><build><defaultGoal>${goal}</defaultGoal></build></project>`;
    const workflow =
      'on: [push]\njobs:\n  build:\n    steps:\n    - uses: actions/checkout@v4\n    - name: Build with Maven\n      run: mvn --errors --show-version --batch-mode --no-transfer-progress -Ddoclint=all\n';
    const files = {
      'src/main/java/org/apache/commons/lang3/StringUtils.java': 'package org.apache.commons.lang3;\n',
      'src/test/java/org/apache/commons/lang3/StringUtilsTest.java': 'package org.apache.commons.lang3;\n',
      '.github/workflows/maven.yml': workflow,
    };
    const withTests = await factsOf({
      ...files,
      'pom.xml': pom('clean verify apache-rat:check japicmp:cmp checkstyle:check'),
    });
    expect(withTests.ci).toEqual([
      {
        system: 'github-actions',
        path: '.github/workflows/maven.yml',
        runsTests: true,
        via: 'pom.xml <defaultGoal>',
      },
    ]);
    // A default goal that runs no tests is no test run.
    const without = await factsOf({ ...files, 'pom.xml': pom('clean apache-rat:check') });
    expect(without.ci.map((c) => c.runsTests)).toEqual([false]);
  });

  it('express: test/ folder, mocha in devDependencies, CI running npm test', async () => {
    const facts = await factsOf({
      'package.json': JSON.stringify({
        name: 'express',
        scripts: {
          lint: 'eslint .',
          test: 'mocha --require test/support/env --reporter spec --check-leaks test/ test/acceptance/',
          'test-ci': 'nyc --reporter=lcovonly --reporter=text npm test',
        },
        devDependencies: { mocha: '10.7.3', nyc: '17.1.0', supertest: '6.3.0' },
      }),
      'index.js': "module.exports = require('./lib/express');\n",
      'lib/express.js': '// express\n',
      'test/app.js': "describe('app', () => {});\n",
      'test/res.send.js': "describe('res', () => {});\n",
      'test/support/env.js': "process.env.NODE_ENV = 'test';\n",
      'examples/hello-world/index.js': '// example\n',
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  test:\n    steps:\n      - run: npm install\n      - run: npm run lint\n      - run: npm test\n',
    });
    expect(facts.tests.testFiles).toBe(3);
    expect(facts.tests.testDirs).toEqual(['test']);
    expect(facts.tests.runners).toEqual(['mocha', 'npm test']);
    expect(facts.ci.map((c) => c.runsTests)).toEqual([true]);
    expect(facts.languages.map((l) => l.language)).toEqual(['JavaScript']);
    expect(facts.languages[0].files).toBe(5); // examples/ is documentation, as on GitHub
  });

  it('follows CI into npm scripts, Makefile targets and scripts that do not say "test" in their name', async () => {
    const facts = await factsOf({
      'package.json': JSON.stringify({
        name: 'x',
        scripts: { ci: 'npm run lint && npm run unit', unit: 'borp --coverage' },
      }),
      Makefile:
        'verify: lint test\n\ntest:\n\tgo test ./...\n\nlint:\n\tgolangci-lint run\n\nbuild:\n\tgo build ./...\n',
      'script/cibuild': '#!/bin/sh\nset -e\nscript/bootstrap\nscript/test\n',
      'script/test': '#!/bin/sh\nbundle exec rake\n',
      'ci/build.sh': '#!/bin/sh\nmake build\n',
      '.github/workflows/npm.yml': 'jobs:\n  a:\n    steps:\n      - run: npm run ci\n',
      '.github/workflows/make.yml': 'jobs:\n  a:\n    steps:\n      - run: make verify\n',
      '.github/workflows/script.yml': 'jobs:\n  a:\n    steps:\n      - run: ./script/cibuild\n',
      '.github/workflows/build.yml':
        'jobs:\n  a:\n    steps:\n      - run: ci/build.sh\n      - run: make build\n',
    });
    expect(Object.fromEntries(facts.ci.map((c) => [c.path, [c.runsTests, c.via]]))).toEqual({
      '.github/workflows/npm.yml': [true, 'npm run ci'],
      '.github/workflows/make.yml': [true, 'make verify'],
      '.github/workflows/script.yml': [true, 'script/cibuild'],
      '.github/workflows/build.yml': [false, undefined],
    });
  });
});
