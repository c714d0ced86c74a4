// Who may read a private repository, as the forge says: GitHub's collaborators (`affiliation=all`: outside
// collaborators, organisation members with access through a team, organisation owners), GitLab's members with
// at least Reporter access (direct and inherited: `members/all`), Gitea's collaborators. Read for private repos
// at each listing, conditionally (an unchanged list costs a 304); the portal shows a private repo to signed-in
// people with one of these logins (src/server/views.ts). Logins are lower-cased.

import { z } from 'zod';
import type { ForgeHttp } from './http.ts';
import { nextLink } from './http.ts';
import type { ForgeRepo, ForgeType } from './types.ts';

/** At most this many pages of collaborators a repo (100 a page on GitHub and GitLab, 50 on Gitea). */
const MAX_PAGES = 20;
/** GitLab's Reporter: the lowest access level that reads a private project's code. */
const GITLAB_REPORTER = 20;

const githubUsers = z.array(z.object({ login: z.string() }));
const gitlabMembers = z.array(
  z.object({ username: z.string(), access_level: z.number(), state: z.string().nullish() }),
);

/** Every login the forge gives read access to `repo`; throws a FORGE_* AgoraError when a page fails. */
export async function readCollaborators(
  type: ForgeType,
  apiUrl: string,
  http: ForgeHttp,
  repo: Pick<ForgeRepo, 'forgeId' | 'fullName'>,
): Promise<string[]> {
  const base = apiUrl.replace(/\/+$/, '');
  const path = repo.fullName.split('/').map(encodeURIComponent).join('/');
  const out = new Set<string>();
  if (type === 'gitea') {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const url = `${base}/repos/${path}/collaborators?page=${page}&limit=50`;
      const got = await http.getJson(url, (json) => ({ value: githubUsers.parse(json), next: null }));
      for (const u of got.value) out.add(u.login.toLowerCase());
      if (got.value.length < 50) break;
    }
    return [...out].sort();
  }
  let url: string | null =
    type === 'github'
      ? `${base}/repos/${path}/collaborators?affiliation=all&per_page=100`
      : `${base}/projects/${encodeURIComponent(repo.forgeId)}/members/all?per_page=100`;
  for (let n = 0; url && n < MAX_PAGES; n++) {
    const got: { value: string[]; next: string | null } = await http.getJson(url, (json, headers) => ({
      value:
        type === 'github'
          ? githubUsers.parse(json).map((u) => u.login)
          : gitlabMembers
              .parse(json)
              .filter((m) => m.access_level >= GITLAB_REPORTER && (m.state ?? 'active') === 'active')
              .map((m) => m.username),
      next: nextLink(headers.get('link')),
    }));
    for (const login of got.value) out.add(login.toLowerCase());
    url = got.next;
  }
  return [...out].sort();
}
