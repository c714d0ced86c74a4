// Pull requests on the test forge: forking, opening and reading pull/merge requests on GitHub (validated
// against @octokit/openapi by test/sources/forge-pulls-openapi.test.ts), GitLab and Gitea, and the write side
// of git: pushes over smart HTTP behind the same token auth, refused (403) on a repo whose token may only
// fork it, and refused by a real pre-receive hook on a protected branch. Registered on a forge with
// `installPulls(forge)` (one line in a test; server.ts only runs the routes).

import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import {
  type FakeRepo,
  type ForgeKind,
  type ForgeServer,
  giteaRepoJson,
  githubRepoJson,
  githubSimpleUser,
  gitlabProjectJson,
  tokenOf,
} from './server.ts';

export interface FakePull {
  forge: ForgeKind;
  /** The repo the pull request is on (its target). */
  repoId: number;
  number: number;
  headRepoId: number;
  headBranch: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed' | 'merged';
  createdAt: string;
}

export interface ForgePulls {
  pulls: FakePull[];
  /** Login of the token's user: forks go there. */
  user: string;
  /** Refused pushes, as `full name:reason`. */
  refusedPushes: string[];
}

/** Makes `branch` of a bare repo protected: a real pre-receive hook refuses every update of it. */
export function protectBranch(gitDir: string, branch: string): void {
  const hook = join(gitDir, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    `#!/bin/sh\nwhile read old new ref; do\n  if [ "$ref" = "refs/heads/${branch}" ]; then echo "protected branch ${branch}" >&2; exit 1; fi\ndone\nexit 0\n`,
  );
  chmodSync(hook, 0o755);
}

const fullName = (r: FakeRepo) => `${r.owner}/${r.name}`;

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>);
      } catch {
        resolve({});
      }
    });
  });
}

function send(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
}

