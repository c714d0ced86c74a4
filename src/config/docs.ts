// Generates the config's JSON Schema and docs/configuration.md from the zod schema, so the docs cannot drift
// from what the loader accepts (a test compares the committed files with freshly generated ones).

import { z } from 'zod';
import { configSchema } from './schema.ts';

interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  const?: unknown;
  required?: string[];
}

/** The JSON Schema of agora.yaml (for editors: `# yaml-language-server: $schema=…`). */
export function configJsonSchema(): JsonSchema {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((e) => JSON.stringify(e)).join(' \\| ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) {
    // Objects told apart by a `type` constant (the sources): name the types, not "object | object | …".
    const kinds = variants.map((v) => v.properties?.type?.const);
    if (kinds.length > 1 && kinds.every((k) => k !== undefined))
      return `object with \`type\` ${kinds.map((k) => JSON.stringify(k)).join(' \\| ')}`;
    return [...new Set(variants.map(typeOf))].join(' \\| ');
  }
  if (s.type === 'array') {
    const item = s.items ? typeOf(s.items) : 'any';
    return item.includes(' ') ? `list of: ${item}` : `${item}[]`;
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `map of ${typeOf(s.additionalProperties)}`;
  }
  return Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
}

function rows(s: JsonSchema, prefix: string, out: string[]): void {
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const path = `${prefix}${key}`;
    const def = child.default === undefined ? '' : `\`${JSON.stringify(child.default)}\``;
    out.push(
      `| \`${path}\` | ${typeOf(child)} | ${def} | ${(child.description ?? '').replace(/\|/g, '\\|')} |`,
    );
    if (child.properties) rows(child, `${path}.`, out);
    // A key with an object form besides a short one (`bots: [...]` or `bots: { add, notBots }`).
    for (const variant of child.anyOf ?? child.oneOf ?? [])
      if (variant.properties) rows(variant, `${path}.`, out);
    const items = child.items;
    for (const variant of items?.anyOf ?? items?.oneOf ?? (items?.properties ? [items] : [])) {
      rows(variant, `${path}[].`, out);
    }
    const values = child.additionalProperties;
    if (values && typeof values === 'object' && values.properties) rows(values, `${path}.<name>.`, out);
  }
}

/** How to point Agora at a forge, and the token each one needs (appended to docs/configuration.md). */
const FORGES = [
  '## Forges: GitHub, GitLab, Gitea/Forgejo',
  '',
  'A `github`, `gitlab` or `gitea` source lists every repository of its organisations, users or groups,',
  'mirrors each one (bare, blobless) and stores the forge facts beside the git facts: forge id, full name,',
  'web URL, description, topics, default branch, visibility, archived, fork, stars, forks, watchers, open',
  'issues, created and pushed times, owner and avatar. A repo renamed or transferred on the forge stays the',
  'same repo (its numeric forge id is its identity) and its mirror in the data directory moves to the new',
  'name; one deleted there is marked gone; a listing that failed (auth, outage, rate limit) marks nothing gone.',
  'Re-crawls ask conditionally (ETag / If-None-Match) and skip the git fetch of a repo whose push time and',
  'default branch did not move (switching the default branch in the settings is no push, and is re-read).',
  '',
  '```yaml',
  'sources:',
  '  - type: github              # api.github.com; GitHub Enterprise Server: url: https://ghe.example.com/api/v3',
  '    orgs: [acme, acme-labs]   # and/or users: [...]',
  '    tokenEnv: GITHUB_TOKEN    # the NAME of an environment variable; never the token itself',
  '    topics: { include: [innersource], exclude: [deprecated] }',
  '    archived: false           # the default; forks: false is the default too',
  '  - type: gitlab              # gitlab.com or self-managed; groups include their subgroups',
  '    url: https://gitlab.example.com',
  '    groups: [platform]',
  '    tokenEnv: GITLAB_TOKEN',
  '  - type: gitea               # Gitea and Forgejo',
  '    url: https://code.example.com',
  '    orgs: [acme]',
  '    tokenEnv: GITEA_TOKEN',
  '```',
  '',
  'The token is read from the environment when the crawl starts. The API gets it in the Authorization',
  'header; git gets it from a credential helper fed by the environment, so it is on no command line, in no',
  'mirror config, store, log, error or API answer.',
  '',
  '| forge | token | scopes it needs |',
  '|---|---|---|',
  "| GitHub, GitHub Enterprise | fine-grained personal access token (or a GitHub App installation token) | repository access to the organisations' repos, permission **Metadata: read** and **Contents: read**; a classic token needs `repo` (private repos) or `public_repo`, plus `read:org` for internal repos |",
  '| GitLab | personal, group or project access token | `read_api` and `read_repository` |',
  '| Gitea, Forgejo | access token | `read:organization`, `read:user` and `read:repository` |',
  '',
  'Without `tokenEnv` the source is anonymous (public repositories only, and a much lower rate limit).',
  '',
  '### Webhooks',
  '',
  'With `webhookSecretEnv` set on a source (the NAME of the variable holding the secret), `agora serve` takes',
  'deliveries at `POST /api/v1/hooks/github`, `/gitlab` or `/gitea` and re-crawls the repository a delivery',
  "names (deliveries within a second are crawled together). Configure the forge's webhook with that URL and",
  'secret, content type `application/json`, for push and repository events. GitHub deliveries are checked',
  'against `X-Hub-Signature-256`, GitLab against `X-Gitlab-Token`, Gitea/Forgejo against `X-Gitea-Signature`',
  '(constant-time compare); a delivery without a valid one gets 401 and changes nothing, and a redelivery of',
  'the same delivery id (`X-GitHub-Delivery`, `X-Gitlab-Event-UUID`, `X-Gitea-Delivery`) is acknowledged',
  'without a second crawl, also after a restart (ids are kept in the store for a day).',
  '',
  'Any verified delivery that names a repository (by its forge id) re-crawls it, so renames, transfers,',
  'archiving and deletions are picked up whatever the event is called: on GitLab, a project webhook sends',
  'push events; renames, transfers, updates and deletions come from a system hook (`project_rename`,',
  "`project_transfer`, `project_update`, `project_destroy`; needs an administrator) or a group webhook's",
  'project events. Gitea/Forgejo sends `push` and `repository` (`created`, `deleted`) events; it has no rename',
  'event, so a rename is picked up by the next push or crawl.',
  '',
  '### Workers, schedule (PostgreSQL stores)',
  '',
  'With a PostgreSQL `database`, `agora crawl` queues the crawl (one listing job per source, one job per',
  'repository) and returns; `agora worker` processes run the jobs, on any machine that reaches the database',
  'and the forges (`agora crawl --wait` follows a crawl, `agora status` shows the queue). `crawl.schedule`',
  "starts a crawl on a cron schedule (UTC, e.g. `'0 3 * * *'`): the queue fires it once however many",
  '`agora serve` and `agora worker` processes run. `crawl.hostConcurrency` caps the repo jobs of one forge host',
  'running at once across all workers; a job that fails (a lost worker, an unavailable database) is retried',
  '`crawl.jobRetries` times with back-off from `crawl.jobRetryDelaySeconds`, then given up and recorded as a',
  '`CRAWL_JOB_FAILED` finding of the repository. SQLite stores crawl in-process and ignore these keys.',
  '',
  "`digest.schedule` posts the weekly digest to `digest.webhooks` on a cron schedule (UTC, e.g. `'0 8 * * 1'`):",
  'on PostgreSQL the queue fires it once however many `agora serve` and `agora worker` processes run (a run',
  'with a failed post is retried by the queue); on SQLite `agora serve` fires it in-process and retries failed',
  'posts a few times, ten minutes apart. Each post is claimed in the store first, so a week is posted once per',
  'webhook even when a scheduled run and `agora digest --send` race; a failure is recorded and retried by the',
  'next run.',
];

