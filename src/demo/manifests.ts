// Dependency manifests for the synthetic organisation: what each repo publishes and consumes,
// rendered in its ecosystem's own format (package.json, pom.xml, go.mod, Cargo.toml …).

import type { ManifestKind, PackageFamily } from './model.ts';
import type { Rng } from './prng.ts';

export interface Dep {
  name: string;
  version: string;
}

export interface ManifestState {
  kind: ManifestKind;
  /** The repo's name (kebab case). */
  repo: string;
  /** The package name it publishes, or null for an application. */
  publishes: string | null;
  version: string;
  /** Internal packages consumed (names as the ecosystem spells them). */
  internal: string[];
  /** Third-party dependencies; bots bump their versions. */
  external: Dep[];
}

const EXTERNAL: Record<PackageFamily, string[]> = {
  npm: ['lodash', 'express', 'zod', 'react', 'pino', 'date-fns', 'axios', 'commander'],
  jvm: [
    'org.slf4j:slf4j-api',
    'com.fasterxml.jackson.core:jackson-databind',
    'com.google.guava:guava',
    'org.apache.commons:commons-lang3',
  ],
  go: ['github.com/stretchr/testify', 'github.com/spf13/cobra', 'go.uber.org/zap', 'github.com/google/uuid'],
  pypi: ['requests', 'pydantic', 'sqlalchemy', 'click', 'httpx', 'structlog'],
  cargo: ['serde', 'tokio', 'anyhow', 'thiserror', 'tracing', 'clap'],
  nuget: ['Newtonsoft.Json', 'Serilog', 'Polly', 'Dapper'],
  rubygems: ['rack', 'sinatra', 'faraday', 'dry-validation', 'sidekiq'],
  composer: ['symfony/console', 'monolog/monolog', 'guzzlehttp/guzzle', 'ramsey/uuid'],
};

const FAMILY_OF_KIND: Record<ManifestKind, PackageFamily> = {
  npm: 'npm',
  maven: 'jvm',
  gradle: 'jvm',
  go: 'go',
  pypi: 'pypi',
  requirements: 'pypi',
  cargo: 'cargo',
  nuget: 'nuget',
  rubygems: 'rubygems',
  composer: 'composer',
};

/** A few third-party dependencies with random versions. */
export function externalDeps(rng: Rng, kind: ManifestKind): Dep[] {
  const names = rng.shuffle([...EXTERNAL[FAMILY_OF_KIND[kind]]]).slice(0, rng.int(1, 4));
  return names
    .sort()
    .map((name) => ({ name, version: `${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 12)}` }));
}

/** The next version a bot would propose: a patch bump most of the time, sometimes a minor one. */
export function bumpVersion(rng: Rng, version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  return rng.chance(0.75) ? `${major}.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`;
}

/** Where the manifest lives; `prefix` is a sub-folder for a second manifest (the cross-ecosystem repo). */
export function manifestPath(state: ManifestState, prefix = ''): string {
  const pascal = state.repo
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
  const file: Record<ManifestKind, string> = {
    npm: 'package.json',
    maven: 'pom.xml',
    gradle: 'build.gradle.kts',
    go: 'go.mod',
    pypi: 'pyproject.toml',
    requirements: 'requirements.txt',
    cargo: 'Cargo.toml',
    nuget: `src/Acme.${pascal}/Acme.${pascal}.csproj`,
    rubygems: state.publishes ? `${state.publishes}.gemspec` : 'Gemfile',
    composer: 'composer.json',
  };
  return prefix + file[state.kind];
}

/** Files that go with a manifest and never change (settings.gradle.kts, a Gemfile next to a gemspec). */
export function companionFiles(state: ManifestState): Record<string, string[]> {
  if (state.kind === 'gradle') return { 'settings.gradle.kts': [`rootProject.name = "${state.repo}"`] };
  if (state.kind === 'rubygems' && state.publishes)
    return { Gemfile: ['source "https://rubygems.org"', '', 'gemspec'] };
  return {};
}

