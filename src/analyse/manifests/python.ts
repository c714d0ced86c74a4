// Python manifests: pyproject.toml ([project], Poetry, PEP 735 groups), setup.cfg, requirements*.txt
// and Pipfile. Names are normalised per PEP 503 so `Foo_Bar` and `foo-bar` are one package.

import type { PackageFact } from '../facts.ts';
import { baseName } from '../paths.ts';
import { isRecord, ManifestCollector, type ManifestInput, type ManifestResult, typeName } from './common.ts';
import { parseToml } from './parsers.ts';

/** PEP 503 normal form: lower case, runs of `-`, `_`, `.` become one `-`. */
export function normalisePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Name and version specifier of a PEP 508 requirement (`requests[socks]>=2; python_version<"3.8"`). */
export function parseRequirement(spec: string): { name: string; version?: string } | null {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(\(?\s*[<>=!~][^;@]*)?/.exec(spec);
  if (!m) return null;
  const version = m[2]?.replace(/[()\s]/g, '') || undefined;
  return { name: normalisePypiName(m[1]), version };
}

function scopeOfGroup(group: string): PackageFact['scope'] {
  const g = group.toLowerCase();
  if (/test/.test(g)) return 'test';
  if (/^(doc|docs|lint|typing|build)$/.test(g)) return 'build';
  return 'dev';
}

function consumeList(out: ManifestCollector, list: unknown, key: string, scope: PackageFact['scope']): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    out.problem(`"${key}" must be an array, found ${typeName(list)}`);
    return;
  }
  for (const item of list) {
    if (typeof item !== 'string') {
      // PEP 735 allows `{ include-group = "x" }`; nothing to record for it.
      if (!isRecord(item)) out.problem(`"${key}" holds a ${typeName(item)}, expected a string`);
      continue;
    }
    const req = parseRequirement(item);
    if (req) out.consumes(req.name, req.version, scope);
  }
}

function consumePoetryTable(
  out: ManifestCollector,
  table: unknown,
  key: string,
  scope: PackageFact['scope'],
): void {
  if (table === undefined) return;
  if (!isRecord(table)) {
    out.problem(`"${key}" must be a table, found ${typeName(table)}`);
    return;
  }
  for (const [name, spec] of Object.entries(table)) {
    if (name.toLowerCase() === 'python') continue;
    const version =
      typeof spec === 'string'
        ? spec
        : isRecord(spec) && typeof spec.version === 'string'
          ? spec.version
          : undefined;
    const optional = isRecord(spec) && spec.optional === true;
    out.consumes(normalisePypiName(name), version, optional ? 'optional' : scope);
  }
}

/** Reads one pyproject.toml. */
export function readPyproject(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('pypi', input.path);
  const doc = parseToml(input.text);
  const project = doc.project;
  if (project !== undefined && !isRecord(project)) out.problem('"project" must be a table');
  if (isRecord(project)) {
    out.describe(project.description);
    if (typeof project.name === 'string') {
      out.publishes(
        normalisePypiName(project.name),
        typeof project.version === 'string' ? project.version : undefined,
      );
    } else if (project.name !== undefined)
      out.problem(`"project.name" must be a string, found ${typeName(project.name)}`);
    consumeList(out, project.dependencies, 'project.dependencies', 'runtime');
    const optional = project['optional-dependencies'];
    if (isRecord(optional)) {
      for (const [extra, list] of Object.entries(optional)) {
        consumeList(out, list, `project.optional-dependencies.${extra}`, 'optional');
      }
    }
  }
  const groups = doc['dependency-groups'];
  if (isRecord(groups)) {
    for (const [group, list] of Object.entries(groups))
      consumeList(out, list, `dependency-groups.${group}`, scopeOfGroup(group));
  }
  const tool = isRecord(doc.tool) ? doc.tool : {};
  const poetry = tool.poetry;
  if (isRecord(poetry)) {
    out.describe(poetry.description);
    const publishes = out.packages.some((p) => p.role === 'publishes');
    if (!publishes && typeof poetry.name === 'string' && poetry['package-mode'] !== false) {
      out.publishes(
        normalisePypiName(poetry.name),
        typeof poetry.version === 'string' ? poetry.version : undefined,
      );
    }
    consumePoetryTable(out, poetry.dependencies, 'tool.poetry.dependencies', 'runtime');
    consumePoetryTable(out, poetry['dev-dependencies'], 'tool.poetry.dev-dependencies', 'dev');
    if (isRecord(poetry.group)) {
      for (const [group, spec] of Object.entries(poetry.group)) {
        if (isRecord(spec))
          consumePoetryTable(
            out,
            spec.dependencies,
            `tool.poetry.group.${group}.dependencies`,
            scopeOfGroup(group),
          );
      }
    }
  }
  return out.result();
}

