// The configuration schema (agora.yaml). Each key is documented here once; `agora init` and
// docs/configuration.md are written from these descriptions. The defaults are also written out in defaults.ts
// (a run without a config file does not load this schema); a test keeps the two equal.

import { z } from 'zod';

const glob = z.string().min(1);

export const localSourceSchema = z
  .object({
    type: z
      .literal('local')
      .describe('Scan a folder for git repositories (bare or not); read in place, never written.'),
    name: z.string().min(1).optional().describe('Name of the source; repo ids are `<name>:<relative path>`.'),
    path: z.string().min(1).describe('Folder to scan, relative to the config file.'),
    maxDepth: z.number().int().min(0).max(20).default(4).describe('How many folder levels to descend.'),
    include: z.array(glob).optional().describe('Only repos whose relative path matches one of these globs.'),
    exclude: z.array(glob).optional().describe('Skip repos whose relative path matches one of these globs.'),
    portalVisibility: z
      .enum(['public', 'internal', 'private'])
      .default('internal')
      .describe(
        "Who may see this source's repos in the portal when sign-in is on: `internal` (every signed-in person), `public` (anonymous too, when `server.auth.anonymous`), `private` (admins, owning team, `server.auth.access`).",
      ),
  })
  .strict();

export const urlsSourceSchema = z
  .object({
    type: z.literal('urls').describe('A list of git URLs or paths, mirrored as bare blobless clones.'),
    name: z.string().min(1).optional(),
    urls: z.array(z.string().min(1)).min(1).describe('Clone URLs (https, ssh, file) or local paths.'),
    include: z.array(glob).optional(),
    exclude: z.array(glob).optional(),
    portalVisibility: z
      .enum(['public', 'internal', 'private'])
      .default('internal')
      .describe(
        "Who may see this source's repos in the portal when sign-in is on: `internal` (every signed-in person), `public` (anonymous too, when `server.auth.anonymous`), `private` (admins, owning team, `server.auth.access`).",
      ),
  })
  .strict();

const scopeNames = z.array(z.string().min(1)).default([]);

/** Keys every forge source shares; each forge adds its own scopes (`orgs`, `users`, `groups`). */
const forgeSourceKeys = {
  name: z.string().min(1).optional().describe('Name of the source; repo ids are `<name>:<full name>`.'),
  tokenEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable, not a token')
    .optional()
    .describe(
      'Name of the environment variable holding the API token (never the token itself); without it, anonymous.',
    ),
  topics: z
    .object({
      include: z
        .array(z.string().min(1))
        .default([])
        .describe('Only repos with at least one of these topics.'),
      exclude: z.array(z.string().min(1)).default([]).describe('Skip repos with any of these topics.'),
    })
    .strict()
    .optional(),
  archived: z.boolean().default(false).describe('Include archived repositories.'),
  forks: z.boolean().default(false).describe('Include forks.'),
  visibility: z
    .array(z.enum(['public', 'internal', 'private']))
    .optional()
    .describe('Only repos of these visibilities (default: all the token can see).'),
  include: z
    .array(glob)
    .optional()
    .describe('Only repos whose full name (`org/repo`) matches one of these globs.'),
  exclude: z.array(glob).optional().describe('Skip repos whose full name matches one of these globs.'),
  webhookSecretEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable, not a secret')
    .optional()
    .describe(
      'Name of the environment variable holding the webhook secret; with it, POST /api/v1/hooks/<type> re-crawls the repo a verified delivery names.',
    ),
  concurrency: z.number().int().min(1).max(32).default(4).describe('API requests in flight to the host.'),
  requestsPerSecond: z
    .number()
    .positive()
    .max(10_000)
    .optional()
    .describe(
      "API requests per second to the host (bursts of one second's worth), shared by every `agora worker` of a PostgreSQL store; default: no limit but the forge's own. Sources on one host share its budget: give them the same value.",
    ),
  timeoutSeconds: z.number().int().min(1).max(600).default(30).describe('Time-out of one API request.'),
  items: z
    .union([
      z.literal(false),
      z
        .object({
          enabled: z
            .boolean()
            .default(true)
            .describe('Read issues and pull/merge requests, their comments and reviews, at each crawl.'),
          maxPages: z
            .number()
            .int()
            .min(1)
            .max(10_000)
            .default(50)
            .describe(
              'Pages of changed items (100 a page) read per repo and crawl; the rest waits for the next.',
            ),
          timeBudgetSeconds: z
            .number()
            .int()
            .min(1)
            .max(3600)
            .default(60)
            .describe('Time one repo may spend reading items per crawl; the rest waits for the next.'),
        })
        .strict(),
    ])
    .optional()
    .describe(
      'Issue and pull request ingestion, on by default (`items: false` turns it off): incremental, by an `updated` cursor per repo; a quiet repo costs one conditional request per crawl.',
    ),
};

