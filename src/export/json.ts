// Agora's own JSON export: the project summaries exactly as the API's /projects items, for scripts.

import type { ProjectSummary } from '../server/api-types.ts';
import type { Catalogue } from '../server/catalogue.ts';

export interface JsonExport {
  generatedAt: string;
  total: number;
  items: ProjectSummary[];
}

/** Every project summary, best score first. */
export function toJsonExport(cat: Catalogue): JsonExport {
  const items = [...cat.projects]
    .map((p) => p.summary)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { generatedAt: cat.builtAt.toISOString(), total: items.length, items };
}
