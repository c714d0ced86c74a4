// Derives the compact language table Agora ships (linguist-data.json) from the `linguist-languages`
// package, whose 800 modules take seconds to import. Regenerate: `npx tsx src/analyse/linguist-data.ts`.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LinguistTable {
  /** Version of `linguist-languages` the table was generated from. */
  version: string;
  languages: LinguistRecord[];
}

export interface LinguistRecord {
  name: string;
  type: string;
  extensions?: string[];
  filenames?: string[];
  aliases?: string[];
}

/** Version of the installed `linguist-languages`. */
export function installedLinguistVersion(): string {
  const entry = createRequire(import.meta.url).resolve('linguist-languages');
  return JSON.parse(readFileSync(join(dirname(entry), 'package.json'), 'utf8')).version;
}

/** Builds the table from the installed `linguist-languages` (slow: use only to regenerate). */
export async function buildLinguistData(): Promise<LinguistTable> {
  const all = (await import('linguist-languages')) as unknown as Record<string, Partial<LinguistRecord>>;
  const out: LinguistRecord[] = [];
  for (const [key, lang] of Object.entries(all)) {
    if (key === 'default' || !lang || typeof lang.name !== 'string' || typeof lang.type !== 'string')
      continue;
    const record: LinguistRecord = { name: lang.name, type: lang.type };
    if (lang.extensions?.length) record.extensions = [...lang.extensions];
    if (lang.filenames?.length) record.filenames = [...lang.filenames];
    if (lang.aliases?.length) record.aliases = [...lang.aliases];
    out.push(record);
  }
  out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { version: installedLinguistVersion(), languages: out };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = fileURLToPath(new URL('./linguist-data.json', import.meta.url));
  writeFileSync(target, `${JSON.stringify(await buildLinguistData())}\n`);
}