export const githubSourceSchema = z
  .object({
    type: z
      .literal('github')
      .describe('Every repository of GitHub organisations or users (GitHub Enterprise too).'),
    url: z
      .url()
      .optional()
      .describe(
        'API base: `https://api.github.com` (default) or `https://HOST/api/v3` for GitHub Enterprise Server.',
      ),
    orgs: scopeNames.describe('Organisations whose repositories are listed.'),
    users: scopeNames.describe('Users whose own repositories are listed.'),
    ...forgeSourceKeys,
  })
  .strict();

export const gitlabSourceSchema = z
  .object({
    type: z.literal('gitlab').describe('Every project of GitLab groups (subgroups included) or users.'),
    url: z.url().optional().describe('Instance: `https://gitlab.com` (default) or a self-managed one.'),
    groups: scopeNames.describe('Group paths or ids; their subgroups are included.'),
    users: scopeNames.describe('Users whose own projects are listed.'),
    ...forgeSourceKeys,
  })
  .strict();

export const giteaSourceSchema = z
  .object({
    type: z.literal('gitea').describe('Every repository of Gitea or Forgejo organisations or users.'),
    url: z.url().describe('Instance, e.g. `https://code.example.com`.'),
    orgs: scopeNames.describe('Organisations whose repositories are listed.'),
    users: scopeNames.describe('Users whose own repositories are listed.'),
    ...forgeSourceKeys,
  })
  .strict();

export const sourceSchema = z.discriminatedUnion('type', [
  localSourceSchema,
  urlsSourceSchema,
  githubSourceSchema,
  gitlabSourceSchema,
  giteaSourceSchema,
]);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected a date like 2024-01-31');

export const memberSchema = z.union([
  z.string().min(1),
  z
    .object({
      email: z.string().min(1).optional().describe('Email or glob such as `*@payments.example.com`.'),
      login: z.string().min(1).optional().describe('Forge login.'),
      since: isoDate.optional().describe('First day in this team (inclusive).'),
      until: isoDate.optional().describe('Last day in this team (exclusive).'),
    })
    .strict()
    .refine((m) => m.email || m.login, 'a member needs an email or a login'),
]);

export const teamSchema = z
  .object({
    name: z.string().optional().describe('Display name; defaults to the key.'),
    members: z
      .array(memberSchema)
      .default([])
      .describe('Emails, logins or globs; optionally with since/until.'),
    repos: z
      .array(glob)
      .default([])
      .describe('Repos this team owns (globs over repo names): declared ownership.'),
    handles: z
      .array(z.string())
      .default([])
      .describe('CODEOWNERS handles that mean this team, e.g. `@acme/payments`.'),
  })
  .strict();

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable, not a secret');

/** Who may see a private repo besides admins and its owning team (repos by id or name glob). */
export const accessRuleSchema = z
  .object({
    repos: z.array(glob).min(1).describe('Repo ids or names (globs) this rule opens.'),
    people: z.array(z.string().min(1)).default([]).describe('Emails (or globs) of people who may see them.'),
    groups: z
      .array(z.string().min(1))
      .default([])
      .describe('Identity-provider groups whose members may see them.'),
    teams: z.array(z.string().min(1)).default([]).describe('Agora teams whose members may see them.'),
  })
  .strict();

