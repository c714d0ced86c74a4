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
  })
  .strict();

export const urlsSourceSchema = z
  .object({
    type: z.literal('urls').describe('A list of git URLs or paths, mirrored as bare blobless clones.'),
    name: z.string().min(1).optional(),
    urls: z.array(z.string().min(1)).min(1).describe('Clone URLs (https, ssh, file) or local paths.'),
    include: z.array(glob).optional(),
    exclude: z.array(glob).optional(),
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
  timeoutSeconds: z.number().int().min(1).max(600).default(30).describe('Time-out of one API request.'),
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
      })
      .strict()
      .default({
        gitTimeoutSeconds: 300,
        maxFileBytes: 1_048_576,
        largeFileBytes: 5_000_000,
        maxManifests: 300,
        maxDependenciesPerManifest: 2000,
        maxFactsBytes: 4_194_304,
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
      })
      .strict()
      .default({ host: '127.0.0.1', port: 4400 }),
  })
  .strict();

export type AgoraConfig = z.infer<typeof configSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type ForgeSourceConfig = Extract<SourceConfig, { type: 'github' | 'gitlab' | 'gitea' }>;
export type TeamConfig = z.infer<typeof teamSchema>;
export type MemberConfig = z.infer<typeof memberSchema>;

/** A loaded config plus where it came from (so relative paths resolve against its folder). */
export interface LoadedConfig {
  config: AgoraConfig;
  /** Absolute path of the config file, or null when none was used. */
  file: string | null;
  /** Folder relative paths in the config resolve against. */
  baseDir: string;
}
