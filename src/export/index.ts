// The export formats by name, shared by the API (/api/v1/export/*) and `agora export`.

import { AgoraError } from '../errors.ts';
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

/**
 * Renders the catalogue in one format. The SAP portal links every repo by an absolute `html_url`: a repo
 * without a forge URL links to its Agora page, so without `portalUrl` that export fails with USAGE (exit 2)
 * rather than write links the SAP portal cannot open.
 */
export async function exportCatalogue(
  cat: Catalogue,
  format: ExportFormat,
  opts: { portalUrl?: string } = {},
): Promise<ExportResult> {
  switch (format) {
    case 'sap-portal': {
      const local = cat.projects.filter((p) => !p.row.web_url);
      if (!opts.portalUrl && local.length > 0) {
        throw new AgoraError(
          'USAGE',
          `sap-portal: ${local.length} repositories have no forge URL (e.g. ${local[0].summary.id}); their links would point at the Agora portal, whose public URL is unknown. Pass --portal-url https://agora.example.com or set server.publicUrl in the config.`,
        );
      }
      return {
        contentType: 'application/json; charset=utf-8',
        fileName: 'repos.json',
        body: `${JSON.stringify(toSapPortal(cat, opts), null, 2)}\n`,
      };
    }
    case 'backstage': {
      // The re-use graph gives `dependsOn`; without it (metrics rejected the config) the components stand alone.
      const edges = await cat.org.graph().then(
        (g) => g.edges,
        () => [],
      );
      return {
        contentType: 'application/yaml; charset=utf-8',
        fileName: 'catalog-info.yaml',
        body: toBackstageYaml(cat, { edges }),
      };
    }
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
