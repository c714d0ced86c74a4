// Plausible source and test lines for each language of the synthetic organisation, so file
// trees, language statistics and line counts look like real repositories.

import type { Language } from './model.ts';
import { IDENTIFIER_PARTS, PROSE } from './names.ts';
import type { Rng } from './prng.ts';

/** The names one code unit (a file and its test) is spelled with. */
export interface Unit {
  kebab: string;
  snake: string;
  camel: string;
  pascal: string;
}

/** The repository names code refers to: a package folder and a namespace. */
export interface RepoNames {
  name: string;
  snake: string;
  pascal: string;
}

export type TextKind = Language | 'markdown';

export interface CodeStyle {
  sourcePath(repo: RepoNames, unit: Unit): string;
  testPath(repo: RepoNames, unit: Unit): string;
  header(repo: RepoNames, unit: Unit, test: boolean): string[];
  footer(test: boolean): string[];
  block(rng: Rng, unit: Unit, test: boolean): string[];
  statement(rng: Rng): string;
}

/** A random code unit name such as `order-cache`. */
export function randomUnit(rng: Rng): Unit {
  const a = rng.pick(IDENTIFIER_PARTS);
  let b: string = rng.pick(IDENTIFIER_PARTS);
  if (b === a) b = 'util';
  return unitOf([a, b]);
}

export function unitOf(parts: string[]): Unit {
  const caps = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1));
  return {
    kebab: parts.join('-'),
    snake: parts.join('_'),
    camel: parts[0] + caps.slice(1).join(''),
    pascal: caps.join(''),
  };
}

export function repoNames(name: string): RepoNames {
  const parts = name.split(/[^a-z0-9]+/).filter(Boolean);
  return { name, snake: parts.join('_'), pascal: unitOf(parts).pascal };
}

function ident(rng: Rng): string {
  const a = rng.pick(IDENTIFIER_PARTS);
  const b = rng.pick(IDENTIFIER_PARTS);
  return a + b.charAt(0).toUpperCase() + b.slice(1);
}

function fn(rng: Rng): { camel: string; snake: string; pascal: string } {
  const verb = rng.pick([
    'compute',
    'load',
    'parse',
    'merge',
    'apply',
    'find',
    'build',
    'check',
    'format',
    'split',
  ]);
  const noun = rng.pick(IDENTIFIER_PARTS);
  const camel = verb + noun.charAt(0).toUpperCase() + noun.slice(1);
  return { camel, snake: `${verb}_${noun}`, pascal: camel.charAt(0).toUpperCase() + camel.slice(1) };
}

function nums(rng: Rng): [number, number, number] {
  return [rng.int(2, 99), rng.int(1, 999), rng.int(100, 99_999)];
}

const typescript: CodeStyle = {
  sourcePath: (_r, u) => `src/${u.kebab}.ts`,
  testPath: (_r, u) => `test/${u.kebab}.test.ts`,
  header: (_r, u, test) =>
    test
      ? [
          `import { describe, expect, test } from 'vitest';`,
          `import * as ${u.camel} from '../src/${u.kebab}.ts';`,
          '',
        ]
      : [`// ${u.pascal}: helpers for ${u.kebab.replace('-', ' ')} handling.`, ''],
  footer: () => [],
  block(rng, u, test) {
    const f = fn(rng);
    const [n, m, k] = nums(rng);
    if (test)
      return [
        `test('${f.camel}', () => {`,
        `  expect(${u.camel}.${f.camel}(${n}, ${m})).toBe(${k});`,
        '});',
        '',
      ];
    const v = ident(rng);
    return [
      `export function ${f.camel}(a: number, b: number): number {`,
      `  const ${v} = a * ${n} + b;`,
      `  return ${v} % ${k};`,
      '}',
      '',
    ];
  },
  statement: (rng) => `  const ${ident(rng)} = ${ident(rng)} + ${rng.int(1, 9999)};`,
};

