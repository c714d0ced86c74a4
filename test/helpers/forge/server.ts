// A test forge on 127.0.0.1: the subset of the GitHub, GitLab and Gitea APIs Agora calls (repository listings
// with their pagination, ETags and rate-limit headers) over a model of repositories, and real git over smart
// HTTP (`git http-backend`) behind token auth, so listing, cloning and fetching are real end to end.
// Faults (status codes, Retry-After, truncated or never-ending bodies) are queued per path. Every request is
// recorded; one the forge does not know is recorded as unexpected, so a test can fail on it.
//
//   GitHub API   ${base}/api/v3          (GET /orgs/{org}/repos, GET /users/{user}/repos)
//   GitLab       ${base}/gitlab          (GET /api/v4/groups/{id}/projects keyset, /api/v4/users/{id}/projects)
//   Gitea        ${base}/gitea           (GET /api/v1/orgs/{org}/repos, /api/v1/users/{user}/repos)
//   collaborators GitHub /repos/{o}/{r}/collaborators, GitLab /projects/{id}/members/all, Gitea
//                /repos/{o}/{r}/collaborators
//   git          ${base}/git/{forge}/{full name}.git

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { runBackend } from '../git-http-server.ts';

export type ForgeKind = 'github' | 'gitlab' | 'gitea';

/** One repository on the test forge. */
export interface FakeRepo {
  id: number;
  forge: ForgeKind;
  /** Organisation, user or group path (GitLab: may hold subgroups, `platform/tools`). */
  owner: string;
  name: string;
  /** The bare repository served for it (absent: clones are refused with 404). */
  gitDir?: string;
  description?: string | null;
  topics?: string[];
  archived?: boolean;
  fork?: boolean;
  visibility?: 'public' | 'private' | 'internal';
  stars?: number;
  forks?: number;
  watchers?: number;
  openIssues?: number;
  defaultBranch?: string;
  createdAt?: string;
  pushedAt?: string;
  empty?: boolean;
  /** Clones of it answer 403 (a repo listed but whose clone is refused). */
  refuseClone?: boolean;
  /** The token its clones need, and its owner's listing accepts, instead of the forge's. */
  token?: string;
  /** The token may read and fork it but not push to it (pushes answer 403; see pulls.ts). */
  forkOnly?: boolean;
  /**
   * False: its issues are disabled. Listings say so (`has_issues`, GitLab `issues_access_level`); the issue
   * listing answers GitHub 410 Gone, GitLab 403, Gitea 404 (see items.ts).
   */
  hasIssues?: boolean;
  /** Logins with access to it (GitHub and Gitea collaborators, GitLab members: Developer, `guest:` prefix Guest). */
  collaborators?: string[];
}

/** A fault answered instead of the real response, `times` times, for requests whose path starts with `path`. */
export interface Fault {
  path: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Send the real body cut at half its length, then close the connection. */
  truncate?: boolean;
  /** Send headers and part of a body, then never finish. */
  hang?: boolean;
  times?: number;
}

export interface RecordedRequest {
  method: string;
  url: string;
  status: number;
  authorization: string | null;
  ifNoneMatch: string | null;
  kind: 'api' | 'git';
  /** When the request arrived (ms since the epoch): rate limits are checked against these. */
  at: number;
}

