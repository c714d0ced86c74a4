// Reads innersource.json, the InnerSource Portal's project descriptor (title, motivation, contributions,
// skills, logo, docs, language), plus Agora's `helpWantedLabels`. Older spellings are accepted; each wrongly
// typed key is a finding. The response-time promise keys are read by response-promise.ts.

import type { Finding, InnerSourceMeta, OwnerFact } from './facts.ts';
import { type Checked, checkText, checkTextList } from './field-check.ts';
import { isRecord, ownValue } from './manifests/common.ts';

export const INNERSOURCE_PATHS = [
  'innersource.json',
  '.github/innersource.json',
  'docs/innersource.json',
] as const;

/** A text field: one string. */
const text = (v: unknown): Checked<unknown> => checkText(v, 20_000);
/** A list: an array of strings, or one comma-separated string as older descriptors write it. */
const list = (v: unknown): Checked<unknown> => {
  if (typeof v !== 'string') return checkTextList(v, 500, 500);
  const t = checkText(v, 20_000);
  if (!t.ok) return t;
  return {
    ok: true,
    value: t.value
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  };
};

const FIELD_CHECKS = {
  title: text,
  motivation: text,
  contributions: list,
  skills: list,
  logo: text,
  docs: text,
  language: text,
  // An Agora extension: issue labels that mark a gig in this repo (docs/configuration.md, "Gigs").
  helpWantedLabels: list,
} as const;

const FIELD_NAMES = [
  'title',
  'motivation',
  'contributions',
  'skills',
  'logo',
  'docs',
  'language',
  'helpWantedLabels',
] as const;
type Field = (typeof FIELD_NAMES)[number];
const FIELDS: Record<Field, true> = Object.fromEntries(FIELD_NAMES.map((f) => [f, true])) as Record<
  Field,
  true
>;

// Legacy or alternative keys and the field they mean.
const ALIASES: Record<string, Field> = {
  name: 'title',
  description: 'motivation',
  documentation: 'docs',
  contribution: 'contributions',
  contributionTypes: 'contributions',
  skill: 'skills',
  languages: 'language',
  helpWanted: 'helpWantedLabels',
  help_wanted: 'helpWantedLabels',
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
    const field = Object.hasOwn(FIELDS, rawKey) ? (rawKey as Field) : ownValue(ALIASES, rawKey);
    if (!field) continue;
    // The official key wins over a legacy alias.
    if (field !== rawKey && ownValue(json, field) !== undefined) continue;
    if (field === 'language' && Array.isArray(value)) {
      if (typeof value[0] === 'string') meta.language = value[0];
      continue;
    }
    const checked = FIELD_CHECKS[field](value);
    if (!checked.ok) {
      invalid(`"${rawKey}": ${checked.message}`);
      continue;
    }
    (meta as Record<string, unknown>)[field] = checked.value;
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
