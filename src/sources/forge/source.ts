// A forge source (`type: github | gitlab | gitea`): lists every repository of its orgs, users or groups through
// the forge's module, keeps those the filters want, and yields them as RepoRefs carrying the forge's facts.
// A listing that could not be read whole throws after yielding what it read, so the crawl crawls those and
// marks nothing gone. Git reaches the clone URLs with the token through the environment (see `mirror.ts`).

import picomatch from 'picomatch';
import type { ForgeSourceConfig } from '../../config/schema.ts';
import { AgoraError } from '../../errors.ts';
import { setHostCredentials } from '../../git/mirror.ts';
import type { ListContext, RepoRef, Source } from '../source.ts';
import { forges } from './api.ts';
import { readCollaborators } from './collaborators.ts';
import { ForgeHttp, type ForgeHttpStats, type HttpCache } from './http.ts';
import type { ForgeItemsClient } from './items.ts';
import type { ForgeModule, ForgeRepo, ForgeScope, ForgeType } from './types.ts';

/** Private repos whose collaborators are being read ahead of the repo the listing yields. */
const COLLABORATORS_AHEAD = 8;

export interface ForgeSourceOptions {
  name: string;
  config: ForgeSourceConfig;
  /** Environment to read the token from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Retry back-off base, for tests (default 1 s). */
  backoffMs?: number;
}

/** Whether a forge repository passes a source's filters (topics, archived, forks, visibility, name globs). */
export function wantedRepo(
  repo: ForgeRepo,
  config: ForgeSourceConfig,
  globs: { include: ((p: string) => boolean) | null; exclude: ((p: string) => boolean) | null },
): boolean {
  if (repo.archived && !config.archived) return false;
  if (repo.fork && !config.forks) return false;
  if (config.visibility && !config.visibility.includes(repo.visibility)) return false;
  const topics = new Set(repo.topics.map((t) => t.toLowerCase()));
  const include = config.topics?.include ?? [];
  if (include.length && !include.some((t) => topics.has(t.toLowerCase()))) return false;
  if ((config.topics?.exclude ?? []).some((t) => topics.has(t.toLowerCase()))) return false;
  if (globs.include && !globs.include(repo.fullName)) return false;
  if (globs.exclude?.(repo.fullName)) return false;
  return true;
}

/** The scopes a source lists, in config order. */
export function scopesOf(config: ForgeSourceConfig): ForgeScope[] {
  const scopes: ForgeScope[] = [];
  if ('orgs' in config) for (const name of config.orgs) scopes.push({ kind: 'org', name });
  if ('groups' in config) for (const name of config.groups) scopes.push({ kind: 'group', name });
  for (const name of config.users) scopes.push({ kind: 'user', name });
  return scopes;
}

export class ForgeSource implements Source {
  readonly type: ForgeType;
  readonly name: string;
  /** Name of the environment variable with the webhook secret, if deliveries are accepted. */
  get webhookSecretEnv(): string | undefined {
    return this.opts.config.webhookSecretEnv;
  }
  /** The source's config (campaigns open pull requests with its token and API). */
  get config(): ForgeSourceConfig {
    return this.opts.config;
  }
  /** The API base this source talks to. */
  get api(): string {
    return this.apiUrl;
  }

  /** What the last listing cost the forge (for tests and the bench). */
  stats: ForgeHttpStats | null = null;
  private http: ForgeHttp | null = null;
  private readonly forge: ForgeModule;
  private readonly apiUrl: string;
  private readonly include: ((p: string) => boolean) | null;
  private readonly exclude: ((p: string) => boolean) | null;

  constructor(private readonly opts: ForgeSourceOptions) {
    const { config } = opts;
    this.type = config.type;
    this.name = opts.name;
    const forge = forges.get(config.type);
    if (!forge) throw new AgoraError('CONFIG_INVALID', `unknown forge type ${config.type}`);
    this.forge = forge;
    const url = config.url ?? forge.defaultUrl;
    if (!url)
      throw new AgoraError('CONFIG_INVALID', `source ${opts.name}: a ${config.type} source needs a url`);
    this.apiUrl = forge.apiUrl(url);
    if (scopesOf(config).length === 0) {
      const kinds = forge.scopeKinds.map((k) => `${k}s`).join(' or ');
      throw new AgoraError('CONFIG_INVALID', `source ${opts.name}: a ${config.type} source needs ${kinds}`);
    }
    this.include = config.include?.length ? picomatch(config.include, { nocase: true }) : null;
    this.exclude = config.exclude?.length ? picomatch(config.exclude, { nocase: true }) : null;
  }

