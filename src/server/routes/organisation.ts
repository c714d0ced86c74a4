// Teams, the dashboard, the re-use graph and the standards matrix.

import type { FastifyInstance } from 'fastify';
import { AgoraError } from '../../errors.ts';
import type {
  DashboardResponse,
  GraphResponse,
  Paged,
  PageQuery,
  StandardsQuery,
  StandardsResponse,
  TeamDetail,
  TeamsResponse,
} from '../api-types.ts';
import { orgItemMetricsOrNull } from '../item-metrics.ts';
import {
  presentDashboard,
  presentGraph,
  presentStandards,
  presentTeam,
  presentTeamList,
  presentTeams,
  STANDARDS_PAGE_SIZE,
  type TeamListName,
} from '../presenters/organisation.ts';
import {
  errors,
  idParams,
  notCrawledRepo,
  objectBody,
  orgPullRequests,
  pagedBody,
  pageQuery,
  teamPullRequests,
  teamPullRequestsDetail,
} from './schemas.ts';

const count = { type: 'integer' } as const;

/** The lists of a team, each embedded capped in its answer and served here a page at a time. */
const TEAM_LISTS: { path: string; list: TeamListName; summary: string; item: string }[] = [
  {
    path: 'owns',
    list: 'owns',
    summary: 'Project summaries of the repos the team owns, best score first, a page at a time',
    item: 'A project summary',
  },
  {
    path: 'contributes-to',
    list: 'contributesTo',
    summary: "Other teams' repos the team's members commit to, most commits first, a page at a time",
    item: 'A contribution elsewhere',
  },
  {
    path: 'outside-contributors',
    list: 'outsideContributors',
    summary: 'People outside the team who commit to its repos, most commits first, a page at a time',
    item: 'An outside contributor',
  },
];

export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/api/v1/teams',
    {
      config: { access: 'read' },
      schema: {
        tags: ['teams'],
        summary: 'Every team with what it owns and its collaboration numbers, commits and pull requests',
        response: {
          200: objectBody('Teams', {
            items: { type: 'array', items: objectBody('A team', { pullRequests: teamPullRequests }) },
          }),
        },
      },
    },
    async (): Promise<TeamsResponse> => presentTeams(app.portal.catalogue, await orgItemMetricsOrNull(app)),
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/teams/:id',
    {
      config: { access: 'read' },
      schema: {
        tags: ['teams'],
        summary:
          'One team: what it owns, where its members contribute, who contributes from outside, its pull requests',
        params: idParams,
        response: {
          200: objectBody('A team; each list embeds at most 50 items, `totals` has their full lengths', {
            totals: objectBody('Full length of each list', {
              owns: count,
              contributesTo: count,
              outsideContributors: count,
            }),
            pullRequests: teamPullRequestsDetail,
          }),
          ...errors,
        },
      },
    },
    async (request): Promise<TeamDetail> => {
      const team = await presentTeam(
        app.portal.catalogue,
        request.params.id,
        await orgItemMetricsOrNull(app),
      );
      if (!team) throw new AgoraError('NOT_FOUND', `no team ${request.params.id}`);
      return team;
    },
  );

  for (const l of TEAM_LISTS) {
    app.get<{ Params: { id: string }; Querystring: PageQuery }>(
      `/api/v1/teams/:id/${l.path}`,
      {
        config: { access: 'read' },
        schema: {
          tags: ['teams'],
          summary: l.summary,
          params: idParams,
          querystring: pageQuery,
          response: { 200: pagedBody(l.summary, objectBody(l.item)), ...errors },
        },
      },
      async (request): Promise<Paged<unknown>> => {
        const { page = 1, pageSize = 50 } = request.query;
        const paged = await presentTeamList(app.portal.catalogue, request.params.id, l.list, page, pageSize);
        if (!paged) throw new AgoraError('NOT_FOUND', `no team ${request.params.id}`);
        return paged;
      },
    );
  }

  app.get(
    '/api/v1/dashboard',
    {
      config: { access: 'read' },
      schema: {
        tags: ['organisation'],
        summary: 'Organisation totals, monthly series, most active and newest projects, pull request numbers',
        response: {
          200: objectBody('Dashboard', {
            totals: objectBody('Totals'),
            pullRequests: orgPullRequests,
            series: { type: 'array', items: objectBody('A month') },
            mostActive: { type: 'array', items: objectBody('A project summary') },
            newest: { type: 'array', items: objectBody('A project summary') },
            notCrawled: objectBody('Repos no crawl could store', {
              total: { type: 'integer' },
              items: { type: 'array', items: notCrawledRepo },
            }),
          }),
        },
      },
    },
    async (): Promise<DashboardResponse> =>
      presentDashboard(app.portal.catalogue, await orgItemMetricsOrNull(app)),
  );

  app.get<{ Querystring: { team?: string } }>(
    '/api/v1/graph',
    {
      config: { access: 'read' },
      schema: {
        tags: ['organisation'],
        summary: 'The re-use graph: A → B when A consumes a package B publishes',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { team: { type: 'string', maxLength: 200 } },
        },
        response: {
          200: objectBody('Graph', {
            nodes: { type: 'array', items: objectBody('A repo') },
            edges: { type: 'array', items: objectBody('A re-use edge') },
          }),
          ...errors,
        },
      },
    },
    async (request): Promise<GraphResponse> =>
      presentGraph(app.portal.catalogue, request.query.team || undefined),
  );

  app.get<{ Querystring: StandardsQuery }>(
    '/api/v1/standards',
    {
      config: { access: 'read' },
      schema: {
        tags: ['organisation'],
        summary: 'Repos × rules matrix of the standards results, paged, with failing counts per rule',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            failing: { type: 'string', enum: ['0', '1'] },
            rule: { type: 'string', maxLength: 200 },
            team: { type: 'string', maxLength: 200 },
            page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 500, default: STANDARDS_PAGE_SIZE },
          },
        },
        response: {
          200: objectBody('A page of the standards matrix', {
            total: { type: 'integer', description: 'Repos the filters keep, over all pages' },
            page: { type: 'integer' },
            pageSize: { type: 'integer' },
            rules: {
              type: 'array',
              items: objectBody('A rule', {
                failing: { type: 'integer', description: 'Filtered repos (all pages) failing the rule' },
              }),
            },
            repos: { type: 'array', items: objectBody('A repo row') },
            levels: objectBody('Readiness levels of the filtered repos (all pages)', {
              gold: { type: 'integer' },
              silver: { type: 'integer' },
              bronze: { type: 'integer' },
              none: { type: 'integer' },
            }),
          }),
          ...errors,
        },
      },
    },
    async (request): Promise<StandardsResponse> => presentStandards(app.portal.catalogue, request.query),
  );
}