export const authSchema = z
  .object({
    mode: z
      .enum(['none', 'oidc', 'proxy'])
      .default('none')
      .describe(
        '`none`: no sign-in, everyone sees everything (only allowed on a loopback address); `oidc`: OpenID Connect sign-in; `proxy`: a trusted reverse proxy names the user in headers.',
      ),
    anonymous: z
      .boolean()
      .default(false)
      .describe('With `oidc` or `proxy`: people who are not signed in may browse the public repos.'),
    admins: z
      .object({
        people: z.array(z.string().min(1)).default([]).describe('Emails (or globs) of admins.'),
        groups: z
          .array(z.string().min(1))
          .default([])
          .describe('Identity-provider groups whose members are admins.'),
      })
      .strict()
      .default({ people: [], groups: [] })
      .describe('Admins trigger crawls, see crawl errors, manage API tokens and see every repo.'),
    groupTeams: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        "Identity-provider group → Agora team: members of the group count as the team's members for private repos (config team members count too).",
      ),
    access: z
      .array(accessRuleSchema)
      .default([])
      .describe('Private repos opened to more people than admins and the owning team.'),
    session: z
      .object({
        idleMinutes: z
          .number()
          .int()
          .min(1)
          .max(10_080)
          .default(60)
          .describe('A session unused this long ends.'),
        absoluteHours: z
          .number()
          .int()
          .min(1)
          .max(720)
          .default(12)
          .describe('A session ends this long after sign-in.'),
        secretEnv: envName
          .optional()
          .describe(
            'Environment variable with the secret that signs the sign-in and CSRF cookies (≥ 32 characters); default: a random one per process.',
          ),
      })
      .strict()
      .default({ idleMinutes: 60, absoluteHours: 12 }),
    oidc: z
      .object({
        issuer: z.url().describe('Issuer URL; its `/.well-known/openid-configuration` is read at start.'),
        clientId: z.string().min(1),
        clientSecretEnv: envName
          .optional()
          .describe('Environment variable with the client secret (none: a public client with PKCE).'),
        redirectUrl: z
          .url()
          .optional()
          .describe(
            'Callback URL registered at the provider; default: `server.publicUrl` + `/auth/callback`.',
          ),
        scopes: z.array(z.string().min(1)).default(['openid', 'email', 'profile']),
        groupsClaim: z
          .string()
          .min(1)
          .default('groups')
          .describe('ID-token or userinfo claim listing the groups.'),
        loginClaim: z
          .string()
          .min(1)
          .optional()
          .describe(
            "ID-token or userinfo claim holding the person's forge login (GitLab as provider: `nickname`; Dex with its GitHub connector: `preferred_username`): forge collaborators of a private repo see it. Name it only when the provider vouches that the claim is the forge login.",
          ),
      })
      .strict()
      .optional(),
    proxy: z
      .object({
        trusted: z
          .array(z.string().min(1))
          .min(1)
          .describe('Addresses or CIDR ranges of the proxy; headers from any other peer are ignored.'),
        userHeader: z.string().min(1).default('x-forwarded-user'),
        emailHeader: z.string().min(1).default('x-forwarded-email'),
        groupsHeader: z.string().min(1).default('x-forwarded-groups').describe('Comma-separated groups.'),
        loginHeader: z
          .string()
          .min(1)
          .optional()
          .describe(
            "Header holding the person's forge login (e.g. `x-forwarded-preferred-username`): forge collaborators of a private repo see it.",
          ),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.mode === 'oidc' && !a.oidc)
      ctx.addIssue({ code: 'custom', path: ['oidc'], message: 'mode oidc needs an oidc: section' });
    if (a.mode === 'proxy' && !a.proxy)
      ctx.addIssue({
        code: 'custom',
        path: ['proxy'],
        message: 'mode proxy needs a proxy: section with trusted addresses',
      });
  });
/** A cohort: repos (globs over names and full names) and/or teams (their owned repos and their members). */
export const cohortSchema = z
  .object({
    repos: z.array(glob).default([]).describe('Repos in the cohort: globs over repo names or full names.'),
    teams: z
      .array(z.string().min(1))
      .default([])
      .describe('Teams in the cohort: every repo the team owns is in it.'),
  })
  .strict();

export const pilotSchema = z
  .object({
    title: z.string().optional().describe('Display name; defaults to the key.'),
    ...cohortSchema.shape,
    start: isoDate.describe('First day of the pilot (inclusive); the baseline is the window before it.'),
    review: isoDate.optional().describe('Review date: the digest reminds the week before.'),
    end: isoDate.optional().describe('Last day of the pilot (exclusive); default: still running.'),
    baselineDays: z
      .number()
      .int()
      .min(7)
      .max(730)
      .default(90)
      .describe('Length of the baseline window before `start` (and of the "after" window at most).'),
    control: cohortSchema.optional().describe('A control cohort measured the same way, for comparison.'),
  })
  .strict();

