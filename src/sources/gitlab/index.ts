// GitLab (gitlab.com and self-managed): lists the projects of groups, subgroups included
// (`GET /groups/{id}/projects`, keyset pagination by id), and of users (`GET /users/{id}/projects`),
// following the Link header. Archived projects are filtered on the server when unwanted.

import { nextLink } from '../forge/http.ts';
import type { ForgeClient, ForgeClientOptions, ForgeModule, ForgeRepo, ForgeScope } from '../forge/types.ts';
import { gitlabItems } from './items.ts';
import { type GitlabProject, gitlabProjectListSchema } from './schema.ts';

/** A GitLab project in the shape every forge reports. */
export function fromGitlab(p: GitlabProject): ForgeRepo {
  return {
    forgeId: String(p.id),
    fullName: p.path_with_namespace,
    name: p.path,
    ownerLogin: p.namespace.full_path,
    ownerAvatar: p.namespace.avatar_url ?? p.avatar_url ?? null,
    webUrl: p.web_url,
    cloneUrl: p.http_url_to_repo,
    description: p.description ?? null,
    topics: p.topics ?? p.tag_list ?? [],
    defaultBranch: p.default_branch ?? null,
    visibility: p.visibility ?? 'private',
    archived: p.archived ?? false,
    fork: Boolean(p.forked_from_project),
    stars: p.star_count ?? null,
    forks: p.forks_count ?? null,
    // GitLab has no watchers count.
    watchers: null,
    openIssues: p.open_issues_count ?? null,
    createdAt: p.created_at ?? null,
    pushedAt: p.last_activity_at ?? null,
    empty: p.empty_repo ?? false,
    // A project whose issues are disabled answers 403 on /issues: its listing says so first.
    hasIssues: p.issues_access_level === 'disabled' || p.issues_enabled === false ? false : null,
  };
}

class GitlabClient implements ForgeClient {
  constructor(private readonly opts: ForgeClientOptions) {}

  async *list(scope: ForgeScope): AsyncIterable<ForgeRepo> {
    const base = this.opts.apiUrl.replace(/\/+$/, '');
    const id = encodeURIComponent(scope.name);
    const archived = this.opts.archived ? '' : '&archived=false';
    let url: string | null =
      scope.kind === 'user'
        ? `${base}/users/${id}/projects?per_page=100&order_by=id&sort=asc${archived}`
        : `${base}/groups/${id}/projects?include_subgroups=true&per_page=100&pagination=keyset&order_by=id&sort=asc${archived}`;
    while (url) {
      const page: { value: ForgeRepo[]; next: string | null } = await this.opts.http.getJson(
        url,
        (json, headers) => ({
          value: gitlabProjectListSchema.parse(json).map(fromGitlab),
          next: nextLink(headers.get('link')),
        }),
      );
      yield* page.value;
      url = page.next;
    }
  }
}

export const gitlab: ForgeModule = {
  type: 'gitlab',
  defaultUrl: 'https://gitlab.com',
  apiUrl: (url) => `${url.replace(/\/+$/, '')}/api/v4`,
  authHeader: (token) => `Bearer ${token}`,
  gitUsername: 'oauth2',
  scopeKinds: ['group', 'user'],
  client: (opts) => new GitlabClient(opts),
  items: gitlabItems,
};
