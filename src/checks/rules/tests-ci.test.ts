// The `tests-present` and `ci` rules on what real projects do: a configured runner with no test files
// in the tree, and CI that runs tests through a script.

import { expect, it } from 'vitest';
import { z } from 'zod';
import { analyseSnapshot } from '../../analyse/index.ts';
import { snapshotFromFiles } from '../../snapshot/snapshot.ts';
import type { CheckSubject } from '../subject.ts';
import { RULE_TYPES } from './index.ts';

function run(type: string, files: Record<string, string>) {
  const snap = snapshotFromFiles(files);
  const subject: CheckSubject = {
    repo: { id: 'test:repo', name: 'repo' },
    facts: analyseSnapshot(snap),
    files: snap.files,
    paths: snap.tree.map((e) => e.path),
  };
  const t = RULE_TYPES.get(type)!;
  return t.evaluate(subject, t.options(z).parse({ type }), { now: 0 });
}

it('tests-present counts a root-level test.js and says how tests run; a runner alone is not tests', () => {
  const pkg = JSON.stringify({ name: 'x', scripts: { test: 'mocha' }, devDependencies: { mocha: '10' } });
  expect(run('tests-present', { 'package.json': pkg, 'test.js': '', 'index.js': '' })).toMatchObject({
    status: 'pass',
    message: '1 test file (run with mocha, npm test)',
  });
  expect(run('tests-present', { 'package.json': pkg, 'index.js': '' }).status).toBe('fail');
});

it('ci names the script through which the tests run', () => {
  expect(
    run('ci', {
      '.github/workflows/main.yml': 'jobs:\n  a:\n    steps:\n      - run: ci/run-build-and-tests.sh\n',
      'ci/run-build-and-tests.sh': 'make\n',
    }),
  ).toMatchObject({
    status: 'pass',
    message: '.github/workflows/main.yml runs tests (through ci/run-build-and-tests.sh)',
  });
});
