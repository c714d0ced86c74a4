// The readers parse with the parsers a caller loaded: register them all, as the crawl does.
import './all-parsers.ts';
import { describe, expect, it } from 'vitest';
import { readCargoToml } from './cargo.ts';

const read = (text: string) => readCargoToml({ path: 'Cargo.toml', text, files: new Map() });

describe('readCargoToml', () => {
  it('publishes the package and consumes dependency tables', () => {
    const r = read(`[package]
name = "acme-core"
version = "0.4.0"
[dependencies]
serde = { version = "1", features = ["derive"] }
tokio = "1.37"
json = { package = "serde_json", version = "1" }
local = { path = "../local" }
[dev-dependencies]
proptest = "1"
[build-dependencies]
cc = "1"
[target.'cfg(windows)'.dependencies]
winapi = "0.3"
`);
    expect(r.problems).toEqual([]);
    expect(r.packages.map((p) => [p.role, p.name, p.version, p.scope])).toEqual([
      ['publishes', 'acme-core', '0.4.0', undefined],
      ['consumes', 'serde', '1', 'runtime'],
      ['consumes', 'tokio', '1.37', 'runtime'],
      ['consumes', 'serde_json', '1', 'runtime'],
      ['consumes', 'local', undefined, 'runtime'],
      ['consumes', 'proptest', '1', 'dev'],
      ['consumes', 'cc', '1', 'build'],
      ['consumes', 'winapi', '0.3', 'runtime'],
    ]);
  });

  it('does not publish with publish = false; reads workspace dependencies', () => {
    const r = read(
      '[package]\nname = "app"\npublish = false\n[workspace]\nmembers = ["crates/*"]\n[workspace.dependencies]\nanyhow = "1"\n',
    );
    expect(r.packages.map((p) => [p.role, p.name])).toEqual([['consumes', 'anyhow']]);
  });

  it('reports wrong types and throws on malformed TOML', () => {
    expect(read('[package]\nname = 1\n[dependencies]\nx = 5\n').problems).toEqual([
      '"package.name" must be a string, found number',
      '"dependencies.x" must be a string or a table, found number',
    ]);
    expect(() => read('[package\n')).toThrow();
    expect(() => read(`a = ${'['.repeat(10_000)}`)).toThrow();
  });
});
