// Reads innersource.json, the InnerSource Portal's project descriptor (title, motivation, contributions,
// skills, logo, docs, language). Older spellings are accepted; each wrongly typed key is a finding.

import { z } from 'zod';
import type { Finding, InnerSourceMeta, OwnerFact } from './facts.ts';
import { isRecord, ownValue } from './manifests/common.ts';

export const INNERSOURCE_PATHS = [
  'innersource.json',
  '.github/innersource.json',
  'docs/innersource.json',
] as const;

const text = z.string().max(20_000);
// A list may be written as one comma-separated string in older descriptors.
const list = z.union([
  z.array(z.string().max(500)).max(500),
  z
    .string()
    .max(20_000)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
]);

const FIELDS = {
  title: text,
  motivation: text,
  contributions: list,
  skills: list,
  logo: text,
  docs: text,
  language: text,
} as const;

// Legacy or alternative keys and the field they mean.
const ALIASES: Record<string, keyof typeof FIELDS> = {
  name: 'title',
  description: 'motivation',
  documentation: 'docs',
  contribution: 'contributions',
  contributionTypes: 'contributions',
  skill: 'skills',
  languages: 'language',
};

export interface InnerSourceResult {
  meta: InnerSourceMeta | null;
  owners: OwnerFact[];
  findings: Finding[];
}

/** Parses innersource.json text; an `owner`/`owners` key (an Agora extension) declares owners. */
export function parseInnerSourceJson(source: string, path: string): InnerSourceResult {
  const findings: Finding[] = [];
  const invalid = (message: string): void => {
    findings.push({ code: 'INNERSOURCE_JSON_INVALID', severity: 'warning', message, path });
  };
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (err) {
    invalid(`not valid JSON: ${(err as Error).message.slice(0, 200)}`);
    return { meta: null, owners: [], findings };
  }
  if (!isRecord(json)) {
    invalid('expected a JSON object at the top level');
    return { meta: null, owners: [], findings };
  }
  const meta: InnerSourceMeta = {};
  for (const [rawKey, value] of Object.entries(json)) {
    // Own properties only: a key such as `toString` or `__proto__` must not reach a prototype.
    const field = Object.hasOwn(FIELDS, rawKey) ? (rawKey as keyof typeof FIELDS) : ownValue(ALIASES, rawKey);
    if (!field) continue;
    // The official key wins over a legacy alias.
    if (field !== rawKey && ownValue(json, field) !== undefined) continue;
    if (field === 'language' && Array.isArray(value)) {
      if (typeof value[0] === 'string') meta.language = value[0];
      continue;
    }
    const parsed = FIELDS[field].safeParse(value);
    if (!parsed.success) {
      invalid(`"${rawKey}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      continue;
    }
    (meta as Record<string, unknown>)[field] = parsed.data;
  }
  const owners: OwnerFact[] = [];
  const declared = ownValue(json, 'owners') ?? ownValue(json, 'owner');
  const names = typeof declared === 'string' ? [declared] : Array.isArray(declared) ? declared : [];
  if (declared !== undefined && names.length === 0)
    invalid('"owner" must be a string or an array of strings');
  for (const name of names) {
    if (typeof name !== 'string' || !name.trim()) {
      invalid('"owners" must hold strings');
      continue;
    }
    const owner = name.trim();
    const kind: OwnerFact['kind'] =
      owner.includes('/') && owner.startsWith('@')
        ? 'team'
        : owner.startsWith('@')
          ? 'user'
          : owner.includes('@')
            ? 'email'
            : 'group';
    owners.push({ owner, kind, source: 'innersource', catchAll: true });
  }
  return { meta, owners, findings };
}
