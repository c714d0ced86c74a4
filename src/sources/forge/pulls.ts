// Opening pull/merge requests: the three writes a campaign needs on each forge (fork a repo, open a pull
// request from a branch, read a pull request's state), over the shared HTTP layer (`http.ts`), which never
// retries a write that may have reached the forge. Responses are parsed permissively (zod): only the fields
// read here are required.

import { z } from 'zod';
import type { ForgeHttp } from './http.ts';
import type { ForgeType } from './types.ts';

/** A repository as the pull-request writes need it. */
export interface PullRepo {
  /** `owner/name` (GitLab: the full namespace path). */
  fullName: string;
  /** The forge's numeric id, as text (GitLab addresses projects by it). */
  forgeId: string | null;
}

export interface PullRequestInput {
  /** Where the branch is: the repo itself or a fork of it. */
  head: { repo: PullRepo & { owner: string }; branch: string };
  base: string;
  title: string;
  body: string;
}

export type PullState = 'open' | 'merged' | 'declined';

export interface ForgePulls {
  /** Forks `repo` for the token's user; returns the fork (an existing fork is returned as it is). */
  fork(repo: PullRepo): Promise<PullRepo & { owner: string; cloneUrl: string }>;
  create(repo: PullRepo, pr: PullRequestInput): Promise<{ number: number; url: string }>;
  state(repo: PullRepo, number: number): Promise<PullState>;
}

const enc = (fullName: string) => fullName.split('/').map(encodeURIComponent).join('/');
const project = (r: PullRepo) => encodeURIComponent(r.forgeId ?? r.fullName);
const sameRepo = (a: PullRepo, b: PullRepo) => a.fullName.toLowerCase() === b.fullName.toLowerCase();

const ghRepo = z.object({
  full_name: z.string(),
  clone_url: z.string(),
  owner: z.object({ login: z.string() }),
});
const ghPull = z.object({
  number: z.number(),
  html_url: z.string(),
  state: z.string(),
  merged_at: z.string().nullish(),
  merged: z.boolean().nullish(),
});

/**
 * GitHub's calls; Gitea and Forgejo answer the same paths with the same shapes. `createExtra` adds
 * forge-only fields to the create call (GitHub's `maintainer_can_modify`).
 */
function githubLike(api: string, http: ForgeHttp, createExtra: Record<string, unknown>): ForgePulls {
  return {
    async fork(repo) {
      const r = await http.sendJson('POST', `${api}/repos/${enc(repo.fullName)}/forks`, {}, (j) =>
        ghRepo.parse(j),
      );
      return { fullName: r.full_name, forgeId: null, owner: r.owner.login, cloneUrl: r.clone_url };
    },
    async create(repo, pr) {
      const head = sameRepo(pr.head.repo, repo) ? pr.head.branch : `${pr.head.repo.owner}:${pr.head.branch}`;
      const r = await http.sendJson(
        'POST',
        `${api}/repos/${enc(repo.fullName)}/pulls`,
        { title: pr.title, body: pr.body, head, base: pr.base, ...createExtra },
        (j) => ghPull.parse(j),
      );
      return { number: r.number, url: r.html_url };
    },
    async state(repo, number) {
      const r = await http.getJson(`${api}/repos/${enc(repo.fullName)}/pulls/${number}`, (j) => ({
        value: ghPull.parse(j),
        next: null,
      }));
      const p = r.value;
      if (p.state === 'open') return 'open';
      return p.merged_at || p.merged ? 'merged' : 'declined';
    },
  };
}

const glProject = z.object({ id: z.number(), path_with_namespace: z.string(), http_url_to_repo: z.string() });
const glMr = z.object({ iid: z.number(), web_url: z.string(), state: z.string() });

function gitlab(api: string, http: ForgeHttp): ForgePulls {
  return {
    async fork(repo) {
      const r = await http.sendJson('POST', `${api}/projects/${project(repo)}/fork`, {}, (j) =>
        glProject.parse(j),
      );
      return {
        fullName: r.path_with_namespace,
        forgeId: String(r.id),
        owner: r.path_with_namespace.split('/').slice(0, -1).join('/'),
        cloneUrl: r.http_url_to_repo,
      };
    },
    async create(repo, pr) {
      // A merge request from a fork is created on the fork, naming the upstream as its target.
      const from = sameRepo(pr.head.repo, repo) ? repo : pr.head.repo;
      const r = await http.sendJson(
        'POST',
        `${api}/projects/${project(from)}/merge_requests`,
        {
          source_branch: pr.head.branch,
          target_branch: pr.base,
          title: pr.title,
          description: pr.body,
          ...(from === repo ? {} : { target_project_id: Number(repo.forgeId) }),
          remove_source_branch: true,
        },
        (j) => glMr.parse(j),
      );
      return { number: r.iid, url: r.web_url };
    },
    async state(repo, number) {
      const r = await http.getJson(`${api}/projects/${project(repo)}/merge_requests/${number}`, (j) => ({
        value: glMr.parse(j),
        next: null,
      }));
      const s = r.value.state;
      return s === 'merged' ? 'merged' : s === 'opened' || s === 'locked' ? 'open' : 'declined';
    },
  };
}

/** The pull-request writes of a forge, given its API base (as `ForgeModule.apiUrl` gives it). */
export function forgePulls(type: ForgeType, apiUrl: string, http: ForgeHttp): ForgePulls {
  const api = apiUrl.replace(/\/+$/, '');
  if (type === 'github') return githubLike(api, http, { maintainer_can_modify: true });
  if (type === 'gitlab') return gitlab(api, http);
  return githubLike(api, http, {});
}
