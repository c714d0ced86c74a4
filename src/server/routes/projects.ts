// /api/v1/projects: search with facets, one project, its README and other documents as safe HTML (rendered at
// crawl time, or in the render pool — never on this event loop), its weekly activity, its stored files.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { AgoraError } from '../../errors.ts';
import type {
  ActivityResponse,
  DocumentResponse,
  DocumentsResponse,
  ProjectDetail,
  ProjectsQuery,
  ReadmeResponse,
} from '../api-types.ts';
import { sendCachedJson } from '../cached-body.ts';
import type { ProjectRecord } from '../catalogue.ts';
import { presentActivity, presentProject } from '../presenters/project.ts';
import { errors, facetValues, idParams, objectBody, projectSummary } from './schemas.ts';

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  avif: 'image/avif',
};

export async function projectRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: ProjectsQuery }>(
    '/api/v1/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Search projects (typo-tolerant), with facet counts, sorting and paging',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 200 },
            language: { type: 'string', maxLength: 100 },
            team: { type: 'string', maxLength: 200 },
            topic: { type: 'string', maxLength: 100 },
            level: { type: 'string', enum: ['gold', 'silver', 'bronze', 'none'] },
            activity: { type: 'string', enum: ['active', 'slowing', 'dormant'] },
            welcomes: { type: 'string', enum: ['contributing-guide', 'help-wanted'] },
            sort: { type: 'string', enum: ['score', 'recent', 'outside', 'name', 'relevance'] },
            page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 24 },
          },
        },
        response: {
          200: objectBody('A page of projects', {
            total: { type: 'integer' },
            page: { type: 'integer' },
            pageSize: { type: 'integer' },
            items: { type: 'array', items: projectSummary },
            facets: objectBody('Facet counts over the result set', {
              language: facetValues,
              team: facetValues,
              topic: facetValues,
              level: facetValues,
              activity: facetValues,
              welcomes: facetValues,
            }),
          }),
          ...errors,
        },
      },
    },
    async (request, reply): Promise<FastifyReply> =>
      sendCachedJson(request, reply, app.portal.search.search(request.query)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: 'One project: docs, owners, contribute panel, standards, metrics, re-use',
        params: idParams,
        response: { 200: objectBody('A project'), ...errors },
      },
    },
    async (request): Promise<ProjectDetail> => {
      const p = project(app, request.params.id);
      const { repoMetrics } = await import('../../metrics/service.ts');
      const { portalRepoFile } = await import('../../store/queries/portal.ts');
      const { store, loaded } = app.portal;
      // A metrics failure (e.g. a configuration problem) degrades to the catalogue's own numbers.
      const comm = (p.facts.docs ?? []).find((d) => d.kind === 'communication');
      const [m, commFile] = await Promise.all([
        repoMetrics(store, loaded, p.summary.id, { now: app.portal.now() }).catch(() => null),
        comm ? portalRepoFile(store.db, p.summary.id, comm.path).catch(() => undefined) : undefined,
      ]);
      const commText = commFile && commFile.binary !== 1 ? commFile.content : null;
      return presentProject(app.portal.catalogue, p, m, commText);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/projects/:id/readme',
    {
      schema: {
        tags: ['projects'],
        summary: 'The README rendered to sanitised HTML',
        params: idParams,
        response: {
          200: objectBody('README', {
            path: { type: 'string', nullable: true },
            html: { type: 'string' },
            truncated: { type: 'boolean' },
          }),
          ...errors,
        },
      },
    },
    async (request): Promise<ReadmeResponse> => {
      const p = project(app, request.params.id);
      const readme = p.facts.readme;
      if (!readme) return { path: null, html: '' };
      // Stored at crawl time; a repo stored before that is rendered in the render pool, never on this loop.
      const { readDocument } = await import('../documents.ts');
      const doc = await readDocument(app.portal.store, p, readme.path);
      return { path: readme.path, html: doc?.html ?? '', truncated: doc?.truncated ?? false };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/projects/:id/documents',
    {
      schema: {
        tags: ['projects'],
        summary: 'The documents the portal renders (README, CONTRIBUTING, CODE_OF_CONDUCT, SECURITY, …)',
        params: idParams,
        response: {
          200: objectBody('Documents', { items: { type: 'array', items: documentSummary } }),
          ...errors,
        },
      },
    },
    async (request): Promise<DocumentsResponse> => {
      const { listDocuments } = await import('../documents.ts');
      return { items: await listDocuments(app.portal.store, project(app, request.params.id)) };
    },
  );

  app.get<{ Params: { id: string; '*': string } }>(
    '/api/v1/projects/:id/documents/*',
    {
      schema: {
        tags: ['projects'],
        summary:
          'One document rendered to sanitised HTML, with a link to its source; 404 when not a document',
        params: {
          type: 'object',
          properties: { id: idParams.properties.id, '*': { type: 'string', maxLength: 1000 } },
          required: ['id'],
        },
        response: {
          200: objectBody('A rendered document', {
            ...documentSummary.properties,
            projectId: { type: 'string' },
            html: { type: 'string' },
            status: { type: 'string', enum: ['rendered', 'fallback'] },
          }),
          ...errors,
        },
      },
    },
    async (request): Promise<DocumentResponse> => {
      const p = project(app, request.params.id);
      const path = request.params['*'] ?? '';
      if (path.length === 0 || path.split('/').some((s) => s === '..' || s === '.')) {
        throw new AgoraError('NOT_FOUND', 'no such document');
      }
      const { readDocument } = await import('../documents.ts');
      const doc = await readDocument(app.portal.store, p, path);
      if (!doc) throw new AgoraError('NOT_FOUND', `no document ${path}`);
      return doc;
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/projects/:id/activity',
    {
      schema: {
        tags: ['projects'],
        summary: 'Commits per week over the last 52 weeks',
        params: idParams,
        response: {
          200: objectBody('Weekly activity', { weeks: { type: 'array', items: objectBody('A week') } }),
          ...errors,
        },
      },
    },
    async (request): Promise<ActivityResponse> =>
      presentActivity(app.portal.catalogue, project(app, request.params.id)),
  );

  app.get<{ Params: { id: string; '*': string } }>(
    '/api/v1/projects/:id/files/*',
    {
      schema: {
        tags: ['projects'],
        summary: 'A stored file of the project (images with their content type); 404 when not stored',
        params: {
          type: 'object',
          properties: { id: idParams.properties.id, '*': { type: 'string', maxLength: 1000 } },
          required: ['id'],
        },
      },
    },
    async (request, reply) => {
      const p = project(app, request.params.id);
      const path = request.params['*'] ?? '';
      if (path.length === 0 || path.split('/').some((s) => s === '..' || s === '.')) {
        throw new AgoraError('NOT_FOUND', 'no such file');
      }
      const { portalRepoFile } = await import('../../store/queries/portal.ts');
      const file = await portalRepoFile(app.portal.store.db, p.summary.id, path);
      if (!file || file.content === null) throw new AgoraError('NOT_FOUND', `no stored file ${path}`);
      const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
      // Stored files are text; an image is served only when it was stored (as base64 when binary).
      const imageType = IMAGE_TYPES[ext];
      reply.header('content-disposition', 'inline');
      reply.header('x-content-type-options', 'nosniff');
      if (imageType && file.binary === 1) {
        return reply.type(imageType).send(Buffer.from(file.content, 'base64'));
      }
      if (file.binary === 1) throw new AgoraError('NOT_FOUND', `no stored file ${path}`);
      if (ext === 'svg') {
        // An SVG can carry scripts: as an <img> it never runs them, and opened directly the sandbox CSP
        // (no scripts, no same origin) keeps it inert.
        reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
        return reply.type('image/svg+xml').send(file.content);
      }
      // HTML and other text are served as plain text, never rendered.
      return reply.type('text/plain; charset=utf-8').send(file.content);
    },
  );
}

const documentSummary = objectBody('A document', {
  path: { type: 'string' },
  kind: { type: 'string' },
  title: { type: 'string' },
  truncated: { type: 'boolean' },
  pageUrl: { type: 'string' },
  sourceUrl: { type: 'string' },
});

function project(app: FastifyInstance, id: string): ProjectRecord {
  const p = app.portal.catalogue.byId.get(id);
  if (!p) throw new AgoraError('NOT_FOUND', `no project ${id}`);
  return p;
}
