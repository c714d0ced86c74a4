// The readers parse with the parsers a caller loaded: register them all, as the crawl does.
import './all-parsers.ts';
import { describe, expect, it } from 'vitest';
import type { FileContent } from '../../snapshot/snapshot.ts';
import { readGradleBuild, readVersionCatalog } from './gradle.ts';

function files(map: Record<string, string>): Map<string, FileContent> {
  return new Map(
    Object.entries(map).map(([path, text]) => [
      path,
      { path, size: text.length, text, binary: false, truncated: false },
    ]),
  );
}

describe('readGradleBuild', () => {
  it('reads Groovy string and map notations with scopes, and publishes group:rootProject.name', () => {
    const build = `plugins { id 'java-library' }
group = 'com.acme'
version = '1.4.0'
dependencies {
    implementation 'com.google.guava:guava:33.0.0-jre'
    api "com.acme:common:1.0"
    testImplementation 'org.junit.jupiter:junit-jupiter:5.10.0'
    compileOnly group: 'org.projectlombok', name: 'lombok', version: '1.18.30'
    // implementation 'commented:out:1'
    runtimeOnly 'org.postgresql:postgresql'
}`;
    const r = readGradleBuild({
      path: 'build.gradle',
      text: build,
      files: files({ 'settings.gradle': "rootProject.name = 'orders'" }),
    });
    expect(r.packages.map((p) => [p.role, p.name, p.version, p.scope])).toEqual([
      ['consumes', 'com.google.guava:guava', '33.0.0-jre', 'runtime'],
      ['consumes', 'com.acme:common', '1.0', 'runtime'],
      ['consumes', 'org.junit.jupiter:junit-jupiter', '5.10.0', 'test'],
      ['consumes', 'org.postgresql:postgresql', undefined, 'runtime'],
      ['consumes', 'org.projectlombok:lombok', '1.18.30', 'build'],
      ['publishes', 'com.acme:orders', '1.4.0', undefined],
    ]);
  });

  it('reads Kotlin DSL, platforms, and names a sub-project after its folder with the root group', () => {
    const build = `dependencies {
    implementation(platform("org.springframework.boot:spring-boot-dependencies:3.2.0"))
    implementation("org.springframework.boot:spring-boot-starter-web")
    testImplementation(kotlin("test"))
}`;
    const r = readGradleBuild({
      path: 'services/billing/build.gradle.kts',
      text: build,
      files: files({ 'build.gradle.kts': 'allprojects {\n    group = "com.acme"\n}' }),
    });
    expect(r.packages.map((p) => [p.role, p.name])).toEqual([
      ['consumes', 'org.springframework.boot:spring-boot-dependencies'],
      ['consumes', 'org.springframework.boot:spring-boot-starter-web'],
      ['publishes', 'com.acme:billing'],
    ]);
  });

  it('publishes nothing without a group', () => {
    const r = readGradleBuild({
      path: 'build.gradle',
      text: "dependencies { implementation 'a:b:1' }",
      files: new Map(),
    });
    expect(r.packages.filter((p) => p.role === 'publishes')).toEqual([]);
  });
});

describe('readVersionCatalog', () => {
  it('reads libraries in all three notations', () => {
    const toml = `[versions]
jackson = "2.17.0"
[libraries]
guava = "com.google.guava:guava:33.0.0-jre"
jackson = { module = "com.fasterxml.jackson.core:jackson-databind", version.ref = "jackson" }
acme = { group = "com.acme", name = "core", version = "1.0" }
broken = 42
`;
    const r = readVersionCatalog({ path: 'gradle/libs.versions.toml', text: toml, files: new Map() });
    expect(r.packages.map((p) => [p.name, p.version])).toEqual([
      ['com.google.guava:guava', '33.0.0-jre'],
      ['com.fasterxml.jackson.core:jackson-databind', '2.17.0'],
      ['com.acme:core', '1.0'],
    ]);
    expect(r.problems).toEqual(['"libraries.broken" must be a string or a table']);
  });

  it('throws on malformed TOML', () => {
    expect(() =>
      readVersionCatalog({ path: 'gradle/libs.versions.toml', text: '[libraries\n', files: new Map() }),
    ).toThrow();
  });
});
