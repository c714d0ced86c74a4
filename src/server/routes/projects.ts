// /api/v1/projects: search with facets, one project, its README and other documents as safe HTML (rendered at
// crawl time, or in the render pool — never on this event loop), its weekly activity, its stored files, and
// every list of a project paged (`page`, `pageSize` up to MAX_PAGE_SIZE, with the list's `total`).

import type { FastifyInstance, FastifyReply } from 'fastify';
import { AgoraError } from '../../errors.ts';
import type { RepoMetrics } from '../../metrics/types.ts';
import type {
  ActivityResponse,
  DocumentResponse,
  DocumentsResponse,
  Paged,
  PageQuery,
  ProjectDetail,
  ProjectFindings,
  ProjectsQuery,
  ReadmeResponse,
} from '../api-types.ts';
import { sendCachedJson } from '../cached-body.ts';
import type { ProjectRecord } from '../catalogue.ts';
import {
  FINDINGS_LIMIT,
  findingView,
  linkFrom,
  presentActivity,
  presentProject,
  projectContributors,
  projectContributorsByTeam,
  projectDocs,
  projectOwners,
} from '../presenters/project.ts';
import {
  errors,
  facetValues,
  idParams,
  notCrawledRepo,
  objectBody,
  pagedBody,
  pageQuery,
  projectDetailLists,
  projectSummary,
} from './schemas.ts';

const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  avif: 'image/avif',
};

/**
 * Project and activity answers per catalogue record: both change only at a crawl (which builds new records), and
 * a project answer also when its metrics do. Cached answers keep their serialised and compressed bodies.
 */
const answers = new WeakMap<ProjectRecord, { metrics: RepoMetrics | null; answer: ProjectDetail }>();
const activities = new WeakMap<ProjectRecord, ActivityResponse>();
/** README answers per catalogue record: the stored HTML changes only at a crawl, too. */
const readmes = new WeakMap<ProjectRecord, ReadmeResponse>();

