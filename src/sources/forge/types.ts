// The one interface every forge (GitHub, GitLab, Gitea/Forgejo) implements, and the repository facts they all
// report in one shape. A forge module only speaks its API; filters, credentials and identity live beside it.

import type { ForgeHttp } from './http.ts';
import type { ForgeItemsClient, ForgeItemsClientOptions } from './items.ts';

export type ForgeType = 'github' | 'gitlab' | 'gitea';

export type Visibility = 'public' | 'internal' | 'private';

/** One repository as a forge describes it, in the shape every forge maps to. */
export interface ForgeRepo {
  /** The forge's numeric id, as text: stable across renames and transfers. */
  forgeId: string;
  /** `owner/name` (GitLab: the full namespace path, subgroups included). */
  fullName: string;
  name: string;
  ownerLogin: string;
  ownerAvatar: string | null;
  webUrl: string;
  /** HTTPS clone URL, without credentials. */
  cloneUrl: string;
  description: string | null;
  topics: string[];
  defaultBranch: string | null;
  visibility: Visibility;
  archived: boolean;
  fork: boolean;
  stars: number | null;
  forks: number | null;
  watchers: number | null;
  openIssues: number | null;
  createdAt: string | null;
  /** Last push as the forge reports it: the HEAD probe that spares a git fetch when it has not moved. */
  pushedAt: string | null;
  /** The forge says the repository has no commits. */
  empty: boolean;
  /** False when the forge says the repository's issues are disabled (null or absent: not said). */
  hasIssues?: boolean | null;
}

/** Whose repositories to list. */
export interface ForgeScope {
  kind: 'org' | 'user' | 'group';
  name: string;
}

/** What a forge needs to list: the API base and the per-host HTTP layer (token, limits, cache). */
export interface ForgeClientOptions {
  apiUrl: string;
  http: ForgeHttp;
  /** Whether archived repositories are wanted (lets a forge filter on the server). */
  archived: boolean;
}

export interface ForgeClient {
  /** Every repository of one scope, page by page; throws a FORGE_* AgoraError when a page cannot be read. */
  list(scope: ForgeScope): AsyncIterable<ForgeRepo>;
}

/** One forge: how to reach its API and how git authenticates with a token. */
export interface ForgeModule {
  readonly type: ForgeType;
  /** API base when the config gives no `url` (github: the API itself; others: the instance). */
  readonly defaultUrl: string | null;
  /** The API base for a configured `url` (GitLab `/api/v4`, Gitea `/api/v1`; GitHub's `url` is the API). */
  apiUrl(url: string): string;
  /** How the token goes in the Authorization header. */
  authHeader(token: string): string;
  /** User name git sends with the token as password over HTTPS. */
  readonly gitUsername: string;
  /** The scopes a source of this forge may list. */
  readonly scopeKinds: readonly ForgeScope['kind'][];
  client(opts: ForgeClientOptions): ForgeClient;
  /** Issues and pull/merge requests, comments and reviews (issue 11). */
  items(opts: ForgeItemsClientOptions): ForgeItemsClient;
}
