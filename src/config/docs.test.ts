import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { configJsonSchema, configMarkdown } from './docs.ts';

const root = join(import.meta.dirname, '..', '..');

it('docs/configuration.md is generated from the schema (run src/config/docs.ts to update)', () => {
  expect(readFileSync(join(root, 'docs/configuration.md'), 'utf8')).toBe(configMarkdown());
});

it('docs/agora.schema.json is generated from the schema', () => {
  expect(JSON.parse(readFileSync(join(root, 'docs/agora.schema.json'), 'utf8'))).toEqual(configJsonSchema());
});

it('names the kinds of a list of tagged objects instead of repeating "object"', () => {
  const md = configMarkdown();
  expect(md).toContain(
    '| `sources` | list of: object with `type` "local" \\| "urls" \\| "github" \\| "gitlab" \\| "gitea" |',
  );
  expect(md).not.toMatch(/object \\\| object/);
});