/** The gig board's labels, and the innersource.json keys Agora reads for gigs and response times. */
const GIGS = [
  '## Gigs: `gigs`',
  '',
  'The Gigs page, `GET /api/v1/gigs` and `agora gigs` list the open issues (never pull requests) of every',
  'forge repository that carry a gig label, newest first. The labels are compared case-insensitively:',
  '',
  '```yaml',
  'gigs:',
  "  labels: ['help wanted', 'good first issue']   # the default, for every organisation",
  '  orgs:',
  "    acme-labs: ['contributions welcome']         # this organisation (or GitLab group) uses its own instead",
  '```',
  '',
  'A repository adds its own labels in innersource.json with `helpWantedLabels` (also spelled `helpWanted`',
  'or `help_wanted`): `{ "helpWantedLabels": ["up-for-grabs"] }`. Archived repositories have no gigs. At most',
  '5,000 labelled issues are read (the most recently updated); the answer says `truncated` when there were more.',
  '',
  '### Response-time promise in innersource.json',
  '',
  'The `response-promise` rule (docs/rules.md) reads the response time a repository promises from its',
  'CONTRIBUTING prose ("we answer within 2 business days") or, first, from innersource.json `responseTime`',
  '(also `response_time`): hours as a number (`48`), a duration (`"48h"`, `"2d"`, `"2bd"` for business days,',
  '`"1w"`, `"2 business days"`, `"next business day"`), or one per kind:',
  '`{ "responseTime": { "pullRequests": "24h", "issues": "1 week" } }`. The InnerSource Portal schema has no',
  'such key; these are Agora extensions.',
];

/** docs/configuration.md */
export function configMarkdown(): string {
  const out = [
    '# Configuration (`agora.yaml`)',
    '',
    '<!-- Generated from src/config/schema.ts by `node --import tsx src/config/docs.ts`; do not edit. -->',
    '',
    'Agora reads `./agora.yaml`, or the file given with `--config`. Every key is optional: with no config,',
    '`agora crawl PATH…` crawls those folders into `.agora/agora.db`. Errors name the file, the line and the',
    'key (`agora.yaml:5 sources[0].maxDepht: unknown key`). `agora init` writes a commented starter file.',
    'Environment: `DATABASE_URL` overrides `database`; `AGORA_ADMIN_TOKEN` overrides `server.adminToken`.',
    '',
    '| key | type | default | meaning |',
    '|---|---|---|---|',
  ];
  rows(configJsonSchema(), '', out);
  out.push('', ...FORGES, '', ...GIGS, '');
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync('docs/configuration.md', configMarkdown());
  writeFileSync('docs/agora.schema.json', `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
}
