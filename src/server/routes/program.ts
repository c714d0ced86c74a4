// Running the InnerSource program over HTTP: the weekly digests as Atom feeds (organisation and per team),
// campaigns (progress, burn-up, who is left with owner, channel and pull request) and pilots (before/after,
// pilot vs control; admins declare pilots in the portal beside agora.yaml's). Every answer is the requesting
// viewer's: computed over the repos of their view only (no hidden repo is named or counted), and cached for a
// few minutes per view (bounded work: at most 4 digests a feed, one campaign or pilot per request); a change to
// a portal pilot empties every view's cache. Feed readers, which carry no cookie, prove who they are with the
// feed token in the URL (auth/feed-tokens.ts).

import type { FastifyInstance } from 'fastify';
import { AgoraError } from '../../errors.ts';
import type { Catalogue } from '../catalogue.ts';
import { errorBody, errors, idParams, objectBody } from './schemas.ts';

const CACHE_MS = 5 * 60_000;
const FEED_WEEKS = 4;

const date = { type: 'string', maxLength: 40, description: 'YYYY-MM-DD' } as const;
const globs = {
  type: 'array',
  maxItems: 200,
  items: { type: 'string', minLength: 1, maxLength: 300 },
} as const;
const teamIds = {
  type: 'array',
  maxItems: 100,
  items: { type: 'string', minLength: 1, maxLength: 200 },
} as const;
/** A pilot as the portal sends it: the keys of a `pilots:` entry of agora.yaml (checked again by its schema). */
const pilotFields = {
  title: { type: 'string', minLength: 1, maxLength: 200 },
  repos: globs,
  teams: teamIds,
  start: date,
  review: date,
  end: date,
  baselineDays: { type: 'integer' },
  control: {
    type: 'object',
    additionalProperties: false,
    properties: { repos: globs, teams: teamIds },
  },
} as const;
const writeErrors = { ...errors, 403: errorBody, 409: errorBody } as const;