/** The manifest's lines. */
export function renderManifest(s: ManifestState): string[] {
  switch (s.kind) {
    case 'npm':
      return npm(s);
    case 'maven':
      return maven(s);
    case 'gradle':
      return gradle(s);
    case 'go':
      return [
        `module ${s.publishes ?? `git.example.com/acme/${s.repo}`}`,
        '',
        'go 1.22',
        '',
        'require (',
        ...s.internal.map((n) => `\t${n} v1.4.0`),
        ...s.external.map((d) => `\t${d.name} v${d.version}`),
        ')',
      ];
    case 'pypi':
      return [
        '[project]',
        `name = "${s.publishes ?? s.repo}"`,
        `version = "${s.version}"`,
        'requires-python = ">=3.10"',
        'dependencies = [',
        ...s.internal.map((n) => `  "${n}>=1.0",`),
        ...s.external.map((d) => `  "${d.name}>=${d.version}",`),
        ']',
        '',
        '[build-system]',
        'requires = ["hatchling"]',
        'build-backend = "hatchling.build"',
      ];
    case 'requirements':
      return [...s.internal.map((n) => `${n}>=1.0`), ...s.external.map((d) => `${d.name}==${d.version}`)];
    case 'cargo':
      return [
        '[package]',
        `name = "${s.publishes ?? s.repo}"`,
        `version = "${s.version}"`,
        'edition = "2021"',
        ...(s.publishes ? [] : ['publish = false']),
        '',
        '[dependencies]',
        ...s.internal.map((n) => `${n} = "1"`),
        ...s.external.map((d) => `${d.name} = "${d.version}"`),
      ];
    case 'nuget':
      return [
        '<Project Sdk="Microsoft.NET.Sdk">',
        '  <PropertyGroup>',
        '    <TargetFramework>net8.0</TargetFramework>',
        ...(s.publishes
          ? [`    <PackageId>${s.publishes}</PackageId>`, `    <Version>${s.version}</Version>`]
          : ['    <IsPackable>false</IsPackable>']),
        '  </PropertyGroup>',
        '  <ItemGroup>',
        ...s.internal.map((n) => `    <PackageReference Include="${n}" Version="1.4.0" />`),
        ...s.external.map((d) => `    <PackageReference Include="${d.name}" Version="${d.version}" />`),
        '  </ItemGroup>',
        '</Project>',
      ];
    case 'rubygems':
      if (s.publishes)
        return [
          'Gem::Specification.new do |spec|',
          `  spec.name = "${s.publishes}"`,
          `  spec.version = "${s.version}"`,
          '  spec.authors = ["Acme"]',
          `  spec.summary = "${s.repo}"`,
          '  spec.files = Dir["lib/**/*.rb"]',
          ...s.internal.map((n) => `  spec.add_dependency "${n}", "~> 1.0"`),
          ...s.external.map((d) => `  spec.add_dependency "${d.name}", ">= ${d.version}"`),
          'end',
        ];
      return [
        'source "https://rubygems.org"',
        '',
        ...s.internal.map((n) => `gem "${n}", "~> 1.0"`),
        ...s.external.map((d) => `gem "${d.name}", "${d.version}"`),
      ];
    case 'composer':
      return jsonLines({
        name: s.publishes ?? `acme/${s.repo}-app`,
        type: s.publishes ? 'library' : 'project',
        version: s.version,
        require: Object.fromEntries([
          ['php', '>=8.2'],
          ...s.internal.map((n) => [n, '^1.0']),
          ...s.external.map((d) => [d.name, `^${d.version}`]),
        ]),
        'require-dev': { 'phpunit/phpunit': '^10.5' },
      });
  }
}

function npm(s: ManifestState): string[] {
  return jsonLines({
    name: s.publishes ?? s.repo,
    version: s.version,
    ...(s.publishes ? {} : { private: true }),
    type: 'module',
    scripts: { build: 'tsc', test: 'vitest run' },
    dependencies: Object.fromEntries([
      ...s.internal.map((n) => [n, '^1.0.0']),
      ...s.external.map((d) => [d.name, `^${d.version}`]),
    ]),
    devDependencies: { typescript: '^5.4.0', vitest: '^1.6.0' },
  });
}

function maven(s: ManifestState): string[] {
  const dep = (coords: string, version: string) => {
    const [group, artifact] = coords.split(':');
    return [
      '    <dependency>',
      `      <groupId>${group}</groupId>`,
      `      <artifactId>${artifact}</artifactId>`,
      `      <version>${version}</version>`,
      '    </dependency>',
    ];
  };
  const artifact = s.publishes ? s.publishes.split(':')[1] : `${s.repo}-app`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<project xmlns="http://maven.apache.org/POM/4.0.0">',
    '  <modelVersion>4.0.0</modelVersion>',
    '  <groupId>com.acme</groupId>',
    `  <artifactId>${artifact}</artifactId>`,
    `  <version>${s.version}</version>`,
    `  <packaging>${s.publishes ? 'jar' : 'war'}</packaging>`,
    '  <dependencies>',
    ...s.internal.flatMap((n) => dep(n, '1.4.0')),
    ...s.external.flatMap((d) => dep(d.name, d.version)),
    '  </dependencies>',
    '</project>',
  ];
}

function gradle(s: ManifestState): string[] {
  return [
    'plugins {',
    s.publishes ? '    `java-library`' : '    application',
    ...(s.publishes ? ['    `maven-publish`'] : []),
    '}',
    '',
    'group = "com.acme"',
    `version = "${s.version}"`,
    '',
    'dependencies {',
    ...s.internal.map((n) => `    implementation("${n}:1.4.0")`),
    ...s.external.map((d) => `    implementation("${d.name}:${d.version}")`),
    '    testImplementation("org.junit.jupiter:junit-jupiter:5.10.2")',
    '}',
  ];
}

function jsonLines(value: unknown): string[] {
  return JSON.stringify(value, null, 2).split('\n');
}