export const campaignSchema = z
  .object({
    title: z.string().optional().describe('Display name; defaults to the key.'),
    rule: z.string().min(1).optional().describe('The rule every repo in scope should pass.'),
    level: z
      .string()
      .min(1)
      .optional()
      .describe('Or a readiness level (e.g. `bronze`) every repo in scope should reach.'),
    ruleset: z.string().optional().describe('Ruleset of the rule or level; default `standards.ruleset`.'),
    scope: z
      .object({
        ...cohortSchema.shape,
        pilot: z.string().optional().describe('The repos of a pilot (its cohort, not the control).'),
      })
      .strict()
      .describe('Which repos the campaign is about; empty: every repo.'),
    start: isoDate.optional().describe('First day of the burn-up chart; default: the first check run.'),
    target: isoDate.describe('The day every repo in scope should pass.'),
    pullRequests: z
      .boolean()
      .default(true)
      .describe('Open the fix as a pull/merge request on each failing forge repo (`agora campaign run`).'),
  })
  .strict()
  .refine((c) => (c.rule ? !c.level : !!c.level), 'a campaign needs a rule or a level (not both)');

export const chatWebhookSchema = z
  .object({
    format: z.enum(['slack', 'teams', 'mattermost']).describe('Payload format of the incoming webhook.'),
    urlEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the NAME of an environment variable, not a URL')
      .describe('Name of the environment variable holding the webhook URL (it is a secret).'),
    team: z.string().optional().describe("Send this team's digest; default: the organisation's."),
  })
  .strict();

