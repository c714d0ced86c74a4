// The readers parse with the parsers a caller loaded: register them all, as the crawl does.
import './all-parsers.ts';
import { describe, expect, it } from 'vitest';
import { readPom } from './maven.ts';

const read = (text: string) => readPom({ path: 'core/pom.xml', text, files: new Map() });

describe('readPom', () => {
  it('publishes groupId:artifactId and consumes dependencies and plugins', () => {
    const pom = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>com.acme</groupId><artifactId>parent</artifactId><version>2.0.0</version></parent>
  <artifactId>core</artifactId>
  <properties><jackson.version>2.17.0</jackson.version></properties>
  <dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>\${jackson.version}</version></dependency>
    <dependency><groupId>\${project.groupId}</groupId><artifactId>common</artifactId><version>\${project.version}</version></dependency>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><scope>test</scope></dependency>
    <dependency><groupId>jakarta.servlet</groupId><artifactId>servlet-api</artifactId><scope>provided</scope></dependency>
    <dependency><groupId>com.acme</groupId><artifactId>extra</artifactId><optional>true</optional></dependency>
  </dependencies>
  <build><plugins><plugin><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin></plugins></build>
</project>`;
    const r = read(pom);
    expect(r.problems).toEqual([]);
    expect(r.packages.map((p) => [p.role, p.name, p.version, p.scope])).toEqual([
      ['publishes', 'com.acme:core', '2.0.0', undefined],
      ['consumes', 'com.fasterxml.jackson.core:jackson-databind', '2.17.0', 'runtime'],
      ['consumes', 'com.acme:common', '2.0.0', 'runtime'],
      ['consumes', 'org.junit.jupiter:junit-jupiter', undefined, 'test'],
      ['consumes', 'jakarta.servlet:servlet-api', undefined, 'build'],
      ['consumes', 'com.acme:extra', undefined, 'optional'],
      ['consumes', 'org.apache.maven.plugins:maven-surefire-plugin', '3.2.5', 'build'],
    ]);
  });

  it('reads a single dependency and leaves unresolved properties as written', () => {
    const r = read(
      `<project><groupId>g</groupId><artifactId>a</artifactId><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>\${missing}</version></dependency></dependencies></project>`,
    );
    expect(r.packages[1]).toMatchObject({ name: 'x:y', version: `\${missing}` });
  });

  it('throws on malformed XML and does not expand entities', () => {
    expect(() => read('<project><groupId>g</groupId>')).toThrow();
    const bomb = `<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><project><groupId>&b;</groupId><artifactId>x</artifactId></project>`;
    const r = read(bomb);
    expect(r.packages[0].name.length).toBeLessThan(20);
  });

  it('reports a pom without coordinates', () => {
    expect(read('<project><dependencies/></project>').problems[0]).toMatch(/artifactId/);
    expect(read('<notaproject/>').problems).toEqual(['no <project> element']);
  });
});
