// GET /api/v1/projects/:id/responsiveness: the response time a project promises and what the forge measured.

import type { FastifyInstance } from 'fastify';
import { AgoraError } from '../../errors.ts';
import type { OrgItemMetrics } from '../../metrics/forge-item-types.ts';
import { orgItemMetricsOf, repoItemMetricsOrNull } from '../item-metrics.ts';
import { type ProjectResponsiveness, presentResponsiveness } from '../presenters/responsiveness.ts';
import { errors, idParams, objectBody } from './schemas.ts';

const term = objectBody('A promised bound on the time to first response', {
  amount: { type: 'number' },
  unit: { type: 'string', enum: ['minutes', 'hours', 'business-hours', 'days', 'business-days', 'weeks'] },
  hours: { type: 'number', description: 'Calendar hours, business time widened by weekends' },
  quote: { type: 'string' },
  path: { type: 'string' },
});

export async function responsivenessRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/v1/projects/:id/responsiveness',
    {
      config: { access: 'read' },
      schema: {
        tags: ['projects'],
        summary:
          'The response time the project promises (CONTRIBUTING, innersource.json) and the forge numbers beside it',
        params: idParams,
        response: {
          200: objectBody('Promise and practice', {
            repoId: { type: 'string' },
            promise: {
              type: 'object',
              nullable: true,
              additionalProperties: true,
              properties: { pullRequests: { ...term, nullable: true }, issues: { ...term, nullable: true } },
            },
            measured: { type: 'object', nullable: true, additionalProperties: true },
            kept: objectBody('Whether the outside-team p90 is within the promise (null: not measured)', {
              pullRequests: { type: 'boolean', nullable: true },
              issues: { type: 'boolean', nullable: true },
            }),
          }),
          ...errors,
        },
      },
    },
    async (request): Promise<ProjectResponsiveness> => {
      const p = app.portal.catalogue.byId.get(request.params.id);
      if (!p) throw new AgoraError('NOT_FOUND', `no project ${request.params.id}`);
      return presentResponsiveness(p, await repoItemMetricsOrNull(app, p.summary.id));
    },
  );

  app.get(
    '/api/v1/responsiveness',
    {
      config: { access: 'read' },
      schema: {
        tags: ['organisation'],
        summary:
          'Issues and pull requests across the organisation (last 90 days): time to first response, outside-team PRs and their share of merged PRs, monthly trend, and per team the PRs sent to and received from other teams (most helpful first)',
        response: {
          200: objectBody('Organisation item metrics', {
            window: objectBody('The window'),
            numbers: objectBody('Numbers of the window'),
            months: { type: 'array', items: objectBody('A month') },
            teams: { type: 'array', items: objectBody('A team, with sent, received and helpfulness') },
            edges: { type: 'array', items: objectBody('Items one team sent to another') },
            reposIngested: { type: 'integer' },
          }),
        },
      },
    },
    async (): Promise<OrgItemMetrics> => orgItemMetricsOf(app),
  );
}