export const configSchema = z
  .object({
    dataDir: z.string().default('.agora').describe('Where mirrors and the embedded database live.'),
    database: z
      .string()
      .optional()
      .describe(
        '`sqlite:PATH` or `postgres://…`; default: a SQLite file in dataDir. DATABASE_URL overrides.',
      ),
    sources: z.array(sourceSchema).default([]).describe('Where the repositories are.'),
    teams: z
      .record(z.string(), teamSchema)
      .default({})
      .describe('Teams, their members and the repos they own.'),
    aliases: z.string().optional().describe('An organisation-wide .mailmap file merging author identities.'),
    bots: z
      .union([
        z.array(z.string()).describe('Identities that are bots (the same as `add`).'),
        z
          .object({
            add: z
              .array(z.string())
              .default([])
              .describe('Identities that are bots (emails, names or globs), besides the built-in rules.'),
            notBots: z
              .array(z.string())
              .default([])
              .describe(
                'Identities that are people although a built-in rule takes them for bots (emails, names or globs); wins over every other rule.',
              ),
          })
          .strict(),
      ])
      .default([])
      .describe(
        'Which commit authors are bots: a list of extra bot identities, or `{ add, notBots }`. Bots are left out of every metric.',
      ),
    crawl: z
      .object({
        concurrency: z
          .number()
          .int()
          .min(1)
          .max(64)
          .optional()
          .describe('Repos in flight; default: twice the core count.'),
        gitTimeoutSeconds: z.number().int().min(1).default(300).describe('Time-out for one git call.'),
        maxFileBytes: z
          .number()
          .int()
          .min(1024)
          .default(1_048_576)
          .describe('Cap on bytes read from one file.'),
        largeFileBytes: z.number().int().min(1).default(5_000_000).describe('Files above this are "large".'),
        maxManifests: z.number().int().min(1).default(300).describe('Dependency manifests read per repo.'),
        maxDependenciesPerManifest: z
          .number()
          .int()
          .min(1)
          .default(2000)
          .describe('Packages kept per manifest.'),
        maxFactsBytes: z
          .number()
          .int()
          .min(65_536)
          .default(4_194_304)
          .describe("Cap on a repo's facts (JSON bytes)."),
        schedule: z
          .string()
          .regex(/^\s*\S+(\s+\S+){4,5}\s*$/, 'a cron expression of 5 (or 6, with seconds) fields')
          .optional()
          .describe('PostgreSQL stores: crawl on this cron schedule (UTC), fired once by the job queue.'),
        hostConcurrency: z
          .number()
          .int()
          .min(1)
          .max(256)
          .default(8)
          .describe('PostgreSQL stores: repo jobs of one forge host in flight across all workers.'),
        jobRetries: z
          .number()
          .int()
          .min(0)
          .max(10)
          .default(3)
          .describe('PostgreSQL stores: retries of a failed job before it is given up.'),
        jobRetryDelaySeconds: z
          .number()
          .int()
          .min(1)
          .max(3600)
          .default(5)
          .describe('PostgreSQL stores: first retry delay (doubles each retry).'),
      })
      .strict()
      .default({
        gitTimeoutSeconds: 300,
        maxFileBytes: 1_048_576,
        largeFileBytes: 5_000_000,
        maxManifests: 300,
        maxDependenciesPerManifest: 2000,
        maxFactsBytes: 4_194_304,
        hostConcurrency: 8,
        jobRetries: 3,
        jobRetryDelaySeconds: 5,
      }),
    standards: z
      .object({
        ruleset: z.string().default('innersource-base').describe('Built-in ruleset name or a path.'),
        overrides: z
          .array(
            z
              .object({
                repo: glob,
                rule: z.string(),
                level: z.enum(['error', 'warning', 'info', 'off']),
                reason: z.string().min(1),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({ ruleset: 'innersource-base', overrides: [] }),
    gigs: z
      .object({
        labels: z
          .array(z.string().min(1).max(100))
          .max(50)
          .default(['help wanted', 'good first issue'])
          .describe('Issue labels (case-insensitive) that make an open issue a gig, in every organisation.'),
        orgs: z
          .record(z.string(), z.array(z.string().min(1).max(100)).max(50))
          .default({})
          .describe(
            'Per forge organisation (or group): the labels that make a gig there, instead of `labels`.',
          ),
      })
      .strict()
      .optional()
      .describe(
        'Which open issues the Gigs page, `GET /api/v1/gigs` and `agora gigs` list; innersource.json `helpWantedLabels` adds labels per repo.',
      ),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(4400),
        adminToken: z
          .string()
          .min(16)
          .optional()
          .describe('Needed to start a crawl over HTTP. Env: AGORA_ADMIN_TOKEN.'),
        publicUrl: z
          .string()
          .regex(/^https?:\/\/[^/\s]+/, 'an absolute http(s) URL')
          .optional()
          .describe(
            "The portal's public URL (`https://agora.example.com`): exports link repos without a forge URL to their page there.",
          ),
        auth: authSchema
          .optional()
          .describe(
            'Who may use the portal and what they see (default: `mode: none`, only on a loopback address).',
          ),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 4400 }),
    pilots: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, - and _'), pilotSchema)
      .optional()
      .describe('InnerSource pilots: a cohort, a start date and an optional control cohort (`agora pilot`).'),
    campaigns: z
      .record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, 'letters, digits, - and _'), campaignSchema)
      .optional()
      .describe('Standards campaigns: a rule or level, a scope and a target date (`agora campaign`).'),
    digest: z
      .object({
        webhooks: z
          .array(chatWebhookSchema)
          .default([])
          .describe('Chat incoming webhooks the digest is posted to.'),
        attempts: z
          .number()
          .int()
          .min(1)
          .max(10)
          .default(3)
          .describe('Delivery attempts per webhook and run.'),
        schedule: z
          .string()
          .regex(/^\s*\S+(\s+\S+){4,5}\s*$/, 'a cron expression of 5 (or 6, with seconds) fields')
          .optional()
          .describe(
            "Post the digest on this cron schedule (UTC), e.g. `'0 8 * * 1'`: fired once by the job queue on PostgreSQL stores, by `agora serve` on SQLite. Failed posts are retried.",
          ),
      })
      .strict()
      .optional()
      .describe(
        'The weekly digest (`agora digest --send`; Atom feeds at /feeds/org.atom and /feeds/teams/ID.atom).',
      ),
  })
  .strict();

export type AgoraConfig = z.infer<typeof configSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type ForgeSourceConfig = Extract<SourceConfig, { type: 'github' | 'gitlab' | 'gitea' }>;
export type TeamConfig = z.infer<typeof teamSchema>;
export type MemberConfig = z.infer<typeof memberSchema>;
export type AuthConfig = z.infer<typeof authSchema>;
export type PilotConfig = z.infer<typeof pilotSchema>;
export type CampaignConfig = z.infer<typeof campaignSchema>;
export type CohortConfig = z.infer<typeof cohortSchema>;

/** A loaded config plus where it came from (so relative paths resolve against its folder). */
export interface LoadedConfig {
  config: AgoraConfig;
  /** Absolute path of the config file, or null when none was used. */
  file: string | null;
  /** Folder relative paths in the config resolve against. */
  baseDir: string;
}