const java: CodeStyle = {
  sourcePath: (r, u) => `src/main/java/com/acme/${r.snake}/${u.pascal}.java`,
  testPath: (r, u) => `src/test/java/com/acme/${r.snake}/${u.pascal}Test.java`,
  header: (r, u, test) =>
    test
      ? [
          `package com.acme.${r.snake};`,
          '',
          'import static org.junit.jupiter.api.Assertions.assertEquals;',
          '',
          'import org.junit.jupiter.api.Test;',
          '',
          `class ${u.pascal}Test {`,
        ]
      : [`package com.acme.${r.snake};`, '', `public final class ${u.pascal} {`],
  footer: () => ['}'],
  block(rng, u, test) {
    const f = fn(rng);
    const [n, m, k] = nums(rng);
    if (test)
      return [
        '    @Test',
        `    void ${f.camel}Works() {`,
        `        assertEquals(${k}, ${u.pascal}.${f.camel}(${n}, ${m}));`,
        '    }',
        '',
      ];
    const v = ident(rng);
    return [
      `    public static int ${f.camel}(int a, int b) {`,
      `        int ${v} = a * ${n} + b;`,
      `        return ${v} % ${k};`,
      '    }',
      '',
    ];
  },
  statement: (rng) => `        int ${ident(rng)} = ${ident(rng)} + ${rng.int(1, 9999)};`,
};

const go: CodeStyle = {
  sourcePath: (r, u) => `internal/${r.snake.replace(/_/g, '')}/${u.snake}.go`,
  testPath: (r, u) => `internal/${r.snake.replace(/_/g, '')}/${u.snake}_test.go`,
  header: (r, _u, test) => [
    `package ${r.snake.replace(/_/g, '')}`,
    '',
    ...(test ? ['import "testing"', ''] : []),
  ],
  footer: () => [],
  block(rng, _u, test) {
    const f = fn(rng);
    const [n, m, k] = nums(rng);
    if (test)
      return [
        `func Test${f.pascal}(t *testing.T) {`,
        `\tif got := ${f.pascal}(${n}, ${m}); got != ${k} {`,
        '\t\tt.Fatalf("got %d", got)',
        '\t}',
        '}',
        '',
      ];
    const v = ident(rng);
    return [`func ${f.pascal}(a, b int) int {`, `\t${v} := a*${n} + b`, `\treturn ${v} % ${k}`, '}', ''];
  },
  statement: (rng) => `\t${ident(rng)} := ${ident(rng)} + ${rng.int(1, 9999)}`,
};

const python: CodeStyle = {
  sourcePath: (r, u) => `src/${r.snake}/${u.snake}.py`,
  testPath: (_r, u) => `tests/test_${u.snake}.py`,
  header: (r, u, test) =>
    test ? [`from ${r.snake} import ${u.snake}`, '', ''] : [`"""${u.pascal} helpers."""`, '', ''],
  footer: () => [],
  block(rng, u, test) {
    const f = fn(rng);
    const [n, m, k] = nums(rng);
    if (test)
      return [`def test_${f.snake}():`, `    assert ${u.snake}.${f.snake}(${n}, ${m}) == ${k}`, '', ''];
    const v = ident(rng);
    return [`def ${f.snake}(a, b):`, `    ${v} = a * ${n} + b`, `    return ${v} % ${k}`, '', ''];
  },
  statement: (rng) => `    ${ident(rng)} = ${ident(rng)} + ${rng.int(1, 9999)}`,
};

const rust: CodeStyle = {
  sourcePath: (_r, u) => `src/${u.snake}.rs`,
  testPath: (_r, u) => `tests/${u.snake}.rs`,
  header: (r, u, test) => (test ? [`use ${r.snake}::${u.snake}::*;`, ''] : [`//! ${u.pascal} helpers.`, '']),
  footer: () => [],
  block(rng, _u, test) {
    const f = fn(rng);
    const [n, m, k] = nums(rng);
    if (test)
      return ['#[test]', `fn ${f.snake}_works() {`, `    assert_eq!(${f.snake}(${n}, ${m}), ${k});`, '}', ''];
    const v = ident(rng);
    return [
      `pub fn ${f.snake}(a: i64, b: i64) -> i64 {`,
      `    let ${v} = a * ${n} + b;`,
      `    ${v} % ${k}`,
      '}',
      '',
    ];
  },
  statement: (rng) => `    let ${ident(rng)} = ${ident(rng)} + ${rng.int(1, 9999)};`,
};

