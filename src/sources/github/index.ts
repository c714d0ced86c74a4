// GitHub and GitHub Enterprise Server: lists the repositories of organisations (`GET /orgs/{org}/repos`) and
// users (`GET /users/{user}/repos`), 100 a page, following the Link header.

import { nextLink } from '../forge/http.ts';
import type { ForgeClient, ForgeClientOptions, ForgeModule, ForgeRepo, ForgeScope } from '../forge/types.ts';
import { githubItems } from './items.ts';
import { type GithubRepo, githubRepoListSchema } from './schema.ts';

/** A GitHub repository in the shape every forge reports. */
export function fromGithub(r: GithubRepo): ForgeRepo {
  return {
    forgeId: String(r.id),
    fullName: r.full_name,
    name: r.name,
    ownerLogin: r.owner.login,
    ownerAvatar: r.owner.avatar_url ?? null,
    webUrl: r.html_url,
    cloneUrl: r.clone_url,
    description: r.description ?? null,
    topics: r.topics ?? [],
    defaultBranch: r.default_branch ?? null,
    visibility: r.visibility ?? (r.private ? 'private' : 'public'),
    archived: r.archived ?? false,
    fork: r.fork,
    stars: r.stargazers_count ?? null,
    forks: r.forks_count ?? null,
    watchers: r.watchers_count ?? null,
    openIssues: r.open_issues_count ?? null,
    createdAt: r.created_at ?? null,
    pushedAt: r.pushed_at ?? null,
    // GitHub reports size 0 for a repository without commits.
    empty: r.size === 0,
    hasIssues: r.has_issues ?? null,
  };
}

class GithubClient implements ForgeClient {
  constructor(private readonly opts: ForgeClientOptions) {}

  async *list(scope: ForgeScope): AsyncIterable<ForgeRepo> {
    const base = this.opts.apiUrl.replace(/\/+$/, '');
    const path = scope.kind === 'user' ? 'users' : 'orgs';
    let url: string | null =
      `${base}/${path}/${encodeURIComponent(scope.name)}/repos?per_page=100&type=${scope.kind === 'user' ? 'owner' : 'all'}`;
    while (url) {
      const page: { value: ForgeRepo[]; next: string | null } = await this.opts.http.getJson(
        url,
        (json, headers) => ({
          value: githubRepoListSchema.parse(json).map(fromGithub),
          next: nextLink(headers.get('link')),
        }),
      );
      yield* page.value;
      url = page.next;
    }
  }
}

export const github: ForgeModule = {
  type: 'github',
  defaultUrl: 'https://api.github.com',
  apiUrl: (url) => url.replace(/\/+$/, ''),
  authHeader: (token) => `Bearer ${token}`,
  gitUsername: 'x-access-token',
  scopeKinds: ['org', 'user'],
  client: (opts) => new GithubClient(opts),
  items: githubItems,
};
