import { describe, expect, it } from 'vitest';
import { readPackageJson } from './npm.ts';

const files = new Map();
const read = (text: string, path = 'package.json') => readPackageJson({ path, text, files });

describe('readPackageJson', () => {
  it('publishes the name and consumes each dependency map with its scope', () => {
    const r = read(
      JSON.stringify({
        name: '@acme/ui',
        version: '1.2.3',
        dependencies: { react: '^19.0.0' },
        devDependencies: { vitest: '^4.0.0' },
        peerDependencies: { 'react-dom': '*' },
        optionalDependencies: { fsevents: '^2' },
      }),
    );
    expect(r.problems).toEqual([]);
    expect(r.packages).toEqual([
      { ecosystem: 'npm', name: '@acme/ui', role: 'publishes', version: '1.2.3', manifest: 'package.json' },
      {
        ecosystem: 'npm',
        name: 'react',
        role: 'consumes',
        version: '^19.0.0',
        manifest: 'package.json',
        scope: 'runtime',
      },
      {
        ecosystem: 'npm',
        name: 'vitest',
        role: 'consumes',
        version: '^4.0.0',
        manifest: 'package.json',
        scope: 'dev',
      },
      {
        ecosystem: 'npm',
        name: 'react-dom',
        role: 'consumes',
        version: '*',
        manifest: 'package.json',
        scope: 'peer',
      },
      {
        ecosystem: 'npm',
        name: 'fsevents',
        role: 'consumes',
        version: '^2',
        manifest: 'package.json',
        scope: 'optional',
      },
    ]);
  });

  it('does not publish a private package (a workspace root)', () => {
    const r = read(JSON.stringify({ name: 'monorepo', private: true, workspaces: ['packages/*'] }));
    expect(r.packages).toEqual([]);
  });

  it('reports wrong types by key and keeps the rest', () => {
    const r = read(JSON.stringify({ name: 5, dependencies: ['a'], devDependencies: { ok: '1', bad: 2 } }));
    expect(r.packages.map((p) => p.name)).toEqual(['ok']);
    expect(r.problems).toEqual([
      '"name" must be a string, found number',
      '"dependencies" must be an object, found array',
      '"devDependencies.bad" must be a version string, found number',
    ]);
  });

  it('throws on malformed JSON and reports a non-object top', () => {
    expect(() => read('{"name": "x",')).toThrow();
    expect(read('null').problems).toEqual(['expected an object at the top level, found null']);
  });
});
