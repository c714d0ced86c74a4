import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseTests, isTestFileName } from './tests.ts';

describe('isTestFileName', () => {
  it.each([
    'app.test.ts',
    'App.spec.tsx',
    'util.test.mjs',
    'handler_test.go',
    'test_models.py',
    'models_test.py',
    'UserServiceTest.java',
    'UserServiceTests.cs',
    'RepoIT.java',
    'user_spec.rb',
    'user_test.rb',
    'ParserSpec.scala',
    'widget_test.dart',
  ])('%s is a test file', (name) => {
    expect(isTestFileName(name)).toBe(true);
  });

  it.each(['index.ts', 'testing.go', 'contest.py', 'Tester.java', 'latest.js', 'test.txt'])(
    '%s is not',
    (name) => {
      expect(isTestFileName(name)).toBe(false);
    },
  );
});

describe('analyseTests', () => {
  it('counts test files and lists outermost test folders', () => {
    const snap = snapshotFromFiles({
      'src/app.ts': '',
      'src/app.test.ts': '',
      'test/unit/parser.ts': '',
      'test/unit/test/deep.ts': '',
      'test/fixtures/repo.json': '',
      'test/fixtures/sample.ts': '',
      'tests/integration.rs': '',
      'src/test/java/com/acme/AppTest.java': '',
      'pkg/server_test.go': '',
      '__tests__/x.js': '',
      'spec/models/user_spec.rb': '',
      'node_modules/lib/test/index.test.js': '',
      'vendor/x/y_test.go': '',
    });
    const r = analyseTests(snap);
    expect(r.testDirs).toEqual(['__tests__', 'spec', 'src/test', 'test', 'tests']);
    // app.test.ts, parser.ts, deep.ts, integration.rs, AppTest.java, server_test.go, x.js, user_spec.rb
    expect(r.testFiles).toBe(8);
  });

  it('reports nothing for a repository without tests', () => {
    expect(analyseTests(snapshotFromFiles({ 'README.md': '', 'src/main.go': '' }))).toEqual({
      testFiles: 0,
      testDirs: [],
      runners: [],
    });
  });
});
