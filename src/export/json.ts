// Agora's own JSON export: the project summaries as the API's /projects items, for scripts; the outside share is
// the metrics' own (null where it cannot be measured).

import type { ProjectSummary } from '../server/api-types.ts';
import type { Catalogue } from '../server/catalogue.ts';

/** A project summary as exported: `outsideShare90` is null where the metrics cannot measure it (never a 0). */
export type ExportedProject = Omit<ProjectSummary, 'outsideShare90'> & { outsideShare90: number | null };

export interface JsonExport {
  generatedAt: string;
  total: number;
  items: ExportedProject[];
}

/** Every project summary, best score first. */
export function toJsonExport(cat: Catalogue): JsonExport {
  const items: ExportedProject[] = [...cat.projects]
    .map((p) => ({ ...p.summary, outsideShare90: p.outsideShare90 }))
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return { generatedAt: cat.builtAt.toISOString(), total: items.length, items };
}