export interface ForgeServer {
  base: string;
  githubApi: string;
  gitlabUrl: string;
  giteaUrl: string;
  repos: Map<number, FakeRepo>;
  /** The token the forge accepts (API: Bearer/token header; git: basic auth password). Change it to revoke. */
  token: string;
  faults: Fault[];
  requests: RecordedRequest[];
  /** Requests no route answered. */
  unexpected: string[];
  /** Every API response body sent. */
  bodies: string[];
  /** Page size the GitHub and GitLab routes use at most (the client asks for 100). */
  maxPerPage: number;
  add(repo: FakeRepo): FakeRepo;
  /** More API routes (e.g. `items.ts`): each answers and returns true, or returns false. */
  routes: ForgeRoute[];
  /** Sends JSON with the forge's ETag, rate-limit headers and 304 (for `routes`). */
  sendJson(
    req: IncomingMessage,
    res: ServerResponse,
    value: unknown,
    headers: Record<string, string>,
    fault: Fault | undefined,
  ): void;
  /** Sends an error status with a JSON body, recorded like every answer (for `routes`). */
  sendStatus(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void;
  /** Routes tried before git and faults (`pulls.ts`: pushes, forks, PR creation), in order; true when answered. */
  writeRoutes: ((req: IncomingMessage, res: ServerResponse, url: URL) => boolean)[];
  close(): Promise<void>;
}

export type ForgeRoute = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  fault: Fault | undefined,
) => boolean;

const EPOCH = '2024-01-01T00:00:00Z';

function fullName(r: FakeRepo): string {
  return `${r.owner}/${r.name}`;
}

/** The JSON GitHub gives for a repository in a listing (`minimal-repository`). */
export function githubRepoJson(s: ForgeServer, r: FakeRepo): Record<string, unknown> {
  const api = `${s.githubApi}/repos/${fullName(r)}`;
  const ownerApi = `${s.githubApi}/users/${r.owner}`;
  const urls = Object.fromEntries(
    [
      'archive_url:/{archive_format}{/ref}',
      'assignees_url:/assignees{/user}',
      'blobs_url:/git/blobs{/sha}',
      'branches_url:/branches{/branch}',
      'collaborators_url:/collaborators{/collaborator}',
      'comments_url:/comments{/number}',
      'commits_url:/commits{/sha}',
      'compare_url:/compare/{base}...{head}',
      'contents_url:/contents/{+path}',
      'contributors_url:/contributors',
      'deployments_url:/deployments',
      'downloads_url:/downloads',
      'events_url:/events',
      'forks_url:/forks',
      'git_commits_url:/git/commits{/sha}',
      'git_refs_url:/git/refs{/sha}',
      'git_tags_url:/git/tags{/sha}',
      'hooks_url:/hooks',
      'issue_comment_url:/issues/comments{/number}',
      'issue_events_url:/issues/events{/number}',
      'issues_url:/issues{/number}',
      'keys_url:/keys{/key_id}',
      'labels_url:/labels{/name}',
      'languages_url:/languages',
      'merges_url:/merges',
      'milestones_url:/milestones{/number}',
      'notifications_url:/notifications{?since,all,participating}',
      'pulls_url:/pulls{/number}',
      'releases_url:/releases{/id}',
      'stargazers_url:/stargazers',
      'statuses_url:/statuses/{sha}',
      'subscribers_url:/subscribers',
      'subscription_url:/subscription',
      'tags_url:/tags',
      'teams_url:/teams',
      'trees_url:/git/trees{/sha}',
    ].map((e) => {
      const [k, tail] = e.split(/:(.*)/s);
      return [k, api + tail];
    }),
  );
  return {
    id: r.id,
    node_id: Buffer.from(`010:Repository${r.id}`).toString('base64'),
    name: r.name,
    full_name: fullName(r),
    private: (r.visibility ?? 'public') !== 'public',
    owner: {
      login: r.owner,
      id: 1000 + (r.owner.length % 97),
      node_id: Buffer.from(`04:User${r.owner}`).toString('base64'),
      avatar_url: `${s.base}/avatars/${r.owner}.png`,
      gravatar_id: '',
      url: ownerApi,
      html_url: `${s.base}/${r.owner}`,
      followers_url: `${ownerApi}/followers`,
      following_url: `${ownerApi}/following{/other_user}`,
      gists_url: `${ownerApi}/gists{/gist_id}`,
      starred_url: `${ownerApi}/starred{/owner}{/repo}`,
      subscriptions_url: `${ownerApi}/subscriptions`,
      organizations_url: `${ownerApi}/orgs`,
      repos_url: `${ownerApi}/repos`,
      events_url: `${ownerApi}/events{/privacy}`,
      received_events_url: `${ownerApi}/received_events`,
      type: 'Organization',
      site_admin: false,
    },
    html_url: `${s.base}/${fullName(r)}`,
    description: r.description ?? null,
    fork: r.fork ?? false,
    url: api,
    ...urls,
    git_url: `git://127.0.0.1/${fullName(r)}.git`,
    ssh_url: `git@127.0.0.1:${fullName(r)}.git`,
    clone_url: `${s.base}/git/github/${fullName(r)}.git`,
    homepage: null,
    language: null,
    forks_count: r.forks ?? 0,
    stargazers_count: r.stars ?? 0,
    watchers_count: r.watchers ?? r.stars ?? 0,
    size: r.empty ? 0 : 12,
    default_branch: r.defaultBranch ?? 'main',
    open_issues_count: r.openIssues ?? 0,
    is_template: false,
    topics: r.topics ?? [],
    has_issues: r.hasIssues ?? true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    archived: r.archived ?? false,
    disabled: false,
    visibility: r.visibility ?? 'public',
    pushed_at: r.pushedAt ?? EPOCH,
    created_at: r.createdAt ?? EPOCH,
    updated_at: r.pushedAt ?? EPOCH,
    permissions: { admin: false, maintain: false, push: false, triage: false, pull: true },
    forks: r.forks ?? 0,
    open_issues: r.openIssues ?? 0,
    watchers: r.watchers ?? r.stars ?? 0,
  };
}

