// Keys that name members of Object.prototype (`toString`, `constructor`, `__proto__`, `hasOwnProperty`) in
// files a repository controls must be read as plain data: no crash, no lost owners, no prototype values.

import { describe, expect, it } from 'vitest';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { linguistAttributes } from './gitattributes.ts';
import { analyseSnapshot } from './index.ts';
import { readVersionCatalog } from './manifests/gradle.ts';
import { readPom } from './manifests/maven.ts';

const PROTO_KEYS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'];

describe('untrusted object keys', () => {
  it('innersource.json with prototype-named keys keeps its owners and fields', () => {
    const json = `{${PROTO_KEYS.map((k) => `"${k}": "x"`).join(', ')}, "title": "Payments", "owners": ["@acme/payments"]}`;
    const facts = analyseSnapshot(snapshotFromFiles({ 'innersource.json': json }));
    expect(facts.findings.filter((f) => f.code === 'ANALYSER_FAILED')).toEqual([]);
    expect(facts.owners.map((o) => o.owner)).toEqual(['@acme/payments']);
    expect(facts.innersource).toEqual({ title: 'Payments' });
  });

  it('innersource.json whose only keys are prototype names is an empty descriptor', () => {
    for (const key of PROTO_KEYS) {
      const facts = analyseSnapshot(
        snapshotFromFiles({ 'innersource.json': `{"${key}": {"owners": ["@evil/x"]}}` }),
      );
      expect(
        facts.findings.filter((f) => f.code === 'ANALYSER_FAILED'),
        key,
      ).toEqual([]);
      expect(facts.owners, key).toEqual([]);
      expect(facts.innersource, key).toEqual({});
    }
  });

  it('.gitattributes attributes named like prototype members are ignored', () => {
    const attrs = linguistAttributes(
      snapshotFromFiles({ '.gitattributes': `*.js ${PROTO_KEYS.join(' ')} constructor=1\n` }),
    );
    expect(attrs('a.js')).toEqual({});
  });

  it('a pom scope named like a prototype member is a runtime dependency', () => {
    for (const scope of PROTO_KEYS) {
      const r = readPom({
        path: 'pom.xml',
        files: new Map(),
        text: `<project><groupId>g</groupId><artifactId>a</artifactId><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><scope>${scope}</scope></dependency></dependencies></project>`,
      });
      expect(r.packages.find((p) => p.name === 'x:y')?.scope, scope).toBe('runtime');
    }
  });

  it('a version catalog reference named like a prototype member has no version', () => {
    const r = readVersionCatalog({
      path: 'gradle/libs.versions.toml',
      files: new Map(),
      text: '[libraries]\nx = { module = "g:x", version.ref = "constructor" }\n',
    });
    expect(r.packages.map((p) => [p.name, p.version])).toEqual([['g:x', undefined]]);
  });
});