  async *list(ctx: ListContext): AsyncIterable<RepoRef> {
    const { config } = this.opts;
    const env = this.opts.env ?? process.env;
    const token = config.tokenEnv ? env[config.tokenEnv] : undefined;
    if (config.tokenEnv && !token) {
      throw new AgoraError(
        'FORGE_AUTH',
        `source ${this.name}: the environment variable ${config.tokenEnv} (tokenEnv) is not set`,
      );
    }
    const http = this.newHttp(token, ctx.httpCache, ctx.onWait);
    this.stats = http.stats;
    this.http = http;
    const client = this.forge.client({ apiUrl: this.apiUrl, http, archived: config.archived });
    let failure: AgoraError | null = null;
    // Collaborators of private repos are read a few repos ahead of the one yielded (in listing order); after
    // the first failure (a token that may not list them) no more are asked for and stored ones stay.
    let collaboratorsFailed = false;
    const collaborators = async (repo: ForgeRepo): Promise<string[] | undefined> => {
      if (repo.visibility !== 'private' || collaboratorsFailed) return undefined;
      try {
        return await readCollaborators(this.type, this.apiUrl, http, repo);
      } catch (err) {
        if (!collaboratorsFailed) {
          collaboratorsFailed = true;
          ctx.onProblem({
            path: `${this.name}:collaborators`,
            code: err instanceof AgoraError ? err.code : 'FORGE_BAD_RESPONSE',
            message: `cannot read the collaborators of ${repo.fullName}, so private repos are shown to admins, owning teams and server.auth.access only: ${(err as Error).message}`,
          });
        }
        return undefined;
      }
    };
    const ahead: { repo: ForgeRepo; collaborators: Promise<string[] | undefined> }[] = [];
    const next = async () => {
      const first = ahead.shift() as (typeof ahead)[number];
      return this.toRef(first.repo, await first.collaborators);
    };
    for (const scope of scopesOf(config)) {
      if (ctx.signal?.aborted) return;
      try {
        for await (const repo of client.list(scope)) {
          if (!wantedRepo(repo, config, { include: this.include, exclude: this.exclude })) continue;
          this.registerClone(repo.cloneUrl);
          ahead.push({ repo, collaborators: collaborators(repo) });
          if (ahead.length > COLLABORATORS_AHEAD) yield await next();
        }
        while (ahead.length) yield await next();
      } catch (err) {
        while (ahead.length) yield await next();
        const error =
          err instanceof AgoraError
            ? err
            : new AgoraError('FORGE_BAD_RESPONSE', (err as Error).message ?? String(err));
        ctx.onProblem({
          path: `${this.name}:${scope.kind}/${scope.name}`,
          code: error.code,
          message: error.message,
        });
        // An auth failure or an exhausted rate limit fails the other scopes too: stop asking.
        failure ??= error;
        if (error.code === 'FORGE_AUTH' || error.code === 'FORGE_RATE_LIMITED') break;
      }
    }
    if (failure) {
      throw new AgoraError(failure.code, `listing of ${this.name} incomplete: ${failure.message}`);
    }
  }

  /**
   * Lets git reach a clone URL of this source with its token (by variable name), registered per clone URL:
   * another source on the same host may use another token. The listing registers every repo it lists; a
   * queue worker's repo job, whose listing ran elsewhere, registers its repo's.
   */
  registerClone(cloneUrl: string): void {
    const { tokenEnv } = this.opts.config;
    if (!tokenEnv || !(this.opts.env ?? process.env)[tokenEnv] || !isHttp(cloneUrl)) return;
    setHostCredentials(cloneUrl, { username: this.forge.gitUsername, passwordEnv: tokenEnv });
  }

  /** An HTTP layer of this source's host (its limits are the host's, shared by every layer of the process). */
  private newHttp(token: string | undefined, cache?: HttpCache, onWait?: ListContext['onWait']): ForgeHttp {
    const { config } = this.opts;
    return new ForgeHttp({
      apiUrl: this.apiUrl,
      authorization: token ? this.forge.authHeader(token) : null,
      concurrency: config.concurrency,
      requestsPerSecond: config.requestsPerSecond,
      timeoutMs: config.timeoutSeconds * 1000,
      backoffMs: this.opts.backoffMs,
      cache,
      onWait,
    });
  }

  /**
   * Issue and pull request ingestion for this source's repos, on the HTTP layer of the current listing (so
   * its cache and token are shared); given `cache` (a queue worker's repo job, whose listing ran elsewhere), on
   * a layer of its own with those validators. Null before `list` started without `cache`, or with
   * `items: false` or `items.enabled: false` in the source's config (on by default).
   */
  items(cache?: HttpCache): { client: ForgeItemsClient; maxPages: number; timeBudgetMs: number } | null {
    const conf = this.opts.config.items;
    if (conf === false || conf?.enabled === false) return null;
    const token = this.opts.config.tokenEnv
      ? (this.opts.env ?? process.env)[this.opts.config.tokenEnv]
      : undefined;
    const http = cache ? this.newHttp(token, cache) : this.http;
    if (!http) return null;
    return {
      client: this.forge.items({ apiUrl: this.apiUrl, http }),
      maxPages: conf?.maxPages ?? 50,
      timeBudgetMs: (conf?.timeBudgetSeconds ?? 60) * 1000,
    };
  }

  private toRef(repo: ForgeRepo, collaborators: string[] | undefined): RepoRef {
    return {
      id: `${this.name}:${repo.fullName}`,
      name: repo.name,
      fullName: repo.fullName,
      source: this.name,
      location: { kind: 'remote', url: repo.cloneUrl },
      webUrl: repo.webUrl,
      defaultBranch: repo.defaultBranch ?? undefined,
      description: repo.description ?? undefined,
      topics: repo.topics,
      archived: repo.archived,
      visibility: repo.visibility,
      owner: repo.ownerLogin,
      forge: {
        type: this.type,
        id: repo.forgeId,
        stars: repo.stars ?? undefined,
        forks: repo.forks ?? undefined,
        watchers: repo.watchers ?? undefined,
        openIssues: repo.openIssues ?? undefined,
        createdAt: repo.createdAt ?? undefined,
        pushedAt: repo.pushedAt,
        fork: repo.fork,
        ownerLogin: repo.ownerLogin,
        ownerAvatar: repo.ownerAvatar,
        empty: repo.empty,
        ...(repo.hasIssues === false ? { hasIssues: false } : {}),
        ...(collaborators ? { collaborators } : {}),
      },
    };
  }
}

function isHttp(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