/** The JSON GitHub gives for a collaborator (`collaborator`). */
/** GitHub's `simple-user` (authors, reviewers, collaborators), the one shape every test-forge answer uses. */
export function githubSimpleUser(
  s: ForgeServer,
  login: string,
  id: number,
  type: 'User' | 'Bot' = 'User',
): Record<string, unknown> {
  const api = `${s.githubApi}/users/${login}`;
  return {
    login,
    id,
    node_id: Buffer.from(`04:User${login}`).toString('base64'),
    avatar_url: `${s.base}/avatars/${login}.png`,
    gravatar_id: '',
    url: api,
    html_url: `${s.base}/${login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
  };
}

export function githubCollaboratorJson(s: ForgeServer, login: string, n: number): Record<string, unknown> {
  return {
    ...githubSimpleUser(s, login, 5000 + n),
    permissions: { pull: true, triage: false, push: true, maintain: false, admin: false },
    role_name: 'write',
  };
}

export function gitlabProjectJson(s: ForgeServer, r: FakeRepo): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    path: r.name,
    name_with_namespace: `${r.owner} / ${r.name}`,
    path_with_namespace: fullName(r),
    namespace: {
      id: 500,
      name: r.owner,
      path: r.owner.split('/').pop(),
      kind: 'group',
      full_path: r.owner,
      avatar_url: `${s.base}/avatars/${r.owner.replaceAll('/', '-')}.png`,
    },
    description: r.description ?? null,
    default_branch: r.empty ? null : (r.defaultBranch ?? 'main'),
    visibility: r.visibility ?? 'internal',
    archived: r.archived ?? false,
    web_url: `${s.gitlabUrl}/${fullName(r)}`,
    http_url_to_repo: `${s.base}/git/gitlab/${fullName(r)}.git`,
    ssh_url_to_repo: `git@127.0.0.1:${fullName(r)}.git`,
    topics: r.topics ?? [],
    tag_list: r.topics ?? [],
    star_count: r.stars ?? 0,
    forks_count: r.forks ?? 0,
    open_issues_count: r.openIssues ?? 0,
    created_at: r.createdAt ?? EPOCH,
    last_activity_at: r.pushedAt ?? EPOCH,
    empty_repo: r.empty ?? false,
    issues_enabled: r.hasIssues ?? true,
    issues_access_level: r.hasIssues === false ? 'disabled' : 'enabled',
    ...(r.fork ? { forked_from_project: { id: 1 } } : {}),
  };
}

export function giteaRepoJson(s: ForgeServer, r: FakeRepo): Record<string, unknown> {
  return {
    id: r.id,
    owner: { id: 7, login: r.owner, avatar_url: `${s.giteaUrl}/avatars/${r.owner}` },
    name: r.name,
    full_name: fullName(r),
    description: r.description ?? '',
    empty: r.empty ?? false,
    private: r.visibility === 'private',
    internal: r.visibility === 'internal',
    fork: r.fork ?? false,
    html_url: `${s.giteaUrl}/${fullName(r)}`,
    clone_url: `${s.base}/git/gitea/${fullName(r)}.git`,
    ssh_url: `git@127.0.0.1:${fullName(r)}.git`,
    stars_count: r.stars ?? 0,
    forks_count: r.forks ?? 0,
    watchers_count: r.watchers ?? 0,
    open_issues_count: r.openIssues ?? 0,
    default_branch: r.defaultBranch ?? 'main',
    archived: r.archived ?? false,
    created_at: r.createdAt ?? EPOCH,
    updated_at: r.pushedAt ?? EPOCH,
    topics: r.topics ?? [],
    has_issues: r.hasIssues ?? true,
  };
}

export function tokenOf(req: IncomingMessage): string | null {
  const auth = req.headers.authorization ?? '';
  const bearer = /^(?:Bearer|token)\s+(.+)$/i.exec(auth);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+(.+)$/i.exec(auth);
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return null;
}

/** Starts the forge; close it in afterAll. */
export async function startForgeServer(opts: { token: string; maxPerPage?: number }): Promise<ForgeServer> {
  let server!: Server;
  const s: ForgeServer = {
    base: '',
    githubApi: '',
    gitlabUrl: '',
    giteaUrl: '',
    repos: new Map(),
    token: opts.token,
    faults: [],
    requests: [],
    unexpected: [],
    bodies: [],
    maxPerPage: opts.maxPerPage ?? 100,
    add(repo) {
      s.repos.set(repo.id, repo);
      return repo;
    },
    routes: [],
    writeRoutes: [],
    sendJson: (...args) => sendJson(...args),
    sendStatus: (req, res, status, value) => {
      record(req, status, 'api');
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const arrived = new WeakMap<IncomingMessage, number>();
  const record = (req: IncomingMessage, status: number, kind: RecordedRequest['kind']) => {
    s.requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      status,
      authorization: req.headers.authorization ?? null,
      ifNoneMatch: (req.headers['if-none-match'] as string | undefined) ?? null,
      kind,
      at: arrived.get(req) ?? Date.now(),
    });
  };

  const sendJson = (
    req: IncomingMessage,
    res: ServerResponse,
    value: unknown,
    headers: Record<string, string>,
    fault: Fault | undefined,
  ) => {
    const body = JSON.stringify(value);
    const etag = `W/"${createHash('sha1').update(body).digest('hex')}"`;
    const base = {
      'content-type': 'application/json; charset=utf-8',
      etag,
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      ...headers,
    };
    if (req.headers['if-none-match'] === etag && !fault) {
      record(req, 304, 'api');
      res.writeHead(304, base).end();
      return;
    }
    if (fault?.truncate) {
      record(req, 200, 'api');
      res.writeHead(200, { ...base, 'content-length': String(Buffer.byteLength(body)) });
      res.write(body.slice(0, Math.floor(body.length / 2)));
      res.destroy();
      return;
    }
    if (fault?.hang) {
      record(req, 200, 'api');
      res.writeHead(200, base);
      res.write(body.slice(0, 10));
      return;
    }
    record(req, 200, 'api');
    s.bodies.push(body);
    res.writeHead(200, base).end(body);
  };

  const owned = (forge: ForgeKind, owner: string, subgroups: boolean) =>
    [...s.repos.values()]
      .filter(
        (r) => r.forge === forge && (r.owner === owner || (subgroups && r.owner.startsWith(`${owner}/`))),
      )
      .sort((a, b) => a.id - b.id);

  const linkHeader = (url: URL, params: Record<string, string>) => {
    const next = new URL(url);
    for (const [k, v] of Object.entries(params)) next.searchParams.set(k, v);
    return `<${s.base}${next.pathname}${next.search}>; rel="next"`;
  };

  function api(req: IncomingMessage, res: ServerResponse, url: URL, fault: Fault | undefined): boolean {
    const path = url.pathname;
    for (const route of s.routes) if (route(req, res, url, fault)) return true;
    let m = /^\/api\/v3\/(orgs|users)\/([^/]+)\/repos$/.exec(path);
    if (m) {
      const all = owned('github', decodeURIComponent(m[2]), false);
      const per = Math.min(Number(url.searchParams.get('per_page') ?? 30), s.maxPerPage);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = all.slice((page - 1) * per, page * per);
      const headers: Record<string, string> = {};
      if (page * per < all.length) headers.link = linkHeader(url, { page: String(page + 1) });
      sendJson(
        req,
        res,
        slice.map((r) => githubRepoJson(s, r)),
        headers,
        fault,
      );
      return true;
    }
    m = /^\/gitlab\/api\/v4\/(groups|users)\/([^/]+)\/projects$/.exec(path);
    if (m) {
      const subgroups = m[1] === 'groups' && url.searchParams.get('include_subgroups') === 'true';
      let all = owned('gitlab', decodeURIComponent(m[2]), subgroups);
      if (url.searchParams.get('archived') === 'false') all = all.filter((r) => !r.archived);
      const per = Math.min(Number(url.searchParams.get('per_page') ?? 20), s.maxPerPage);
      const after = Number(url.searchParams.get('id_after') ?? 0);
      const slice = all.filter((r) => r.id > after).slice(0, per);
      const headers: Record<string, string> = {};
      const last = slice[slice.length - 1];
      if (last && all.some((r) => r.id > last.id))
        headers.link = linkHeader(url, { id_after: String(last.id) });
      sendJson(
        req,
        res,
        slice.map((r) => gitlabProjectJson(s, r)),
        {
          ...headers,
          'ratelimit-remaining': '1999',
          'ratelimit-reset': String(Math.floor(Date.now() / 1000) + 60),
        },
        fault,
      );
      return true;
    }
    m = /^\/(api\/v3|gitea\/api\/v1)\/repos\/([^/]+)\/([^/]+)\/collaborators$/.exec(path);
    if (m) {
      const forge = m[1] === 'api/v3' ? 'github' : 'gitea';
      const name = `${decodeURIComponent(m[2])}/${decodeURIComponent(m[3])}`;
      const repo = [...s.repos.values()].find((r) => r.forge === forge && fullName(r) === name);
      if (!repo) return false;
      const people = (repo.collaborators ?? []).filter((l) => !l.startsWith('guest:'));
      const users = people.map((login, n) =>
        forge === 'github'
          ? githubCollaboratorJson(s, login, n)
          : { id: 5000 + n, login, full_name: login, email: `${login}@example.com`, avatar_url: '' },
      );
      const per =
        forge === 'github' ? Math.min(Number(url.searchParams.get('per_page') ?? 30), s.maxPerPage) : 50;
      const page = Number(url.searchParams.get('page') ?? 1);
      const headers: Record<string, string> = {};
      if (forge === 'github' && page * per < users.length)
        headers.link = linkHeader(url, { page: String(page + 1) });
      sendJson(req, res, users.slice((page - 1) * per, page * per), headers, fault);
      return true;
    }
    m = /^\/gitlab\/api\/v4\/projects\/(\d+)\/members\/all$/.exec(path);
    if (m) {
      const repo = s.repos.get(Number(m[1]));
      if (repo?.forge !== 'gitlab') return false;
      sendJson(
        req,
        res,
        (repo.collaborators ?? []).map((l, n) => {
          const guest = l.startsWith('guest:');
          const username = guest ? l.slice(6) : l;
          return {
            id: 5000 + n,
            username,
            name: username,
            state: 'active',
            avatar_url: null,
            web_url: `${s.gitlabUrl}/${username}`,
            access_level: guest ? 10 : 30,
            created_at: EPOCH,
            expires_at: null,
          };
        }),
        {},
        fault,
      );
      return true;
    }
    m = /^\/gitea\/api\/v1\/(orgs|users)\/([^/]+)\/repos$/.exec(path);
    if (m) {
      const all = owned('gitea', decodeURIComponent(m[2]), false);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 30), 50);
      const page = Number(url.searchParams.get('page') ?? 1);
      sendJson(
        req,
        res,
        all.slice((page - 1) * limit, page * limit).map((r) => giteaRepoJson(s, r)),
        { 'x-total-count': String(all.length) },
        fault,
      );
      return true;
    }
    return false;
  }

  function gitRoute(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
    const m = /^\/git\/(github|gitlab|gitea)\/(.+?)\.git(\/.*)$/.exec(url.pathname);
    if (!m) return false;
    const repo = [...s.repos.values()].find((r) => r.forge === m[1] && fullName(r) === m[2]);
    if (tokenOf(req) !== (repo?.token ?? s.token)) {
      record(req, 401, 'git');
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="agora-test-forge"' }).end();
      return true;
    }
    if (!repo?.gitDir || repo.refuseClone) {
      const status = repo?.refuseClone ? 403 : 404;
      record(req, status, 'git');
      res.writeHead(status).end();
      return true;
    }
    record(req, 200, 'git');
    const gitDir = repo.gitDir;
    // http-backend serves GIT_PROJECT_ROOT/PATH_INFO: the repo's own folder under its parent.
    req.url = `/${gitDir.slice(dirname(gitDir).length + 1)}${m[3]}${url.search}`;
    runBackend(req, res, dirname(gitDir));
    return true;
  }

  server = createServer((req, res) => {
    arrived.set(req, Date.now());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (s.writeRoutes.some((route) => route(req, res, url))) return;
    if (gitRoute(req, res, url)) return;
    const faultIndex = s.faults.findIndex((f) => url.pathname.startsWith(f.path) && (f.times ?? 1) > 0);
    const fault = faultIndex >= 0 ? s.faults[faultIndex] : undefined;
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) s.faults.splice(faultIndex, 1);
    }
    if (fault?.status) {
      record(req, fault.status, 'api');
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ message: `fault ${fault.status}` }));
      return;
    }
    const isApi = /^\/(api\/v3|gitlab\/api\/v4|gitea\/api\/v1)\//.test(url.pathname);
    const ownerTokens = new Set([...s.repos.values()].map((r) => r.token).filter(Boolean));
    if (isApi && tokenOf(req) !== s.token && !ownerTokens.has(tokenOf(req) ?? '')) {
      record(req, 401, 'api');
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Bad credentials"}');
      return;
    }
    if (isApi && api(req, res, url, fault)) return;
    s.unexpected.push(`${req.method} ${req.url}`);
    record(req, 404, 'api');
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Not Found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  s.base = `http://127.0.0.1:${port}`;
  s.githubApi = `${s.base}/api/v3`;
  s.gitlabUrl = `${s.base}/gitlab`;
  s.giteaUrl = `${s.base}/gitea`;
  return s;
}

/** Where the test forge keeps a repo's bare git dir: one folder per repo under `root`. */
export function bareDirFor(root: string, id: number): string {
  return join(root, `repo-${id}.git`);
}