/** Reads a requirements file: one requirement a line; options, includes, URLs and paths are skipped. */
export function readRequirements(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('pypi', input.path);
  const base = baseName(input.path).toLowerCase();
  const scope: PackageFact['scope'] = /test/.test(base)
    ? 'test'
    : /dev|lint|doc/.test(base)
      ? 'dev'
      : 'runtime';
  for (const raw of input.text.split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (
      !line ||
      line.startsWith('-') ||
      /^[a-z+]+:\/\//i.test(line) ||
      line.startsWith('.') ||
      line.startsWith('/')
    )
      continue;
    const req = parseRequirement(line.replace(/\s*\\$/, ''));
    if (req) out.consumes(req.name, req.version, scope);
  }
  return out.result();
}

/** Reads a Pipfile ([packages] and [dev-packages]). */
export function readPipfile(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('pypi', input.path);
  const doc = parseToml(input.text);
  consumePoetryTable(out, doc.packages, 'packages', 'runtime');
  consumePoetryTable(out, doc['dev-packages'], 'dev-packages', 'dev');
  return out.result();
}

/** Minimal INI reader for setup.cfg: sections, keys, and indented continuation lines. */
function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section = new Map<string, string>();
  let key: string | null = null;
  sections.set('', section);
  for (const raw of text.split('\n')) {
    if (/^\s*[#;]/.test(raw) || !raw.trim()) continue;
    const head = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (head) {
      section = new Map();
      sections.set(head[1].trim(), section);
      key = null;
      continue;
    }
    if (/^\s/.test(raw) && key) {
      section.set(key, `${section.get(key)}\n${raw.trim()}`);
      continue;
    }
    const kv = /^([^=:]+)[=:](.*)$/.exec(raw);
    if (!kv) continue;
    key = kv[1].trim();
    section.set(key, kv[2].trim());
  }
  return sections;
}

function requirementsOf(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[\n;]/)
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('#'));
}

/** Reads one setup.cfg ([metadata] name, [options] install_requires, extras). */
export function readSetupCfg(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('pypi', input.path);
  const ini = parseIni(input.text);
  const name = ini.get('metadata')?.get('name');
  const description = ini.get('metadata')?.get('description');
  if (description && !description.startsWith('file:') && !description.startsWith('attr:'))
    out.describe(description);
  if (name && !name.includes('attr:'))
    out.publishes(normalisePypiName(name), ini.get('metadata')?.get('version'));
  const options = ini.get('options');
  for (const spec of requirementsOf(options?.get('install_requires'))) {
    const req = parseRequirement(spec);
    if (req) out.consumes(req.name, req.version, 'runtime');
  }
  for (const spec of requirementsOf(options?.get('tests_require'))) {
    const req = parseRequirement(spec);
    if (req) out.consumes(req.name, req.version, 'test');
  }
  for (const [, value] of ini.get('options.extras_require') ?? []) {
    for (const spec of requirementsOf(value)) {
      const req = parseRequirement(spec);
      if (req) out.consumes(req.name, req.version, 'optional');
    }
  }
  return out.result();
}
