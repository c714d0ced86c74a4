// Generates the config's JSON Schema and docs/configuration.md from the zod schema, so the docs cannot drift
// from what the loader accepts (a test compares the committed files with freshly generated ones).

import { z } from 'zod';
import { configSchema } from './schema.ts';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  const?: unknown;
  required?: string[];
}

/** The JSON Schema of agora.yaml (for editors: `# yaml-language-server: $schema=…`). */
export function configJsonSchema(): JsonSchema {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(' \\| ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(' \\| ');
  if (s.type === 'array') return `${s.items ? typeOf(s.items) : 'any'}[]`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `map of ${typeOf(s.additionalProperties)}`;
  }
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function rows(s: JsonSchema, prefix: string, out: string[]): void {
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const path = `${prefix}${key}`;
    const def = child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
    out.push(
      `| \`${path}\` | ${typeOf(child)} | ${def} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`,
    );
    if (child.properties) rows(child, `${path}.`, out);
    // A key with an object form besides a short one (`bots: [...]` or `bots: { add, notBots }`).
    for (const variant of child.anyOf ?? child.oneOf ?? [])
      if (variant.properties) rows(variant, `${path}.`, out);
    const items = child.items;
    for (const variant of items?.anyOf ?? items?.oneOf ?? (items?.properties ? [items] : [])) {
      rows(variant, `${path}[].`, out);
    }
    const values = child.additionalProperties;
    if (values && typeof values === 'object' && values.properties) rows(values, `${path}.<name>.`, out);
  }
}

/** docs/configuration.md */
export function configMarkdown(): string {
  const out = [
    '# Configuration (`agora.yaml`)',
    '',
    '<!-- Generated from src/config/schema.ts by `node --import tsx src/config/docs.ts`; do not edit. -->',
    '',
    'Agora reads `./agora.yaml`, or the file given with `--config`. Every key is optional: with no config,',
    '`agora crawl PATH…` crawls those folders into `.agora/agora.db`. Errors name the file, the line and the',
    'key (`agora.yaml:5 sources[0].maxDepht: unknown key`). `agora init` writes a commented starter file.',
    'Environment: `DATABASE_URL` overrides `database`; `AGORA_ADMIN_TOKEN` overrides `server.adminToken`.',
    '',
    '| key | type | default | meaning |',
    '|---|---|---|---|',
  ];
  rows(configJsonSchema(), '', out);
  out.push('');
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync('docs/configuration.md', configMarkdown());
  writeFileSync('docs/agora.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
}
