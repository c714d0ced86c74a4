import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, tmpDir } from '../../test/helpers/gitdir.ts';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { compileAttributePattern, linguistAttributes } from './gitattributes.ts';
import { compileGlob, splitPath } from './glob.ts';

// Patterns of the root .gitattributes and of sub/.gitattributes, each given its own attribute.
const ROOT_PATTERNS = [
  '*.js',
  '*',
  '?.md',
  'a*b',
  '*a*a*a*ab',
  '[abc].txt',
  '[!abc].txt',
  '[^abc].txt',
  '[a-c]*.go',
  '[[:digit:]]*',
  '[[:upper:]][[:lower:]]*',
  '\\*.txt',
  'docs/*',
  '/docs/*.md',
  'docs/**',
  '**/test/*.js',
  'a/**/b',
  '**/*.min.js',
  'src/**/*.ts',
  '**',
  'lib/*/x',
  '*.[ch]',
  'foo**bar',
  'a/b**',
  '[]]',
  '[!]]x',
  'Makefile',
  'vendor/**/*',
  '**/vendor/**',
  '*/*',
  'a?c/*',
  '[a-]x',
  '**/',
  'x/**/',
  '.hidden*',
  'unterminated[ab',
  '*.JS',
];
const SUB_PATTERNS = ['*.js', 'x/*.js', '/y.js', '**/deep.c', 'q/**'];

const PATHS = [
  'a.js',
  'src/a.js',
  'docs/a.md',
  'docs/x/a.md',
  'a.md',
  'ab.md',
  'axb',
  'aaab',
  'aabab',
  'b.txt',
  'd.txt',
  'x.go',
  'b1.go',
  '1abc',
  'Readme',
  'README',
  '*.txt',
  'x.txt',
  'test/a.js',
  'pkg/test/a.js',
  'pkg/test/x/a.js',
  'a/b',
  'a/x/b',
  'a/x/y/b',
  'ab',
  'a/bc',
  'lib/z/x',
  'lib/x',
  'lib/z/w/x',
  'foo/bar',
  'fooXbar',
  'foobar',
  ']',
  'ax',
  '-x',
  'bx',
  'Makefile',
  'sub/Makefile',
  'vendor/a/b.c',
  'vendor/a',
  'x/vendor/y/z',
  'dist/app.min.js',
  'app.min.js',
  'src/a/b/c.ts',
  'src/c.ts',
  'file with space.txt',
  '.hidden.js',
  'a/.b/c.js',
  'abc/d',
  'a.c',
  'a.h',
  'a.JS',
  'sub/a.js',
  'sub/x/a.js',
  'sub/y.js',
  'sub/z/y.js',
  'sub/k/deep.c',
  'sub/deep.c',
  'sub/q/r/s',
  'q/r',
];

/** What git itself says: for each path, the attributes (rule indexes) set on it. */
async function gitCheckAttr(): Promise<Map<string, Set<string>>> {
  const dir = await tmpDir('agora-glob-');
  await git(dir, ['init', '-q']);
  await writeFile(join(dir, '.gitattributes'), ROOT_PATTERNS.map((p, i) => `${p} r${i}\n`).join(''));
  await mkdir(join(dir, 'sub'));
  await writeFile(join(dir, 'sub/.gitattributes'), SUB_PATTERNS.map((p, i) => `${p} s${i}\n`).join(''));
  const out = (await git(dir, ['check-attr', '-z', '--stdin', '-a'], PATHS.join('\0') + '\0')).toString();
  const fields = out.split('\0');
  const result = new Map<string, Set<string>>(PATHS.map((p) => [p, new Set()]));
  for (let i = 0; i + 2 < fields.length; i += 3) {
    if (fields[i + 2] === 'set') result.get(fields[i])?.add(fields[i + 1]);
  }
  return result;
}

function ours(): Map<string, Set<string>> {
  const rules = [
    ...ROOT_PATTERNS.map((p, i) => ({ name: `r${i}`, match: compileAttributePattern(p, '') })),
    ...SUB_PATTERNS.map((p, i) => ({ name: `s${i}`, match: compileAttributePattern(p, 'sub') })),
  ];
  const result = new Map<string, Set<string>>();
  for (const path of PATHS) {
    const split = splitPath(path);
    const nameStart = split.starts[split.starts.length - 1];
    result.set(path, new Set(rules.filter((r) => r.match?.(split, nameStart)).map((r) => r.name)));
  }
  return result;
}

const sorted = (m: Map<string, Set<string>>) =>
  Object.fromEntries([...m].map(([k, v]) => [k, [...v].sort().join(' ')]));

describe('gitattributes globs', () => {
  it('match exactly what `git check-attr` matches', async () => {
    const fromGit = await gitCheckAttr();
    expect([...fromGit.values()].reduce((n, set) => n + set.size, 0)).toBeGreaterThan(100);
    expect(sorted(ours())).toEqual(sorted(fromGit));
  });

  it('compileGlob: ** spans folders, * and ? and classes never cross a slash', () => {
    const t = (pattern: string, path: string) => compileGlob(pattern)?.test(path) ?? false;
    expect(t('a/**/b', 'a/b')).toBe(true);
    expect(t('a/**/b', 'a/x/y/b')).toBe(true);
    expect(t('a/**', 'a')).toBe(false);
    expect(t('a/**', 'a/x/y')).toBe(true);
    expect(t('a*', 'ab/c')).toBe(false);
    expect(t('a?c', 'a/c')).toBe(false);
    expect(t('a[!x]c', 'a/c')).toBe(false);
    expect(t('**/x', 'x')).toBe(true);
    expect(t('[z-a]', 'm')).toBe(false);
    expect(compileGlob('x\\')).toBeNull();
  });

  it('a catastrophic pattern against a long name takes linear time, not exponential', () => {
    const pattern = `${'*a'.repeat(20)}b`;
    const name = 'a'.repeat(5000);
    const started = performance.now();
    const attrs = linguistAttributes(
      snapshotFromFiles({
        '.gitattributes': `${pattern} linguist-vendored\n**/${pattern} linguist-generated\n`,
      }),
    );
    expect(attrs(`x/${name}`)).toEqual({});
    expect(attrs(`x/${name}b`)).toEqual({ vendored: true, generated: true });
    // A generous bound: a backtracking regular expression takes minutes here; this takes milliseconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
