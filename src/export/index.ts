// The export formats by name, shared by the API (/api/v1/export/*) and `agora export`.

import type { Catalogue } from '../server/catalogue.ts';
import { toBackstageYaml } from './backstage.ts';
import { toCsv } from './csv.ts';
import { toJsonExport } from './json.ts';
import { toSapPortal } from './sap-portal.ts';

export const EXPORT_FORMATS = ['sap-portal', 'backstage', 'csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportResult {
  contentType: string;
  fileName: string;
  body: string;
}

/** Renders the catalogue in one format. */
export function exportCatalogue(
  cat: Catalogue,
  format: ExportFormat,
  opts: { portalUrl?: string } = {},
): ExportResult {
  switch (format) {
    case 'sap-portal':
      return {
        contentType: 'application/json; charset=utf-8',
        fileName: 'repos.json',
        body: `${JSON.stringify(toSapPortal(cat, opts), null, 2)}\n`,
      };
    case 'backstage':
      return {
        contentType: 'application/yaml; charset=utf-8',
        fileName: 'catalog-info.yaml',
        body: toBackstageYaml(cat),
      };
    case 'csv':
      return {
        contentType: 'text/csv; charset=utf-8; header=present',
        fileName: 'repos.csv',
        body: toCsv(cat),
      };
    case 'json':
      return {
        contentType: 'application/json; charset=utf-8',
        fileName: 'agora-projects.json',
        body: `${JSON.stringify(toJsonExport(cat), null, 2)}\n`,
      };
  }
}
