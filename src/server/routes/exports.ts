// /api/v1/export/*: the SAP portal's repos.json, Backstage catalog-info.yaml and a CSV.

import type { FastifyInstance } from 'fastify';
import { type ExportFormat, exportCatalogue } from '../../export/index.ts';

const ROUTES: { path: string; format: ExportFormat; summary: string }[] = [
  {
    path: '/api/v1/export/repos.json',
    format: 'sap-portal',
    summary: 'repos.json in the SAP InnerSource portal format',
  },
  {
    path: '/api/v1/export/catalog-info.yaml',
    format: 'backstage',
    summary: 'Backstage Component entities (multi-document YAML)',
  },
  { path: '/api/v1/export/repos.csv', format: 'csv', summary: 'The catalogue as CSV (RFC 4180)' },
  {
    path: '/api/v1/export/projects.json',
    format: 'json',
    summary: "Agora's own JSON: every project summary",
  },
];

export async function exportRoutes(app: FastifyInstance): Promise<void> {
  for (const r of ROUTES) {
    app.get(
      r.path,
      { config: { access: 'read' }, schema: { tags: ['exports'], summary: r.summary } },
      async (request, reply) => {
        // The configured public URL, else the one the request came in by (right unless behind a rewriting proxy).
        const host = request.headers.host;
        const portalUrl =
          app.portal.loaded.config.server.publicUrl ?? (host ? `${request.protocol}://${host}` : undefined);
        const out = await exportCatalogue(app.portal.catalogue, r.format, { portalUrl });
        reply.header('content-disposition', `inline; filename="${out.fileName}"`);
        return reply.type(out.contentType).send(out.body);
      },
    );
  }
}