function branchExists(repo: FakeRepo, branch: string): boolean {
  if (!repo.gitDir) return false;
  try {
    execFileSync('git', ['--git-dir', repo.gitDir, 'rev-parse', '--verify', '-q', `refs/heads/${branch}`], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

function sha(repo: FakeRepo, ref: string): string {
  try {
    return execFileSync('git', ['--git-dir', repo.gitDir as string, 'rev-parse', ref], {
      encoding: 'utf8',
    }).trim();
  } catch {
    return '0'.repeat(40);
  }
}

/** A GitHub `simple-user`. */
function ghUser(s: ForgeServer, login: string) {
  return githubSimpleUser(s, login, 2000 + login.length);
}

/** GitHub's `full-repository` (a fork's answer) and the `repository` inside a pull request's head and base. */
export function githubFullRepoJson(s: ForgeServer, r: FakeRepo): Record<string, unknown> {
  return {
    ...githubRepoJson(s, r),
    mirror_url: null,
    license: null,
    svn_url: `${s.base}/${fullName(r)}`,
    has_discussions: false,
    network_count: 0,
    subscribers_count: 0,
    ...(r.fork ? {} : {}),
  };
}

/** GitHub's `pull-request`. */
export function githubPullJson(s: ForgeServer, p: FakePull): Record<string, unknown> {
  const repo = s.repos.get(p.repoId) as FakeRepo;
  const head = s.repos.get(p.headRepoId) as FakeRepo;
  const api = `${s.githubApi}/repos/${fullName(repo)}`;
  const html = `${s.base}/${fullName(repo)}/pull/${p.number}`;
  const user = ghUser(s, head.owner);
  const ref = (r: FakeRepo, branch: string) => ({
    label: `${r.owner}:${branch}`,
    ref: branch,
    repo: githubFullRepoJson(s, r),
    sha: sha(r, `refs/heads/${branch}`),
    user: ghUser(s, r.owner),
  });
  return {
    url: `${api}/pulls/${p.number}`,
    id: 90_000 + p.number,
    node_id: Buffer.from(`011:PullRequest${p.number}`).toString('base64'),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${p.number}`,
    commits_url: `${api}/pulls/${p.number}/commits`,
    review_comments_url: `${api}/pulls/${p.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${p.number}/comments`,
    statuses_url: `${api}/statuses/${sha(head, `refs/heads/${p.headBranch}`)}`,
    number: p.number,
    state: p.state === 'open' ? 'open' : 'closed',
    locked: false,
    title: p.title,
    user,
    body: p.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.createdAt,
    closed_at: p.state === 'open' ? null : p.createdAt,
    merged_at: p.state === 'merged' ? p.createdAt : null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: ref(head, p.headBranch),
    base: ref(repo, p.base),
    _links: {
      self: { href: `${api}/pulls/${p.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${p.number}` },
      comments: { href: `${api}/issues/${p.number}/comments` },
      review_comments: { href: `${api}/pulls/${p.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${p.number}/commits` },
      statuses: { href: `${api}/statuses/${sha(head, `refs/heads/${p.headBranch}`)}` },
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: false,
    merged: p.state === 'merged',
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: true,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

function gitlabMrJson(s: ForgeServer, p: FakePull): Record<string, unknown> {
  const repo = s.repos.get(p.repoId) as FakeRepo;
  return {
    id: 70_000 + p.number,
    iid: p.number,
    project_id: repo.id,
    source_project_id: p.headRepoId,
    target_project_id: p.repoId,
    title: p.title,
    description: p.body,
    state: p.state === 'open' ? 'opened' : p.state,
    source_branch: p.headBranch,
    target_branch: p.base,
    web_url: `${s.gitlabUrl}/${fullName(repo)}/-/merge_requests/${p.number}`,
    created_at: p.createdAt,
  };
}

function giteaPullJson(s: ForgeServer, p: FakePull): Record<string, unknown> {
  const repo = s.repos.get(p.repoId) as FakeRepo;
  return {
    id: 60_000 + p.number,
    number: p.number,
    title: p.title,
    body: p.body,
    state: p.state === 'open' ? 'open' : 'closed',
    merged: p.state === 'merged',
    html_url: `${s.giteaUrl}/${fullName(repo)}/pulls/${p.number}`,
    head: { ref: p.headBranch, repo_id: p.headRepoId },
    base: { ref: p.base, repo_id: p.repoId },
    created_at: p.createdAt,
  };
}

/** Adds the pull-request routes and push permissions to a running test forge. */
export function installPulls(s: ForgeServer, opts: { user?: string } = {}): ForgePulls {
  const state: ForgePulls = { pulls: [], user: opts.user ?? 'agora-bot', refusedPushes: [] };
  let nextId = 90_000;

  const byName = (forge: ForgeKind, name: string) =>
    [...s.repos.values()].find((r) => r.forge === forge && fullName(r) === name);

  const fork = (upstream: FakeRepo): FakeRepo => {
    const existing = [...s.repos.values()].find(
      (r) => r.forge === upstream.forge && r.owner === state.user && r.name === upstream.name,
    );
    if (existing) return existing;
    const gitDir = join(dirname(upstream.gitDir as string), `fork-${nextId}.git`);
    execFileSync('git', ['clone', '-q', '--bare', upstream.gitDir as string, gitDir]);
    return s.add({
      id: nextId++,
      forge: upstream.forge,
      owner: state.user,
      name: upstream.name,
      gitDir,
      fork: true,
      defaultBranch: upstream.defaultBranch,
    });
  };

  const open = (
    forge: ForgeKind,
    repo: FakeRepo,
    head: FakeRepo,
    branch: string,
    body: Record<string, unknown>,
  ) => {
    const pull: FakePull = {
      forge,
      repoId: repo.id,
      number: state.pulls.filter((p) => p.repoId === repo.id).length + 1,
      headRepoId: head.id,
      headBranch: branch,
      base: String(body.base ?? body.target_branch ?? 'main'),
      title: String(body.title ?? ''),
      body: String(body.body ?? body.description ?? ''),
      state: 'open',
      createdAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    state.pulls.push(pull);
    return pull;
  };

  /** Resolves `owner:branch` or `branch` to the head repo (upstream or the user's fork). */
  const headOf = (forge: ForgeKind, repo: FakeRepo, head: string): [FakeRepo | undefined, string] => {
    const colon = head.indexOf(':');
    if (colon < 0) return [repo, head];
    const owner = head.slice(0, colon);
    return [
      [...s.repos.values()].find((r) => r.forge === forge && r.owner === owner && r.name === repo.name),
      head.slice(colon + 1),
    ];
  };

  s.writeRoutes.push((req, res, url) => {
    // Pushes: a repo whose token may only fork it refuses receive-pack (as a forge refuses a read-only token).
    const git = /^\/git\/(github|gitlab|gitea)\/(.+?)\.git\/(info\/refs|git-receive-pack)$/.exec(
      url.pathname,
    );
    if (git) {
      const isPush = git[3] === 'git-receive-pack' || url.searchParams.get('service') === 'git-receive-pack';
      const repo = byName(git[1] as ForgeKind, git[2]);
      if (isPush && repo?.forkOnly && tokenOf(req) === (repo.token ?? s.token)) {
        state.refusedPushes.push(`${fullName(repo)}:read-only token`);
        res.writeHead(403).end('write access to repository not granted');
        return true;
      }
      return false;
    }
    const method = req.method ?? 'GET';
    let m: RegExpExecArray | null;
    const at = (want: string, re: RegExp) => (method === want ? re.exec(url.pathname) : null);
    const authed = () => {
      if (tokenOf(req) === s.token) return true;
      send(res, 401, { message: 'Bad credentials' });
      return false;
    };
    const handle = (fn: (body: Record<string, unknown>) => void) => {
      if (!authed()) return true;
      void readBody(req).then(fn);
      return true;
    };
    // GitHub
    m = at('POST', /^\/api\/v3\/repos\/([^/]+\/[^/]+)\/forks$/);
    if (m) {
      const repo = byName('github', decodeURIComponent(m[1]));
      return handle(() =>
        repo ? send(res, 202, githubFullRepoJson(s, fork(repo))) : send(res, 404, { message: 'Not Found' }),
      );
    }
    m = at('POST', /^\/api\/v3\/repos\/([^/]+\/[^/]+)\/pulls$/);
    if (m) {
      const repo = byName('github', decodeURIComponent(m[1]));
      return handle((body) => {
        if (!repo) return send(res, 404, { message: 'Not Found' });
        const [head, branch] = headOf('github', repo, String(body.head ?? ''));
        if (!head || !branchExists(head, branch))
          return send(res, 422, {
            message: 'Validation Failed',
            errors: [{ field: 'head', code: 'invalid' }],
          });
        send(res, 201, githubPullJson(s, open('github', repo, head, branch, body)));
      });
    }
    m = at('GET', /^\/api\/v3\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/);
    if (m) {
      const repo = byName('github', decodeURIComponent(m[1]));
      const pull = state.pulls.find((p) => p.repoId === repo?.id && p.number === Number(m?.[2]));
      // A pull request this model did not open may be the item model's (items.ts), or nobody's.
      if (!pull) return false;
      if (!authed()) return true;
      send(res, 200, githubPullJson(s, pull));
      return true;
    }
    // GitLab: projects by id.
    m = at('POST', /^\/gitlab\/api\/v4\/projects\/(\d+)\/fork$/);
    if (m) {
      const repo = s.repos.get(Number(m[1]));
      return handle(() =>
        repo
          ? send(res, 201, gitlabProjectJson(s, fork(repo)))
          : send(res, 404, { message: '404 Project Not Found' }),
      );
    }
    m = at('POST', /^\/gitlab\/api\/v4\/projects\/(\d+)\/merge_requests$/);
    if (m) {
      const source = s.repos.get(Number(m[1]));
      return handle((body) => {
        const target = body.target_project_id ? s.repos.get(Number(body.target_project_id)) : source;
        if (!source || !target) return send(res, 404, { message: '404 Project Not Found' });
        const branch = String(body.source_branch ?? '');
        if (!branchExists(source, branch))
          return send(res, 422, { message: ['source branch does not exist'] });
        send(res, 201, gitlabMrJson(s, open('gitlab', target, source, branch, body)));
      });
    }
    m = at('GET', /^\/gitlab\/api\/v4\/projects\/(\d+)\/merge_requests\/(\d+)$/);
    if (m) {
      const pull = state.pulls.find((p) => p.repoId === Number(m?.[1]) && p.number === Number(m?.[2]));
      if (!authed()) return true;
      if (pull) send(res, 200, gitlabMrJson(s, pull));
      else send(res, 404, { message: '404 Not found' });
      return true;
    }
    // Gitea
    m = at('POST', /^\/gitea\/api\/v1\/repos\/([^/]+\/[^/]+)\/forks$/);
    if (m) {
      const repo = byName('gitea', decodeURIComponent(m[1]));
      return handle(() =>
        repo ? send(res, 202, giteaRepoJson(s, fork(repo))) : send(res, 404, { message: 'Not Found' }),
      );
    }
    m = at('POST', /^\/gitea\/api\/v1\/repos\/([^/]+\/[^/]+)\/pulls$/);
    if (m) {
      const repo = byName('gitea', decodeURIComponent(m[1]));
      return handle((body) => {
        if (!repo) return send(res, 404, { message: 'Not Found' });
        const [head, branch] = headOf('gitea', repo, String(body.head ?? ''));
        if (!head || !branchExists(head, branch))
          return send(res, 422, { message: 'head branch does not exist' });
        send(res, 201, giteaPullJson(s, open('gitea', repo, head, branch, body)));
      });
    }
    m = at('GET', /^\/gitea\/api\/v1\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)$/);
    if (m) {
      const repo = byName('gitea', decodeURIComponent(m[1]));
      const pull = state.pulls.find((p) => p.repoId === repo?.id && p.number === Number(m?.[2]));
      if (!authed()) return true;
      if (pull) send(res, 200, giteaPullJson(s, pull));
      else send(res, 404, { message: 'Not Found' });
      return true;
    }
    return false;
  });
  return state;
}
