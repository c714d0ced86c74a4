// The readers parse with the parsers a caller loaded: register them all, as the crawl does.
import './manifests/all-parsers.ts';
import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { analysePackages, isManifestPath } from './packages.ts';

describe('isManifestPath', () => {
  it.each([
    'package.json',
    'a/b/c/d/pom.xml',
    'go.mod',
    'requirements-dev.txt',
    'requirements/test.txt',
    'X.fsproj',
    'Gemfile',
  ])('%s is a manifest', (p) => expect(isManifestPath(p)).toBe(true));
  it.each([
    'a/b/c/d/e/package.json',
    'node_modules/x/package.json',
    'vendor/a/go.mod',
    'package-lock.json',
    'requirements.md',
  ])('%s is not', (p) => expect(isManifestPath(p)).toBe(false));
});

describe('analysePackages', () => {
  it('reads npm workspaces: members publish, the private root does not, internal consumption is dropped', () => {
    const snap = snapshotFromFiles({
      'package.json': JSON.stringify({
        name: 'root',
        private: true,
        workspaces: ['packages/*'],
        devDependencies: { vitest: '4' },
      }),
      'packages/ui/package.json': JSON.stringify({
        name: '@acme/ui',
        dependencies: { react: '19', '@acme/tokens': 'workspace:*' },
      }),
      'packages/tokens/package.json': JSON.stringify({ name: '@acme/tokens' }),
    });
    const r = analysePackages(snap);
    expect(r.findings).toEqual([]);
    expect(r.packages.map((p) => [p.role, p.name, p.manifest])).toEqual([
      ['consumes', 'vitest', 'package.json'],
      ['publishes', '@acme/ui', 'packages/ui/package.json'],
      ['consumes', 'react', 'packages/ui/package.json'],
      ['publishes', '@acme/tokens', 'packages/tokens/package.json'],
    ]);
  });

  it('treats Maven and Gradle coordinates as one namespace for self-consumption', () => {
    const snap = snapshotFromFiles({
      'core/pom.xml': '<project><groupId>com.acme</groupId><artifactId>core</artifactId></project>',
      'app/build.gradle': "dependencies { implementation 'com.acme:core:1.0'\n implementation 'org.x:y:1' }",
    });
    expect(analysePackages(snap).packages.map((p) => p.name)).toEqual(['com.acme:core', 'org.x:y']);
  });

  it('turns malformed, truncated, binary and unread manifests into findings and reads the others', () => {
    const snap = snapshotFromFiles({
      'package.json': '{"name": "broken",',
      'go.mod': 'module example.com/ok\n',
      'Cargo.toml': '[package]\nname = "x"',
      'composer.json': '{}',
      'pyproject.toml': '',
      'svc/package.json': JSON.stringify({ name: 'svc', dependencies: [] }),
    });
    snap.files.set('Cargo.toml', {
      path: 'Cargo.toml',
      size: 9e6,
      text: '[package]\nname = "x"',
      binary: false,
      truncated: true,
    });
    snap.files.set('composer.json', {
      path: 'composer.json',
      size: 10,
      text: null,
      binary: true,
      truncated: false,
    });
    snap.files.delete('pyproject.toml');
    const r = analysePackages(snap);
    expect(r.packages.map((p) => p.name)).toEqual(['example.com/ok', 'svc']);
    expect(r.findings.map((f) => [f.code, f.path])).toEqual([
      ['MANIFEST_INVALID', 'package.json'],
      ['MANIFEST_TRUNCATED', 'Cargo.toml'],
      ['MANIFEST_INVALID', 'composer.json'],
      ['MANIFEST_INVALID', 'svc/package.json'],
      ['MANIFEST_NOT_READ', 'pyproject.toml'],
    ]);
    expect(r.findings[0].message).toMatch(/^package\.json: /);
  });

  it('survives hostile manifests', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const snap = snapshotFromFiles({
      'package.json': `{"dependencies": ${deep}}`,
      'pom.xml': `${'<a>'.repeat(20_000)}${'</a>'.repeat(20_000)}`,
      'Cargo.toml': `x = ${deep}`,
      'requirements.txt': `${'a'.repeat(500_000)}==1\n`,
      Gemfile: `gem "${'x'.repeat(100_000)}\n`,
      'build.gradle': `implementation '${':'.repeat(100_000)}'`,
    });
    const started = performance.now();
    const r = analysePackages(snap);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(r.findings.filter((f) => f.code === 'MANIFEST_INVALID').map((f) => f.path)).toEqual([
      'package.json',
      'pom.xml',
      'Cargo.toml',
    ]);
  });

  it("reads the project's description from each ecosystem's manifest; the shallowest one wins", () => {
    const cases: [string, string][] = [
      ['package.json', JSON.stringify({ name: 'pgpass', description: 'Module for reading .pgpass' })],
      ['pyproject.toml', '[project]\nname = "x"\ndescription = "Module for reading .pgpass"\n'],
      ['pyproject.toml', '[tool.poetry]\nname = "x"\ndescription = "Module for reading .pgpass"\n'],
      ['setup.cfg', '[metadata]\nname = x\ndescription = Module for reading .pgpass\n'],
      ['Cargo.toml', '[package]\nname = "x"\ndescription = "Module for reading .pgpass"\n'],
      [
        'pom.xml',
        '<project><groupId>g</groupId><artifactId>a</artifactId><description>Module for reading .pgpass</description></project>',
      ],
      ['composer.json', JSON.stringify({ name: 'acme/x', description: 'Module for reading .pgpass' })],
      [
        'x.gemspec',
        'Gem::Specification.new do |s|\n  s.name = "x"\n  s.description = "Longer text"\n  s.summary = "Module for reading .pgpass"\nend\n',
      ],
      [
        'X.csproj',
        '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><Description>Module for reading .pgpass</Description></PropertyGroup></Project>',
      ],
    ];
    for (const [path, text] of cases) {
      expect([path, analysePackages(snapshotFromFiles({ [path]: text })).description]).toEqual([
        path,
        { path, text: 'Module for reading .pgpass' },
      ]);
    }
    const monorepo = analysePackages(
      snapshotFromFiles({
        'packages/ui/package.json': JSON.stringify({ name: '@acme/ui', description: 'Buttons' }),
        'package.json': JSON.stringify({
          name: 'root',
          private: true,
          description: 'The Acme design system',
        }),
        'go.mod': 'module github.com/acme/x\n',
      }),
    );
    expect(monorepo.description).toEqual({ path: 'package.json', text: 'The Acme design system' });
    expect(
      analysePackages(snapshotFromFiles({ 'package.json': '{"name":"x","description":7}' })).description,
    ).toBeNull();
  });
});
