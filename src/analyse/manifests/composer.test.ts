import { describe, expect, it } from 'vitest';
import { readComposerJson } from './composer.ts';

const read = (text: string) => readComposerJson({ path: 'composer.json', text, files: new Map() });

describe('readComposerJson', () => {
  it('publishes the name and consumes require/require-dev without the platform', () => {
    const r = read(
      JSON.stringify({
        name: 'Acme/Billing',
        require: { php: '>=8.2', 'ext-json': '*', 'monolog/monolog': '^3.0', 'composer-runtime-api': '^2' },
        'require-dev': { 'phpunit/phpunit': '^11' },
      }),
    );
    expect(r.packages.map((p) => [p.role, p.name, p.version, p.scope])).toEqual([
      ['publishes', 'acme/billing', undefined, undefined],
      ['consumes', 'monolog/monolog', '^3.0', 'runtime'],
      ['consumes', 'phpunit/phpunit', '^11', 'dev'],
    ]);
  });

  it('reports wrong types and throws on malformed JSON', () => {
    expect(read('{"name": [], "require": "x"}').problems).toEqual([
      '"name" must be a string, found array',
      '"require" must be an object, found string',
    ]);
    expect(() => read('{')).toThrow();
  });
});