export async function programRoutes(app: FastifyInstance): Promise<void> {
  // One cache per view (viewers who see the same repos share it; a new catalogue after a crawl starts afresh);
  // a change to a portal pilot starts every view afresh.
  let caches = new WeakMap<Catalogue, Map<string, { at: number; value: Promise<unknown> }>>();
  const cached = <T>(key: string, make: (keep: ((repoId: string) => boolean) | undefined) => Promise<T>) => {
    const view = app.portal.catalogue;
    let cache = caches.get(view);
    if (!cache) {
      cache = new Map();
      caches.set(view, cache);
    }
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<T>;
    if (cache.size > 200) cache.clear();
    // A viewer who sees every repo gets the program's own answer; anyone else the answer over their repos.
    const keep = view === app.portal.full.catalogue ? undefined : (id: string) => view.byId.has(id);
    const value = make(keep);
    const entries = cache;
    entries.set(key, { at: Date.now(), value });
    value.catch(() => entries.delete(key));
    return value;
  };
  const base = (request: { protocol: string; host: string }) =>
    app.portal.loaded.config.server.publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;

  const feed = async (
    team: string | undefined,
    self: string,
    siteBase: string,
    keep: ((repoId: string) => boolean) | undefined,
  ): Promise<string> => {
    const { buildDigest, digestInputs } = await import('../../program/digest.ts');
    const { atomFeed } = await import('../../program/digest-render.ts');
    const { store, loaded } = app.portal;
    if (team && !loaded.config.teams[team]) throw new AgoraError('NOT_FOUND', `no team ${team}`);
    const now = new Date();
    const inputs = await digestInputs(store, loaded, now, keep);
    const digests = [];
    for (let i = 0; i < FEED_WEEKS; i++) {
      const end = new Date(now.getTime() - i * 7 * 86_400_000);
      digests.push(await buildDigest(store, loaded, { end, team, inputs }));
    }
    const name = team ? (loaded.config.teams[team]?.name ?? team) : 'the organisation';
    return atomFeed(digests, siteBase, self, `InnerSource digest of ${name}`);
  };

  app.get(
    '/feeds/org.atom',
    {
      config: { access: 'read' },
      schema: { tags: ['program'], summary: 'Weekly digests of the organisation (Atom)' },
    },
    async (request, reply) => {
      const b = base(request);
      const xml = await cached('feed:org', (keep) => feed(undefined, `${b}/feeds/org.atom`, b, keep));
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    },
  );

  app.get<{ Params: { file: string } }>(
    '/feeds/teams/:file',
    {
      config: { access: 'read' },
      schema: {
        tags: ['program'],
        summary: 'Weekly digests of one team (Atom): /feeds/teams/{team id}.atom',
        params: {
          type: 'object',
          required: ['file'],
          properties: { file: { type: 'string', pattern: '^[^/]{1,200}\\.atom$' } },
        },
      },
    },
    async (request, reply) => {
      const team = request.params.file.replace(/\.atom$/, '');
      const b = base(request);
      const xml = await cached(`feed:team:${team}`, (keep) =>
        feed(team, `${b}/feeds/teams/${encodeURIComponent(team)}.atom`, b, keep),
      );
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    },
  );

  app.get(
    '/api/v1/campaigns',
    {
      config: { access: 'read' },
      schema: {
        tags: ['program'],
        summary: 'Every campaign of the config: rule or level, scope, target, repos passing, pull requests',
        response: {
          200: objectBody('Campaigns', {
            items: {
              type: 'array',
              items: objectBody('A campaign', {
                scope: objectBody('Repos (globs), teams and pilot in scope; all empty: every repo'),
                prs: objectBody('Fix pull requests: open, merged, declined, failed'),
              }),
            },
          }),
        },
      },
    },
    async () => {
      return cached('campaigns', async (keep) => {
        const { campaignStatus } = await import('../../program/campaigns.ts');
        const items = [];
        for (const id of Object.keys(app.portal.loaded.config.campaigns ?? {}).slice(0, 100)) {
          const {
            repos: _r,
            burnup: _b,
            ...c
          } = await campaignStatus(app.portal.store, app.portal.loaded, id, { keep });
          const scope = app.portal.loaded.config.campaigns?.[id]?.scope;
          items.push({
            ...c,
            scope: { repos: scope?.repos ?? [], teams: scope?.teams ?? [], pilot: scope?.pilot ?? null },
          });
        }
        return { items };
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/campaigns/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: ['program'],
        summary: 'One campaign: repos passing, burn-up, who is left with owner, channels and pull request',
        params: idParams,
        response: {
          200: objectBody('A campaign', {
            burnup: { type: 'array', items: objectBody('A day: repos passing of the total') },
            repos: { type: 'array', items: objectBody('A repo in scope') },
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { campaignStatus } = await import('../../program/campaigns.ts');
      const id = request.params.id;
      return cached(`campaign:${id}`, (keep) =>
        campaignStatus(app.portal.store, app.portal.loaded, id, { keep }),
      );
    },
  );

  app.get(
    '/api/v1/pilots',
    {
      config: { access: 'read' },
      schema: {
        tags: ['program'],
        summary: "Every pilot: agora.yaml's (read-only here) and those admins declared in the portal",
        response: {
          200: objectBody('Pilots', { items: { type: 'array', items: objectBody('A pilot') } }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { mergedPilots } = await import('../../program/portal-pilots.ts');
      const list = (await mergedPilots(app.portal.store, app.portal.loaded)).list;
      if (request.viewer.seesAll) return { items: list };
      // A cohort's glob may be a hidden repo's exact name: a viewer is shown only the globs that match a
      // repo of their view.
      const { default: picomatch } = await import('picomatch');
      const projects = app.portal.catalogue.projects;
      const visible = (globs: string[]) =>
        globs.filter((g) => {
          const match = picomatch(g, { nocase: true });
          return projects.some((p) => match(p.summary.name) || match(p.summary.fullName));
        });
      return {
        items: list.map((p) => ({
          ...p,
          repos: visible(p.repos),
          control: p.control ? { ...p.control, repos: visible(p.control.repos) } : null,
        })),
      };
    },
  );

  const savePilot = async (
    request: { params: { id: string }; body: Record<string, unknown>; viewer: { label: string } },
    mode: 'create' | 'update',
  ) => {
    const { parsePilotInput, assertNotYaml, mergedPilots } = await import('../../program/portal-pilots.ts');
    const q = await import('../../store/queries/program.ts');
    const { store, loaded } = app.portal;
    const id = request.params.id;
    assertNotYaml(loaded, id);
    const pilot = parsePilotInput(loaded, id, request.body);
    const json = JSON.stringify(pilot);
    if (mode === 'create') {
      if (
        !(await q.insertPortalPilot(
          store.db,
          { id, config: json, createdBy: request.viewer.label },
          new Date(),
        ))
      )
        throw new AgoraError(
          'CONFLICT',
          `a pilot "${id}" exists already: change it with PUT /api/v1/pilots/${id}`,
        );
    } else if (!(await q.updatePortalPilot(store.db, id, json, new Date()))) {
      throw new AgoraError('NOT_FOUND', `no pilot "${id}" declared in the portal`);
    }
    caches = new WeakMap();
    return (await mergedPilots(store, loaded)).list.find((p) => p.id === id);
  };

  app.post<{ Body: { id: string } & Record<string, unknown> }>(
    '/api/v1/pilots',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['program'],
        summary: 'Declare a pilot in the portal (admins); agora.yaml ids are refused',
        security: [{ apiToken: [] }],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'start'],
          properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, ...pilotFields },
        },
        response: { 201: objectBody('The pilot'), ...writeErrors },
      },
    },
    async (request, reply) => {
      const { id, ...body } = request.body;
      const saved = await savePilot({ params: { id }, body, viewer: request.viewer }, 'create');
      return reply.code(201).send(saved);
    },
  );

  app.put<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/api/v1/pilots/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['program'],
        summary: 'Change a pilot declared in the portal (admins; agora.yaml pilots are read-only here)',
        security: [{ apiToken: [] }],
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['start'], properties: pilotFields },
        response: { 200: objectBody('The pilot'), ...writeErrors },
      },
    },
    async (request) => savePilot(request, 'update'),
  );

  app.delete<{ Params: { id: string } }>(
    '/api/v1/pilots/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['program'],
        summary: 'Delete a pilot declared in the portal, with its frozen baseline (admins)',
        security: [{ apiToken: [] }],
        params: idParams,
        response: { ...writeErrors },
      },
    },
    async (request, reply) => {
      const { assertNotYaml } = await import('../../program/portal-pilots.ts');
      const { deletePortalPilot } = await import('../../store/queries/program.ts');
      const id = request.params.id;
      // A portal pilot clashing with agora.yaml's keeps agora.yaml's frozen baselines.
      const yaml = Boolean(app.portal.loaded.config.pilots?.[id]);
      if (!(await deletePortalPilot(app.portal.store.db, id, !yaml))) {
        assertNotYaml(app.portal.loaded, id);
        throw new AgoraError('NOT_FOUND', `no pilot "${id}" declared in the portal`);
      }
      caches = new WeakMap();
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/pilots/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: ['program'],
        summary:
          'One pilot: frozen baseline and after, pilot versus control, with effect sizes and sample sizes',
        params: idParams,
        response: {
          200: objectBody('A pilot report', { measures: { type: 'array', items: objectBody('A measure') } }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { pilotReport } = await import('../../program/pilots.ts');
      const id = request.params.id;
      return cached(`pilot:${id}`, (keep) => pilotReport(app.portal.store, app.portal.loaded, id, { keep }));
    },
  );
}
