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
import { ForgeHttp, type ForgeHttpStats } from './http.ts';
import type { ForgeModule, ForgeRepo, ForgeScope, ForgeType } from './types.ts';

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

  /** What the last listing cost the forge (for tests and the bench). */
  stats: ForgeHttpStats | null = null;
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
    const http = new ForgeHttp({
      apiUrl: this.apiUrl,
      authorization: token ? this.forge.authHeader(token) : null,
      concurrency: config.concurrency,
      timeoutMs: config.timeoutSeconds * 1000,
      backoffMs: this.opts.backoffMs,
      cache: ctx.httpCache,
      onWait: ctx.onWait,
    });
    this.stats = http.stats;
    const client = this.forge.client({ apiUrl: this.apiUrl, http, archived: config.archived });
    let failure: AgoraError | null = null;
    for (const scope of scopesOf(config)) {
      if (ctx.signal?.aborted) return;
      try {
        for await (const repo of client.list(scope)) {
          if (!wantedRepo(repo, config, { include: this.include, exclude: this.exclude })) continue;
          // Registered per clone URL: another source on the same host may use another token.
          if (token && config.tokenEnv && isHttp(repo.cloneUrl)) {
            setHostCredentials(repo.cloneUrl, {
              username: this.forge.gitUsername,
              passwordEnv: config.tokenEnv,
            });
          }
          yield this.toRef(repo);
        }
      } catch (err) {
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

  private toRef(repo: ForgeRepo): RepoRef {
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
      },
    };
  }
}

function isHttp(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
