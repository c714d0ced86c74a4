// Cargo.toml: [package] name publishes unless `publish = false`; dependency tables consume (also per
// target and [workspace.dependencies]); `package = "…"` renames resolve to the real crate.

import type { PackageFact } from '../facts.ts';
import { isRecord, ManifestCollector, type ManifestInput, type ManifestResult, typeName } from './common.ts';
import { parseToml } from './parsers.ts';

const TABLES: [string, PackageFact['scope']][] = [
  ['dependencies', 'runtime'],
  ['dev-dependencies', 'dev'],
  ['build-dependencies', 'build'],
];

function consumeTable(
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
  for (const [alias, spec] of Object.entries(table)) {
    if (typeof spec === 'string') {
      out.consumes(alias, spec, scope);
      continue;
    }
    if (!isRecord(spec)) {
      out.problem(`"${key}.${alias}" must be a string or a table, found ${typeName(spec)}`);
      continue;
    }
    const name = typeof spec.package === 'string' ? spec.package : alias;
    const version = typeof spec.version === 'string' ? spec.version : undefined;
    out.consumes(name, version, spec.optional === true ? 'optional' : scope);
  }
}

/** Reads one Cargo.toml (a package, a workspace root, or both). */
export function readCargoToml(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('cargo', input.path);
  const doc = parseToml(input.text);
  const pkg = doc.package;
  if (pkg !== undefined && !isRecord(pkg)) out.problem('"package" must be a table');
  if (isRecord(pkg)) {
    out.describe(pkg.description);
    if (typeof pkg.name !== 'string')
      out.problem(`"package.name" must be a string, found ${typeName(pkg.name)}`);
    else if (pkg.publish !== false)
      out.publishes(pkg.name, typeof pkg.version === 'string' ? pkg.version : undefined);
  }
  for (const [key, scope] of TABLES) consumeTable(out, doc[key], key, scope);
  if (isRecord(doc.target)) {
    for (const [target, table] of Object.entries(doc.target)) {
      if (!isRecord(table)) continue;
      for (const [key, scope] of TABLES) consumeTable(out, table[key], `target.${target}.${key}`, scope);
    }
  }
  if (isRecord(doc.workspace))
    consumeTable(out, doc.workspace.dependencies, 'workspace.dependencies', 'runtime');
  return out.result();
}