export async function projectRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: ProjectsQuery }>(
    '/api/v1/projects',
    {
      config: { access: 'read' },
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
            visibility: { type: 'string', enum: ['public', 'internal', 'private'] },
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
            notCrawled: { type: 'array', items: notCrawledRepo },
            facets: objectBody('Facet counts over the result set', {
              language: facetValues,
              team: facetValues,
              topic: facetValues,
              level: facetValues,
              activity: facetValues,
              welcomes: facetValues,
              visibility: facetValues,
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
      config: { access: 'read' },
      schema: {
        tags: ['projects'],
        summary: 'One project: docs, owners, contribute panel, standards, metrics, re-use',
        params: idParams,
        response: { 200: objectBody('A project', projectDetailLists), ...errors },
      },
    },
    async (request, reply): Promise<FastifyReply> => {
      const p = project(app, request.params.id);
      // Metrics as stored at the last crawl; missing ones degrade to the catalogue's own numbers.
      const m = await app.portal.metrics.get(p).catch(() => null);
      const cached = answers.get(p);
      if (cached && cached.metrics === m) return sendCachedJson(request, reply, cached.answer);
      const { portalRepoFile } = await import('../../store/queries/portal.ts');
      const { store } = app.portal;
      const comm = (p.facts.docs ?? []).find((d) => d.kind === 'communication');
      const [commFile, findings] = await Promise.all([
        comm ? portalRepoFile(store.db, p.summary.id, comm.path).catch(() => undefined) : undefined,
        projectFindings(app, p.summary.id).catch(() => null),
      ]);
      const commText = commFile && commFile.binary !== 1 ? commFile.content : null;
      const answer = presentProject(app.portal.catalogue, p, m, commText, findings);
      // Kept until the next crawl's catalogue (or new metrics); a failed findings read is not kept.
      if (findings) answers.set(p, { metrics: m, answer });
      return sendCachedJson(request, reply, answer);
    },
  );

  for (const list of LISTS) {
    app.get<{ Params: { id: string }; Querystring: PageQuery }>(
      `/api/v1/projects/:id/${list.name}`,
      {
        config: { access: 'read' },
        schema: {
          tags: ['projects'],
          summary: list.summary,
          params: idParams,
          querystring: pageQuery,
          response: { 200: pagedBody(list.summary, objectBody(list.item)), ...errors },
        },
      },
      async (request): Promise<Paged<unknown>> => {
        const p = project(app, request.params.id);
        const page = request.query.page ?? 1;
        const pageSize = request.query.pageSize ?? 50;
        const { total, items } = await list.read(app, p, { offset: (page - 1) * pageSize, limit: pageSize });
        return { total, page, pageSize, items };
      },
    );
  }

  app.get<{ Params: { id: string } }>(
    '/api/v1/projects/:id/readme',
    {
      config: { access: 'read' },
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
    async (request, reply): Promise<FastifyReply> => {
      const p = project(app, request.params.id);
      const cached = readmes.get(p);
      if (cached) return sendCachedJson(request, reply, cached);
      const readme = p.facts.readme;
      if (!readme) return sendCachedJson(request, reply, { path: null, html: '' });
      // Stored at crawl time; a repo stored before that is rendered in the render pool, never on this loop.
      const { readDocument } = await import('../documents.ts');
      const doc = await readDocument(app.portal.store, p, readme.path);
      const answer = { path: readme.path, html: doc?.html ?? '', truncated: doc?.truncated ?? false };
      // Kept (with its compressed bodies) until the next crawl's catalogue; a failed read is not kept.
      if (doc) readmes.set(p, answer);
      return sendCachedJson(request, reply, answer);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/projects/:id/documents',
    {
      config: { access: 'read' },
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
      config: { access: 'read' },
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
      config: { access: 'read' },
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
    async (request, reply): Promise<FastifyReply> => {
      const p = project(app, request.params.id);
      let answer = activities.get(p);
      if (!answer) {
        answer = presentActivity(app.portal.catalogue, p);
        activities.set(p, answer);
      }
      return sendCachedJson(request, reply, answer);
    },
  );

  app.get<{ Params: { id: string; '*': string } }>(
    '/api/v1/projects/:id/files/*',
    {
      config: { access: 'read' },
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
/** The repo's findings: counts by severity and the first `FINDINGS_LIMIT`, errors first. */
async function projectFindings(app: FastifyInstance, repoId: string): Promise<ProjectFindings> {
  const q = await import('../../store/queries/derived.ts');
  const [bySeverity, first] = await Promise.all([
    q.findingCounts(app.portal.store.db, repoId),
    q.findingsPage(app.portal.store.db, repoId, { offset: 0, limit: FINDINGS_LIMIT }),
  ]);
  return {
    total: bySeverity.error + bySeverity.warning + bySeverity.info,
    bySeverity,
    items: first.map(findingView),
  };
}

interface Window {
  offset: number;
  limit: number;
}

interface ProjectList {
  name: string;
  summary: string;
  item: string;
  read(app: FastifyInstance, p: ProjectRecord, w: Window): Promise<{ total: number; items: unknown[] }>;
}

function slice<T>(all: readonly T[], w: Window): { total: number; items: T[] } {
  return { total: all.length, items: all.slice(w.offset, w.offset + w.limit) };
}

/** The lists of a project, each served a page at a time. */
const LISTS: ProjectList[] = [
  {
    name: 'dependencies',
    summary: 'Projects in the organisation this one uses packages of, a page at a time',
    item: 'A re-use link',
    read: async (app, p, w) => {
      const m = await app.portal.metrics.get(p);
      return slice((m?.dependencies ?? []).map(linkFrom), w);
    },
  },
  {
    name: 'dependents',
    summary: "Projects in the organisation that use this one's packages, a page at a time",
    item: 'A re-use link',
    read: async (app, p, w) => {
      const m = await app.portal.metrics.get(p);
      return slice((m?.dependents ?? []).map(linkFrom), w);
    },
  },
  {
    name: 'findings',
    summary: "The project's findings (problems its crawl met), errors first, a page at a time",
    item: 'A finding',
    read: async (app, p, w) => {
      const q = await import('../../store/queries/derived.ts');
      const [counts, rows] = await Promise.all([
        q.findingCounts(app.portal.store.db, p.summary.id),
        q.findingsPage(app.portal.store.db, p.summary.id, w),
      ]);
      return { total: counts.error + counts.warning + counts.info, items: rows.map(findingView) };
    },
  },
  {
    name: 'packages',
    summary: 'Packages the project publishes and consumes, with their manifests, a page at a time',
    item: 'A package',
    read: async (app, p, w) => {
      const q = await import('../../store/queries/derived.ts');
      const [total, items] = await Promise.all([
        q.countRepoPackages(app.portal.store.db, p.summary.id),
        q.repoPackagesPage(app.portal.store.db, p.summary.id, w),
      ]);
      return { total, items };
    },
  },
  {
    name: 'contributors',
    summary:
      'People who committed in the last 365 days (bots excluded), most commits first, a page at a time',
    item: 'A contributor',
    read: async (_app, p, w) => slice(projectContributors(p), w),
  },
  {
    name: 'contributors-by-team',
    summary: 'Contributors by team over the last 365 days, a page at a time',
    item: 'A team contribution',
    read: async (app, p, w) => {
      const m = await app.portal.metrics.get(p);
      return slice(projectContributorsByTeam(p, m), w);
    },
  },
  {
    name: 'docs',
    summary: "The project's documents, a page at a time",
    item: 'A document',
    read: async (_app, p, w) => slice(projectDocs(p), w),
  },
  {
    name: 'owners',
    summary: "The project's declared owners, a page at a time",
    item: 'An owner entry',
    read: async (_app, p, w) => slice(projectOwners(p), w),
  },
  {
    name: 'checks',
    summary: "The project's standards results, a page at a time",
    item: 'A check result',
    read: async (app, p, w) => slice(app.portal.catalogue.checks.results.get(p.summary.id) ?? [], w),
  },
  {
    name: 'languages',
    summary: "The project's languages by bytes, a page at a time",
    item: 'A language',
    read: async (_app, p, w) => slice(p.languageBytes, w),
  },
];

function project(app: FastifyInstance, id: string): ProjectRecord {
  const p = app.portal.catalogue.byId.get(id);
  if (p) return p;
  // A repo listed but never stored (in the viewer's view): say why there is no page yet.
  const failed = app.portal.catalogue.notCrawled.find((f) => f.repo.id === id);
  if (failed)
    throw new AgoraError(
      'NOT_FOUND',
      `${id} is listed but no crawl could store it yet: ${failed.repo.error}`,
    );
  throw new AgoraError('NOT_FOUND', `no project ${id}`);
}
