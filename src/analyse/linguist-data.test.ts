import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LinguistTable } from './linguist-data.ts';
import { installedLinguistVersion } from './linguist-data.ts';

// Regenerate after upgrading linguist-languages: `npx tsx src/analyse/linguist-data.ts`.
const table: LinguistTable = JSON.parse(
  readFileSync(new URL('./linguist-data.json', import.meta.url), 'utf8'),
);

describe('linguist-data.json', () => {
  it('was generated from the installed linguist-languages', () => {
    expect(table.version).toBe(installedLinguistVersion());
  });

  it.each(['TypeScript', 'C', 'Markdown', 'Gradle Kotlin DSL'])(
    'holds %s as the package describes it',
    async (name) => {
      const mod = await import(`linguist-languages/data/${name.replace(/ /g, '_20_')}`);
      const lang = mod.default;
      const record = table.languages.find((l) => l.name === name);
      expect(record).toEqual({
        name: lang.name,
        type: lang.type,
        ...(lang.extensions?.length ? { extensions: [...lang.extensions] } : {}),
        ...(lang.filenames?.length ? { filenames: [...lang.filenames] } : {}),
        ...(lang.aliases?.length ? { aliases: [...lang.aliases] } : {}),
      });
    },
  );
});
