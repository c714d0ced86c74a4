// composer.json: `name` publishes; `require` and `require-dev` consume, leaving out the platform
// (`php`, `ext-*`, `lib-*`, `composer-*`), which no repository publishes.

import type { PackageFact } from '../facts.ts';
import { isRecord, ManifestCollector, type ManifestInput, type ManifestResult, typeName } from './common.ts';

const PLATFORM = /^(php(-64bit|-ipv6|-zts|-debug)?|hhvm|ext-.+|lib-.+|composer(-plugin-api|-runtime-api)?)$/i;

/** Reads one composer.json. */
export function readComposerJson(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('composer', input.path);
  const json: unknown = JSON.parse(input.text);
  if (!isRecord(json)) {
    out.problem(`expected an object at the top level, found ${typeName(json)}`);
    return out.result();
  }
  out.describe(json.description);
  if (typeof json.name === 'string')
    out.publishes(json.name.toLowerCase(), typeof json.version === 'string' ? json.version : undefined);
  else if (json.name !== undefined) out.problem(`"name" must be a string, found ${typeName(json.name)}`);
  for (const [key, scope] of [
    ['require', 'runtime'],
    ['require-dev', 'dev'],
  ] as [string, PackageFact['scope']][]) {
    const deps = json[key];
    if (deps === undefined) continue;
    if (!isRecord(deps)) {
      out.problem(`"${key}" must be an object, found ${typeName(deps)}`);
      continue;
    }
    for (const [name, constraint] of Object.entries(deps)) {
      if (PLATFORM.test(name)) continue;
      out.consumes(name.toLowerCase(), typeof constraint === 'string' ? constraint : undefined, scope);
    }
  }
  return out.result();
}
