import { describe, expect, it } from 'vitest';
import type { Snapshot, TreeEntry } from '../snapshot/snapshot.ts';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analyseLanguages, languageByName, languageOf } from './languages.ts';

function treeSnapshot(entries: [string, number][], files: Record<string, string> = {}): Snapshot {
  const snap = snapshotFromFiles(files);
  const extra: TreeEntry[] = entries.map(([path, size]) => ({
    path,
    mode: '100644',
    type: 'blob',
    oid: '0'.repeat(40),
    size,
  }));
  snap.tree.push(...extra);
  return snap;
}

describe('languageOf', () => {
  it.each([
    ['src/main.c', 'C'],
    ['include/x.h', 'C'],
    ['src/app.ts', 'TypeScript'],
    ['src/App.tsx', 'TSX'],
    ['lib/x.js', 'JavaScript'],
    ['a.py', 'Python'],
    ['Main.java', 'Java'],
    ['main.go', 'Go'],
    ['lib.rs', 'Rust'],
    ['x.rb', 'Ruby'],
    ['Program.cs', 'C#'],
    ['index.php', 'PHP'],
    ['script.pl', 'Perl'],
    ['View.m', 'Objective-C'],
    ['Makefile', 'Makefile'],
    ['Dockerfile', 'Dockerfile'],
    ['CMakeLists.txt', 'CMake'],
    ['Rakefile', 'Ruby'],
    ['build.gradle.kts', 'Gradle Kotlin DSL'],
    ['Service.kt', 'Kotlin'],
    ['README.md', 'Markdown'],
    ['a.yaml', 'YAML'],
    ['a.sql', 'SQL'],
    ['page.HTML', 'HTML'],
    ['App.vue', 'Vue'],
  ])('%s is %s', (path, name) => {
    expect(languageOf(path)?.name).toBe(name);
  });

  it('returns null for unknown extensions and files without one', () => {
    expect(languageOf('data.qqqq')).toBeNull();
    expect(languageOf('NOTES')).toBeNull();
    expect(languageOf('go.mod')?.type).toBe('data');
  });

  it('finds languages by name or alias, case-insensitively', () => {
    expect(languageByName('typescript')?.name).toBe('TypeScript');
    expect(languageByName('c++')?.name).toBe('C++');
    expect(languageByName('nope')).toBeNull();
  });
});

describe('analyseLanguages', () => {
  it('sums bytes per language, largest first, leaving out data and prose', () => {
    const snap = treeSnapshot([
      ['src/a.ts', 3000],
      ['src/b.ts', 1000],
      ['src/c.py', 2000],
      ['config.json', 90_000],
      ['notes.md', 50_000],
      ['web/index.html', 500],
    ]);
    const r = analyseLanguages(snap);
    expect(r.languages).toEqual([
      { language: 'TypeScript', bytes: 4000, files: 2 },
      { language: 'Python', bytes: 2000, files: 1 },
      { language: 'HTML', bytes: 500, files: 1 },
    ]);
    expect(r.primaryLanguage).toBe('TypeScript');
  });

  it('excludes vendored, generated and documentation paths', () => {
    const snap = treeSnapshot([
      ['main.go', 100],
      ['vendor/github.com/x/y.go', 1_000_000],
      ['node_modules/lib/index.js', 1_000_000],
      ['third_party/zlib/zlib.c', 1_000_000],
      ['dist/bundle.js', 1_000_000],
      ['static/app.min.js', 1_000_000],
      ['api/service.pb.go', 1_000_000],
      ['docs/example.py', 1_000_000],
      ['types/index.d.ts', 1_000_000],
    ]);
    expect(analyseLanguages(snap).languages).toEqual([{ language: 'Go', bytes: 100, files: 1 }]);
  });

  it('ignores symlinks, submodules and unknown sizes', () => {
    const snap = treeSnapshot([['a.go', 10]]);
    snap.tree.push({ path: 'b.go', mode: '120000', type: 'blob', oid: '1'.repeat(40), size: 5000 });
    snap.tree.push({ path: 'lib', mode: '160000', type: 'commit', oid: '2'.repeat(40), size: null });
    snap.tree.push({ path: 'c.go', mode: '100644', type: 'blob', oid: '3'.repeat(40), size: null });
    expect(analyseLanguages(snap).languages).toEqual([{ language: 'Go', bytes: 10, files: 1 }]);
  });

  it('applies .gitattributes overrides', () => {
    const snap = treeSnapshot(
      [
        ['src/main.rs', 100],
        ['generated/api.rs', 10_000],
        ['vendor/ours/lib.rs', 500],
        ['scripts/build.foo', 300],
        ['schema/x.json', 700],
        ['sub/pkg/gen.rs', 2000],
      ],
      {
        '.gitattributes':
          '# comment\ngenerated/** linguist-generated\nvendor/ours/** -linguist-vendored\n*.foo linguist-language=Python\n*.json linguist-detectable\n',
        'sub/.gitattributes': 'gen.rs linguist-generated=true\n',
      },
    );
    const r = analyseLanguages(snap);
    expect(r.languages).toEqual([
      { language: 'JSON', bytes: 700, files: 1 },
      { language: 'Rust', bytes: 600, files: 2 },
      { language: 'Python', bytes: 300, files: 1 },
    ]);
  });

  it('reports no primary language for a repository of documents', () => {
    const r = analyseLanguages(
      treeSnapshot([
        ['README.md', 10],
        ['notes.txt', 10],
      ]),
    );
    expect(r).toEqual({ languages: [], primaryLanguage: null });
  });

  it('survives hostile .gitattributes content', () => {
    const hostile = `${'[[[[ linguist-vendored\n'.repeat(50)}${'x'.repeat(100_000)} linguist-generated\n"" linguist-vendored\n!neg linguist-vendored\n`;
    const r = analyseLanguages(treeSnapshot([['a.go', 10]], { '.gitattributes': hostile }));
    expect(r.primaryLanguage).toBe('Go');
  });
});
