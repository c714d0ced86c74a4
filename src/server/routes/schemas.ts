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

/** A repo a source lists that no crawl could store: its id, name and error. */
export const notCrawledRepo = objectBody('A repository no crawl could store, with its error', {
  id: { type: 'string' },
  name: { type: 'string' },
  fullName: { type: 'string', nullable: true },
  source: { type: 'string' },
  webUrl: { type: 'string', nullable: true },
  code: { type: 'string' },
  error: { type: 'string' },
  firstSeenAt: { type: 'string' },
  lastTriedAt: { type: 'string', nullable: true },
});

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

const hours = { type: 'number', nullable: true } as const;
const share = { type: 'number', nullable: true } as const;

/** A distribution of hours with its answered, censored and unanswered counts (docs/metrics.md). */
export const durationStats = objectBody(
  'Hours from creation to the event: nearest-rank median and p90 of the answered items and the censored ones (still open without it: their age, a lower bound); unanswered ones (closed without it) are not in them',
  {
    answered: count,
    censored: count,
    unanswered: count,
    medianHours: hours,
    p90Hours: hours,
  },
);

/** "Who are we helping": items one team sent to repos another team owns. */
export const helpEdge = objectBody('Items created in the window by members of `from` in repos `to` owns', {
  from: { type: 'string', nullable: true, description: 'The authors’ team; null: unaffiliated people' },
  to: { type: 'string' },
  prs: count,
  prsMerged: count,
  issues: count,
});

const teamPullRequestProperties = {
  team: { type: 'string' },
  days: count,
  prsSent: { ...count, description: "PRs the team's members opened in other teams' repos" },
  prsSentMerged: count,
  prsReceived: { ...count, description: 'PRs from outside the team into its repos (outside PRs opened)' },
  prsReceivedMerged: { ...count, description: 'Outside PRs merged' },
  outsideAcceptanceRate: { ...share, description: 'Outside PRs merged ÷ (merged + closed unmerged)' },
  outsideShareOfMergedPrs: { ...share, description: 'Outside PRs merged ÷ all PRs merged in its repos' },
  outsidePrFirstResponseP90Hours: hours,
  prsOpened: count,
  prsMerged: count,
  mergeRate: share,
  prFirstResponse: durationStats,
  prFirstReview: durationStats,
  prTimeToMerge: durationStats,
  outsidePrFirstResponse: durationStats,
  helpfulness: { ...count, description: 'PRs the team sent to other teams that were merged' },
};

/** A team's pull request numbers (the same record as `agora teams --json` `items[]`). */
export const teamPullRequests = {
  ...objectBody(
    'Pull requests over the window (forge repos; docs/metrics.md): into the repos the team owns and sent to other teams; null when no repo’s items were read',
    teamPullRequestProperties,
  ),
  nullable: true,
} as const;

/** As `teamPullRequests`, with the edges to and from each other team. */
export const teamPullRequestsDetail = {
  ...objectBody('As in the team list, with the PRs and issues sent to and received from each team', {
    ...teamPullRequestProperties,
    sent: { type: 'array', items: helpEdge },
    received: { type: 'array', items: helpEdge },
  }),
  nullable: true,
} as const;

/** The organisation's pull request numbers (the dashboard's `pullRequests`). */
export const orgPullRequests = {
  ...objectBody(
    'Pull requests over the window (forge repos; docs/metrics.md) and by month; null when no repo’s items were read',
    {
      days: count,
      reposIngested: count,
      prsOpened: count,
      prsMerged: count,
      mergeRate: share,
      outsidePrsOpened: count,
      outsidePrsMerged: count,
      outsideAcceptanceRate: share,
      outsideShareOfMergedPrs: {
        ...share,
        description: 'Outside PRs merged ÷ all PRs merged: the headline number',
      },
      crossTeamPrs: { ...count, description: 'PRs by members of another team than the repo’s owner' },
      prFirstResponse: durationStats,
      prFirstReview: durationStats,
      prTimeToMerge: durationStats,
      outsidePrFirstResponse: durationStats,
      months: {
        type: 'array',
        items: objectBody('A calendar month (UTC)', {
          month: { type: 'string' },
          prsOpened: count,
          prsMerged: count,
          outsidePrsOpened: count,
          outsidePrsMerged: count,
          issuesOpened: count,
          prFirstResponseMedianHours: hours,
          issueFirstResponseMedianHours: hours,
        }),
      },
    },
  ),
  nullable: true,
} as const;