const csharp: CodeStyle = {
  sourcePath: (r, u) => `src/Acme.${r.pascal}/${u.pascal}.cs`,
  testPath: (r, u) => `tests/Acme.${r.pascal}.Tests/${u.pascal}Tests.cs`,
  header: (r, u, test) =>
    test
      ? ['using Xunit;', '', `namespace Acme.${r.pascal}.Tests;`, '', `public class ${u.pascal}Tests`, '{']
      : [`namespace Acme.${r.pascal};`, '', `public static class ${u.pascal}`, '{'],
  footer: () => ['}'],
  block(rng, u, test) {
    const f = fn(rng);
    const [n, m, k] = nums(rng);
    if (test)
      return [
        '    [Fact]',
        `    public void ${f.pascal}Works() => Assert.Equal(${k}, ${u.pascal}.${f.pascal}(${n}, ${m}));`,
        '',
      ];
    const v = ident(rng);
    return [
      `    public static int ${f.pascal}(int a, int b)`,
      '    {',
      `        var ${v} = a * ${n} + b;`,
      `        return ${v} % ${k};`,
      '    }',
      '',
    ];
  },
  statement: (rng) => `        var ${ident(rng)} = ${ident(rng)} + ${rng.int(1, 9999)};`,
};

const ruby: CodeStyle = {
  sourcePath: (r, u) => `lib/${r.snake}/${u.snake}.rb`,
  testPath: (_r, u) => `spec/${u.snake}_spec.rb`,
  header: (r, u, test) =>
    test ? [`require "${r.snake}/${u.snake}"`, '', `RSpec.describe ${u.pascal} do`] : [`module ${u.pascal}`],
  footer: () => ['end'],
  block(rng, u, test) {
    const f = fn(rng);
    const [n, m, k] = nums(rng);
    if (test)
      return [
        `  it "computes ${f.snake}" do`,
        `    expect(${u.pascal}.${f.snake}(${n}, ${m})).to eq(${k})`,
        '  end',
        '',
      ];
    const v = ident(rng);
    return [`  def self.${f.snake}(a, b)`, `    ${v} = a * ${n} + b`, `    ${v} % ${k}`, '  end', ''];
  },
  statement: (rng) => `    ${ident(rng)} = ${ident(rng)} + ${rng.int(1, 9999)}`,
};

const php: CodeStyle = {
  sourcePath: (_r, u) => `src/${u.pascal}.php`,
  testPath: (_r, u) => `tests/${u.pascal}Test.php`,
  header: (r, u, test) =>
    test
      ? [
          '<?php',
          '',
          `namespace Acme\\${r.pascal}\\Tests;`,
          '',
          'use PHPUnit\\Framework\\TestCase;',
          '',
          `final class ${u.pascal}Test extends TestCase`,
          '{',
        ]
      : ['<?php', '', `namespace Acme\\${r.pascal};`, '', `final class ${u.pascal}`, '{'],
  footer: () => ['}'],
  block(rng, u, test) {
    const f = fn(rng);
    const [n, m, k] = nums(rng);
    if (test)
      return [
        `    public function test${f.pascal}(): void`,
        '    {',
        `        $this->assertSame(${k}, \\Acme\\${u.pascal}::${f.camel}(${n}, ${m}));`,
        '    }',
        '',
      ];
    const v = ident(rng);
    return [
      `    public static function ${f.camel}(int $a, int $b): int`,
      '    {',
      `        $${v} = $a * ${n} + $b;`,
      `        return $${v} % ${k};`,
      '    }',
      '',
    ];
  },
  statement: (rng) => `        $${ident(rng)} = $${ident(rng)} + ${rng.int(1, 9999)};`,
};

const markdown: CodeStyle = {
  sourcePath: (_r, u) => `docs/${u.kebab}.md`,
  testPath: (_r, u) => `docs/${u.kebab}.md`,
  header: (_r, u) => [`# ${u.pascal.replace(/([a-z])([A-Z])/g, '$1 $2')}`, ''],
  footer: () => [],
  block: (rng) => [
    `## ${rng.pick(['Overview', 'Design', 'Operations', 'Limits', 'Examples', 'FAQ'])}`,
    '',
    rng.pick(PROSE),
    '',
  ],
  statement: (rng) => rng.pick(PROSE),
};

export const CODE_STYLES: Record<TextKind, CodeStyle> = {
  typescript,
  java,
  go,
  python,
  rust,
  csharp,
  ruby,
  php,
  markdown,
};
