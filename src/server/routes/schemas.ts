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
});

export const errors = { 400: errorBody, 404: errorBody } as const;
