// JSON schemas shared by the routes: they validate input and describe the API in the OpenAPI document.
// Response schemas are open objects (additionalProperties) so the serialiser never drops a field the UI needs.

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: {
    id: {
      type: 'string',
      minLength: 1,
      maxLength: 500,
      description: 'URL-encoded id, e.g. local%3Apayments-api',
    },
  },
} as const;

export const errorBody = {
  type: 'object',
  description: 'An error',
  properties: { id: { type: 'string' }, status: { type: 'integer' }, message: { type: 'string' } },
  required: ['id', 'status', 'message'],
} as const;

/** An object response described by its top-level properties. */
export function objectBody(description: string, properties: Record<string, unknown> = {}) {
  return { type: 'object', description, additionalProperties: true, properties } as const;
}

export const facetValues = {
  type: 'array',
  items: objectBody('A facet value', { value: { type: 'string' }, count: { type: 'integer' } }),
};

export const projectSummary = objectBody('A project summary', {
  id: { type: 'string' },
  name: { type: 'string' },
  fullName: { type: 'string' },
  description: { type: 'string', nullable: true },
  score: { type: 'number' },
  level: { type: 'string', enum: ['gold', 'silver', 'bronze', 'none'] },
  outsideShare90: {
    type: 'number',
    nullable: true,
    description:
      "Share (0..1) of the last 90 days' commits from outside the owning team; null when not measured",
  },
});

export const errors = { 400: errorBody, 404: errorBody } as const;

/** Largest `pageSize` of a project's paged lists. */
export const MAX_PAGE_SIZE = 200;

/** `page` and `pageSize` of a paged list. */
export const pageQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page: { type: 'integer', minimum: 1, maximum: 100000, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 },
  },
} as const;

/** One page of a list and the length of the whole list. */
export function pagedBody(description: string, item: Record<string, unknown>) {
  return objectBody(description, {
    total: { type: 'integer' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    items: { type: 'array', items: item },
  });
}

const count = { type: 'integer' } as const;

/** The lists a project response caps, and their full lengths (`totals`). */
export const projectDetailLists = {
  findings: objectBody("The repo's findings: counts by severity and the first ones, errors first", {
    total: count,
    bySeverity: objectBody('Findings by severity', { error: count, warning: count, info: count }),
    items: {
      type: 'array',
      items: objectBody('A finding', {
        code: { type: 'string' },
        severity: { type: 'string', enum: ['error', 'warning', 'info'] },
        message: { type: 'string' },
        path: { type: 'string', nullable: true },
      }),
    },
  }),
  totals: objectBody('Full length of each list the project embeds (at most 50 items each)', {
    docs: count,
    owners: count,
    channels: count,
    checks: count,
    contributorsByTeam: count,
    dependencies: count,
    dependents: count,
    languages: count,
    ci: count,
    findings: count,
  }),
};
