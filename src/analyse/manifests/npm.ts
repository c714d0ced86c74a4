// package.json: the package name publishes unless `private: true`; dependency maps consume, by scope.

import type { PackageFact } from '../facts.ts';
import { isRecord, ManifestCollector, type ManifestInput, type ManifestResult, typeName } from './common.ts';

const DEPENDENCY_KEYS: [string, PackageFact['scope']][] = [
  ['dependencies', 'runtime'],
  ['devDependencies', 'dev'],
  ['peerDependencies', 'peer'],
  ['optionalDependencies', 'optional'],
];

/** Reads one package.json (a workspace member's too: each is its own manifest). */
export function readPackageJson(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('npm', input.path);
  const json: unknown = JSON.parse(input.text);
  if (!isRecord(json)) {
    out.problem(`expected an object at the top level, found ${typeName(json)}`);
    return out.result();
  }
  const { name, version } = json;
  if (name !== undefined && typeof name !== 'string')
    out.problem(`"name" must be a string, found ${typeName(name)}`);
  if (version !== undefined && typeof version !== 'string') {
    out.problem(`"version" must be a string, found ${typeName(version)}`);
  }
  out.describe(json.description);
  if (typeof name === 'string' && json.private !== true) {
    out.publishes(name, typeof version === 'string' ? version : undefined);
  }
  for (const [key, scope] of DEPENDENCY_KEYS) {
    const deps = json[key];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      out.problem(`"${key}" must be an object, found ${typeName(deps)}`);
      continue;
    }
    for (const [dep, range] of Object.entries(deps)) {
      if (typeof range !== 'string') {
        out.problem(`"${key}.${dep}" must be a version string, found ${typeName(range)}`);
        continue;
      }
      out.consumes(dep, range, scope);
    }
  }
  return out.result();
}
