// The readers parse with the parsers a caller loaded: register them all, as the crawl does.
import './all-parsers.ts';
import { describe, expect, it } from 'vitest';
import {
  normalisePypiName,
  parseRequirement,
  readPipfile,
  readPyproject,
  readRequirements,
  readSetupCfg,
} from './python.ts';

const input = (path: string, text: string) => ({ path, text, files: new Map() });
const rows = (r: { packages: { role: string; name: string; version?: string; scope?: string }[] }) =>
  r.packages.map((p) => [p.role, p.name, p.version, p.scope]);

describe('PEP 503 and PEP 508', () => {
  it('normalises names', () => {
    expect(normalisePypiName('Foo_Bar.baz--Qux')).toBe('foo-bar-baz-qux');
  });
  it('parses requirements', () => {
    expect(parseRequirement('requests[socks]>=2.31 ; python_version < "3.12"')).toEqual({
      name: 'requests',
      version: '>=2.31',
    });
    expect(parseRequirement('Django (>=4,<5)')).toEqual({ name: 'django', version: '>=4,<5' });
    expect(parseRequirement('numpy')).toEqual({ name: 'numpy', version: undefined });
    expect(parseRequirement('  ')).toBeNull();
  });
});

describe('readPyproject', () => {
  it('reads [project], optional dependencies and dependency groups', () => {
    const toml = `[project]
name = "Acme_Client"
version = "0.3.0"
dependencies = ["httpx>=0.27", "pydantic"]
[project.optional-dependencies]
cli = ["typer"]
[dependency-groups]
test = ["pytest>=8", { include-group = "lint" }]
lint = ["ruff"]
`;
    const r = readPyproject(input('pyproject.toml', toml));
    expect(r.problems).toEqual([]);
    expect(rows(r)).toEqual([
      ['publishes', 'acme-client', '0.3.0', undefined],
      ['consumes', 'httpx', '>=0.27', 'runtime'],
      ['consumes', 'pydantic', undefined, 'runtime'],
      ['consumes', 'typer', undefined, 'optional'],
      ['consumes', 'pytest', '>=8', 'test'],
      ['consumes', 'ruff', undefined, 'build'],
    ]);
  });

  it('reads Poetry', () => {
    const toml = `[tool.poetry]
name = "acme-lib"
version = "1.0.0"
[tool.poetry.dependencies]
python = "^3.11"
requests = "^2.31"
boto3 = { version = "^1.34", optional = true }
[tool.poetry.group.test.dependencies]
pytest = "^8"
[tool.poetry.dev-dependencies]
black = "*"
`;
    expect(rows(readPyproject(input('pyproject.toml', toml)))).toEqual([
      ['publishes', 'acme-lib', '1.0.0', undefined],
      ['consumes', 'requests', '^2.31', 'runtime'],
      ['consumes', 'boto3', '^1.34', 'optional'],
      ['consumes', 'black', '*', 'dev'],
      ['consumes', 'pytest', '^8', 'test'],
    ]);
  });

  it('reports wrong types and throws on malformed TOML', () => {
    const r = readPyproject(input('pyproject.toml', '[project]\nname = 3\ndependencies = "x"\n'));
    expect(r.problems).toEqual([
      '"project.name" must be a string, found number',
      '"project.dependencies" must be an array, found string',
    ]);
    expect(() => readPyproject(input('pyproject.toml', '[project\nname="x"'))).toThrow();
  });
});

describe('readRequirements', () => {
  it('skips options, includes, URLs and comments; scopes by file name', () => {
    const text =
      '# deps\n-r base.txt\n--index-url https://pypi.example.com\nFlask==3.0.0  # web\n-e .\ngit+https://x/y.git\n./local\nSQLAlchemy>=2 \\\n';
    expect(rows(readRequirements(input('requirements.txt', text)))).toEqual([
      ['consumes', 'flask', '==3.0.0', 'runtime'],
      ['consumes', 'sqlalchemy', '>=2', 'runtime'],
    ]);
    expect(readRequirements(input('requirements-test.txt', 'pytest\n')).packages[0].scope).toBe('test');
    expect(readRequirements(input('requirements/dev.txt', 'black\n')).packages[0].scope).toBe('dev');
  });
});

describe('readSetupCfg and readPipfile', () => {
  it('reads setup.cfg', () => {
    const cfg = `[metadata]
name = acme.tools
version = 2.0
[options]
install_requires =
    click>=8
    rich
tests_require = pytest
[options.extras_require]
yaml = pyyaml
`;
    expect(rows(readSetupCfg(input('setup.cfg', cfg)))).toEqual([
      ['publishes', 'acme-tools', '2.0', undefined],
      ['consumes', 'click', '>=8', 'runtime'],
      ['consumes', 'rich', undefined, 'runtime'],
      ['consumes', 'pytest', undefined, 'test'],
      ['consumes', 'pyyaml', undefined, 'optional'],
    ]);
  });

  it('reads a Pipfile', () => {
    const pipfile = '[packages]\nrequests = "*"\n[dev-packages]\npytest = { version = ">=8" }\n';
    expect(rows(readPipfile(input('Pipfile', pipfile)))).toEqual([
      ['consumes', 'requests', '*', 'runtime'],
      ['consumes', 'pytest', '>=8', 'dev'],
    ]);
  });
});
