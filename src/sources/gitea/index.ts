// Gitea and Forgejo: lists the repositories of organisations (`GET /orgs/{org}/repos`) and users
// (`GET /users/{user}/repos`) by page number, 50 a page (the default server maximum), until a short page.

import type { ForgeClient, ForgeClientOptions, ForgeModule, ForgeRepo, ForgeScope } from '../forge/types.ts';
import { giteaItems } from './items.ts';
import { type GiteaRepo, giteaRepoListSchema } from './schema.ts';

const PAGE_SIZE = 50;

/** A Gitea repository in the shape every forge reports. */
export function fromGitea(r: GiteaRepo): ForgeRepo {
  return {
    forgeId: String(r.id),
    fullName: r.full_name,
    name: r.name,
    ownerLogin: r.owner.login,
    ownerAvatar: r.owner.avatar_url ?? null,
    webUrl: r.html_url,
    cloneUrl: r.clone_url,
    description: r.description || null,
    topics: r.topics ?? [],
    defaultBranch: r.default_branch ?? null,
    visibility: r.private ? 'private' : r.internal ? 'internal' : 'public',
    archived: r.archived ?? false,
    fork: r.fork ?? false,
    stars: r.stars_count ?? null,
    forks: r.forks_count ?? null,
    watchers: r.watchers_count ?? null,
    openIssues: r.open_issues_count ?? null,
    hasIssues: r.has_issues ?? null,
    createdAt: r.created_at ?? null,
    // Gitea reports no push time; its update time moves on every push (and on settings changes).
    pushedAt: r.updated_at ?? null,
    empty: r.empty ?? false,
  };
}

class GiteaClient implements ForgeClient {
  constructor(private readonly opts: ForgeClientOptions) {}

  async *list(scope: ForgeScope): AsyncIterable<ForgeRepo> {
    const base = this.opts.apiUrl.replace(/\/+$/, '');
    const path = scope.kind === 'user' ? 'users' : 'orgs';
    for (let pageNo = 1; ; pageNo++) {
      const url = `${base}/${path}/${encodeURIComponent(scope.name)}/repos?page=${pageNo}&limit=${PAGE_SIZE}`;
      const page = await this.opts.http.getJson(url, (json) => ({
        value: giteaRepoListSchema.parse(json).map(fromGitea),
        next: null,
      }));
      yield* page.value;
      if (page.value.length < PAGE_SIZE) return;
    }
  }
}

export const gitea: ForgeModule = {
  type: 'gitea',
  defaultUrl: null,
  apiUrl: (url) => `${url.replace(/\/+$/, '')}/api/v1`,
  authHeader: (token) => `token ${token}`,
  gitUsername: 'agora',
  scopeKinds: ['org', 'user'],
  client: (opts) => new GiteaClient(opts),
  items: giteaItems,
};
