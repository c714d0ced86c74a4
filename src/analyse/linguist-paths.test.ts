import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseLanguages } from './languages.ts';
import { isLinguistDocumentation, isLinguistVendored } from './linguist-paths.ts';

const code = (bytes: number) => 'x'.repeat(bytes);

describe("Linguist's documentation and vendor paths", () => {
  it('leave examples, demos, samples, Documentation and vendored bundles out of the languages', () => {
    // Shaped like git.git and express: a little real code, much more in examples, docs and bundles.
    const snap = snapshotFromFiles({
      'src/main.c': code(1000),
      'lib/router.js': code(800),
      'examples/auth/index.js': code(50_000),
      'examples/demo.py': code(50_000),
      'Documentation/technical/api.perl': code(40_000),
      'contrib/Documentation/build.sh': code(40_000),
      'docs/conf.py': code(40_000),
      'demo/main.go': code(40_000),
      'samples/s.rb': code(40_000),
      'man/git.1': code(40_000),
      '.github/scripts/release.js': code(90_000),
      'public/js/jquery-3.6.0.js': code(90_000),
      'static/bootstrap.bundle.js': code(90_000),
      'Godeps/_workspace/src/x.go': code(90_000),
      'pkg/testdata/big.go': code(90_000),
      'Packages/Newtonsoft.Json.13.0.1/lib/x.cs': code(90_000),
      'CITATION.cff': code(90_000),
    });
    const r = analyseLanguages(snap);
    expect(r.languages.map((l) => l.language)).toEqual(['C', 'JavaScript']);
    expect(r.primaryLanguage).toBe('C');
  });

  it('a .gitattributes override puts a documentation path back', () => {
    const snap = snapshotFromFiles({
      '.gitattributes': 'examples/** -linguist-documentation\n',
      'src/main.c': code(1000),
      'examples/demo.py': code(5000),
    });
    expect(analyseLanguages(snap).primaryLanguage).toBe('Python');
  });

  it.each([
    ['docs/index.md', true],
    ['Docs/x.py', true],
    ['src/Documentation/x.txt', true],
    ['examples/x.js', true],
    ['src/examples/x.js', false],
    ['Demos/x.js', true],
    ['sample/x.js', true],
    ['man/x.1', true],
    ['src/man/x.c', false],
    ['README.md', true],
    ['pkg/readme.txt', true],
    ['CHANGELOG', true],
    ['src/changes.c', false],
    ['src/main.c', false],
  ])('documentation: %s is %s', (path, expected) => {
    expect(isLinguistDocumentation(path)).toBe(expected);
  });

  it.each([
    ['.github/workflows/ci.js', true],
    ['a/node_modules/x.js', true],
    ['lib/jquery.min.js', true],
    ['types/index.d.ts', true],
    ['third_party/x.c', true],
    ['src/vendor/x.go', true],
    ['gradlew', true],
    ['Jenkinsfile', true],
    ['src/main.c', false],
    ['src/reactor.js', false],
    ['lib/vendored.c', false],
  ])('vendored: %s is %s', (path, expected) => {
    expect(isLinguistVendored(path)).toBe(expected);
  });

  it('stays linear on long hostile names', () => {
    const names = [
      'mootools' + '1'.repeat(50_000),
      'a/'.repeat(25_000) + 'x.js',
      `${'x'.repeat(50_000)}import.cs`,
    ];
    for (const name of names) {
      expect(isLinguistVendored(name)).toBe(false);
      expect(isLinguistDocumentation(name)).toBe(false);
    }
  });
});
