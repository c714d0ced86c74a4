// Reads Backstage's catalog-info.yaml: of its YAML documents, the Component (or the first entity with
// an owner) gives name, description, tags, owner, type, lifecycle and system. Fields checked by ./field-check.ts;
// yaml comes from ./manifests/parsers.ts, so a check of a tree without this file does not load it.

import type { CatalogInfo, Finding, OwnerFact } from './facts.ts';
import { checkText, checkTextList } from './field-check.ts';
import { isRecord } from './manifests/common.ts';
import { library } from './manifests/parsers.ts';

export const CATALOG_INFO_PATHS = [
  'catalog-info.yaml',
  'catalog-info.yml',
  '.backstage/catalog-info.yaml',
] as const;

const MAX_DOCUMENTS = 50;
// Real descriptors nest a handful of levels; the YAML parser recurses, and slows badly, on thousands.
const MAX_FLOW_DEPTH = 64;

/** Deepest nesting of `[`/`{` flow collections (quotes ignored: a cheap upper bound). */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

// Each field is checked on its own, so one wrong field does not throw away the others.
const FIELDS = {
  name: ['metadata', 'name', (v: unknown) => checkText(v, 253, 1)],
  description: ['metadata', 'description', (v: unknown) => checkText(v, 10_000)],
  tags: ['metadata', 'tags', (v: unknown) => checkTextList(v, 200, 100)],
  owner: ['spec', 'owner', (v: unknown) => checkText(v, 300, 1)],
  type: ['spec', 'type', (v: unknown) => checkText(v, 100, 1)],
  lifecycle: ['spec', 'lifecycle', (v: unknown) => checkText(v, 100, 1)],
  system: ['spec', 'system', (v: unknown) => checkText(v, 300, 1)],
} as const;

export interface CatalogInfoResult {
  catalog: CatalogInfo | null;
  owners: OwnerFact[];
  findings: Finding[];
}

function pickEntity(entities: Record<string, unknown>[]): Record<string, unknown> | undefined {
  const hasOwner = (e: Record<string, unknown>) => isRecord(e.spec) && e.spec.owner !== undefined;
  return (
    entities.find((e) => e.kind === 'Component' && hasOwner(e)) ??
    entities.find(hasOwner) ??
    entities.find((e) => e.kind === 'Component') ??
    entities[0]
  );
}

/** A Backstage owner reference as a group or user ref; `payments` means `group:payments`. */
export function ownerRef(owner: string): { owner: string; kind: OwnerFact['kind'] } {
  const m = /^(\w+):(.+)$/.exec(owner);
  if (!m) return { owner: `group:${owner}`, kind: 'group' };
  const kind = m[1].toLowerCase();
  return { owner: `${kind}:${m[2]}`, kind: kind === 'user' ? 'user' : 'group' };
}

/** Parses catalog-info.yaml text. */
export function parseCatalogInfo(text: string, path: string): CatalogInfoResult {
  const findings: Finding[] = [];
  const invalid = (message: string): void => {
    findings.push({ code: 'CATALOG_INFO_INVALID', severity: 'warning', message, path });
  };
  const entities: Record<string, unknown>[] = [];
  if (flowDepth(text) > MAX_FLOW_DEPTH) {
    invalid(`nesting deeper than ${MAX_FLOW_DEPTH} levels; not parsed`);
    return { catalog: null, owners: [], findings };
  }
  let docs: ReturnType<typeof import('yaml').parseAllDocuments>;
  try {
    docs = library('yaml').parseAllDocuments(text, { uniqueKeys: false });
  } catch (err) {
    invalid(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    return { catalog: null, owners: [], findings };
  }
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list.slice(0, MAX_DOCUMENTS)) {
    if (doc.errors.length > 0) {
      invalid(`not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
      continue;
    }
    let value: unknown;
    try {
      // maxAliasCount guards against alias bombs ("billion laughs").
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      invalid(`not valid YAML: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    if (value === null || value === undefined) continue;
    if (!isRecord(value)) {
      invalid('a document is not a mapping');
      continue;
    }
    entities.push(value);
  }
  const entity = pickEntity(entities);
  if (!entity) return { catalog: null, owners: [], findings };
  const catalog: CatalogInfo = {};
  for (const [field, [parent, key, check]] of Object.entries(FIELDS)) {
    const holder = entity[parent];
    if (!isRecord(holder) || holder[key] === undefined) continue;
    const checked = check(holder[key]);
    if (!checked.ok) {
      invalid(`${parent}.${key}: ${checked.message}`);
      continue;
    }
    (catalog as Record<string, unknown>)[field] = checked.value;
  }
  const owners: OwnerFact[] = [];
  if (catalog.owner) {
    const ref = ownerRef(catalog.owner);
    owners.push({ ...ref, source: 'catalog-info', catchAll: true });
  }
  return { catalog, owners, findings };
}
