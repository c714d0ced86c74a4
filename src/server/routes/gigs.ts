// GET /api/v1/gigs: open issues labelled for guests (help wanted, good first issue, or the configured labels)
// across every repository, newest first, filtered and paged.

import type { FastifyInstance } from 'fastify';
import { GIG_PAGE_SIZE, type GigPage, MAX_GIG_PAGE_SIZE } from '../../gigs/gigs.ts';
import { presentGigs } from '../presenters/gigs.ts';
import { errors, facetValues, objectBody } from './schemas.ts';

interface GigsQuerystring {
  language?: string;
  team?: string;
  label?: string;
  maxAgeDays?: number;
  page?: number;
  pageSize?: number;
}

const text = { type: 'string', maxLength: 200 } as const;
const nullableText = { type: 'string', nullable: true } as const;

const gig = objectBody('A gig: an open issue a guest can pick up', {
  repoId: { type: 'string' },
  repoName: { type: 'string' },
  repoFullName: { type: 'string' },
  number: { type: 'integer' },
  title: { type: 'string' },
  url: { ...nullableText, description: 'The issue on the forge' },
  gigLabels: { type: 'array', items: { type: 'string' }, description: 'The labels that made it a gig' },
  labels: { type: 'array', items: { type: 'string' } },
  language: nullableText,
  team: { ...nullableText, description: "The repo's owning team id" },
  teamName: nullableText,
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
  ageDays: { type: 'integer' },
  comments: { type: 'integer' },
  contributeUrl: { ...nullableText, description: "The repo's contribution guide (or its page)" },
  channel: {
    type: 'object',
    nullable: true,
    description: 'The first channel to reach the owning team',
    properties: { label: { type: 'string' }, url: { type: 'string' } },
  },
});

export async function gigRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: GigsQuerystring }>(
    '/api/v1/gigs',
    {
      config: { access: 'read' },
      schema: {
        tags: ['projects'],
        summary:
          'Gigs: open issues labelled help wanted / good first issue (config `gigs`, innersource.json `helpWantedLabels`) across every repo, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            language: { ...text, description: "The repo's primary language (case-insensitive)" },
            team: { ...text, description: 'Owning team id or name' },
            label: { ...text, description: 'One of the gig labels' },
            maxAgeDays: {
              type: 'integer',
              minimum: 0,
              maximum: 100000,
              description: 'Opened at most this many days ago',
            },
            page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: MAX_GIG_PAGE_SIZE, default: GIG_PAGE_SIZE },
          },
        },
        response: {
          200: objectBody('A page of gigs', {
            total: { type: 'integer', description: 'Gigs the filters keep, over all pages' },
            page: { type: 'integer' },
            pageSize: { type: 'integer' },
            items: { type: 'array', items: gig },
            truncated: {
              type: 'boolean',
              description:
                'True when more than 5,000 labelled issues exist: the least recently updated were not read',
            },
            facets: objectBody('Filter values over every gig, most gigs first', {
              languages: facetValues,
              teams: facetValues,
              labels: facetValues,
            }),
          }),
          ...errors,
        },
      },
    },
    async (request): Promise<GigPage> => {
      const { language, team, label, maxAgeDays, page, pageSize } = request.query;
      return presentGigs(app, {
        language: language || undefined,
        team: team || undefined,
        label: label || undefined,
        maxAgeDays,
        page,
        pageSize,
      });
    },
  );
}
