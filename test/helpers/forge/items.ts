// Issues, pull/merge requests, comments, reviews and commit logins on the test forge: a model the tests build
// (cheap: 2,000 issues are rows, not git) and the GitHub, GitLab and Gitea routes Agora reads them by, with
// `since`/`updated_after` filters, ascending update order and pagination. GitHub shapes follow GitHub's OpenAPI
// description (checked in test/sources/forge-items-openapi.test.ts).
//
//   GitHub  /api/v3/repos/{o}/{r}/issues (410 Gone when the repo's issues are disabled), /pulls (newest update
//           first), /pulls/{n}, /issues/{n}/comments, /pulls/{n}/reviews, /commits
//   GitLab  /gitlab/api/v4/projects/{id}/issues|merge_requests, …/{iid}/notes
//   Gitea   /gitea/api/v1/repos/{o}/{r}/issues?type=issues|pulls, /issues/{n}/comments, /pulls/{n}/reviews

import { githubFullRepoJson } from './pulls.ts';
import { type FakeRepo, type ForgeServer, githubSimpleUser } from './server.ts';

export interface FakeItem {
  repo: number;
  kind: 'issue' | 'pr';
  number: number;
  id: number;
  title: string;
  author: string;
  authorBot?: boolean;
  state: 'open' | 'closed';
  mergedAt?: string | null;
  mergedBy?: string | null;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  closedAt?: string | null;
  draft?: boolean;
  /** Reviewers requested and not yet heard from (GitHub `requested_reviewers`). */
  requestedReviewers?: string[];
  /** The merger is automation (GitHub `merged_by.type: Bot`). */
  mergedByBot?: boolean;
}

export interface FakeEvent {
  id: number;
  repo: number;
  kind: 'issue' | 'pr';
  number: number;
  type: 'comment' | 'review';
  author: string;
  authorBot?: boolean;
  at: string;
  state?: string;
}

export interface FakeCommit {
  repo: number;
  sha: string;
  login: string | null;
  email: string;
  date: string;
}

export interface ItemsModel {
  items: FakeItem[];
  events: FakeEvent[];
  commits: FakeCommit[];
  item(i: Omit<FakeItem, 'id' | 'updatedAt' | 'labels' | 'state'> & Partial<FakeItem>): FakeItem;
  /** Adds a comment or review; moves the item's update time to `at` (as forges do). */
  event(item: FakeItem, e: Omit<FakeEvent, 'id' | 'repo' | 'kind' | 'number'>): FakeEvent;
  /** Deletes a comment; the item's update time moves to `at`. */
  deleteEvent(id: number, at: string): void;
}

let nextId = 50_000;

function later(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function fullName(r: FakeRepo): string {
  return `${r.owner}/${r.name}`;
}

const USER_FIELDS = (s: ForgeServer, login: string, bot: boolean) =>
  githubSimpleUser(s, login, 10_000 + (login.length % 97), bot ? 'Bot' : 'User');

function githubIssueJson(
  s: ForgeServer,
  r: FakeRepo,
  i: FakeItem,
  comments: number,
): Record<string, unknown> {
  const api = `${s.githubApi}/repos/${fullName(r)}`;
  const html = `${s.base}/${fullName(r)}/${i.kind === 'pr' ? 'pull' : 'issues'}/${i.number}`;
  return {
    id: i.id,
    node_id: Buffer.from(`05:Issue${i.id}`).toString('base64'),
    url: `${api}/issues/${i.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${i.number}/labels{/name}`,
    comments_url: `${api}/issues/${i.number}/comments`,
    events_url: `${api}/issues/${i.number}/events`,
    html_url: html,
    number: i.number,
    state: i.state,
    title: i.title,
    body: null,
    user: USER_FIELDS(s, i.author, i.authorBot ?? false),
    labels: i.labels.map((name, n) => ({
      id: n + 1,
      node_id: Buffer.from(`08:Label${name}`).toString('base64'),
      url: `${api}/labels/${encodeURIComponent(name)}`,
      name,
      color: 'ededed',
      default: false,
      description: null,
    })),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments,
    ...(i.kind === 'pr'
      ? {
          pull_request: {
            url: `${api}/pulls/${i.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: i.mergedAt ?? null,
          },
          draft: i.draft ?? false,
        }
      : {}),
    closed_at: i.closedAt ?? null,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    author_association: 'NONE',
    ...(i.state === 'closed' ? { state_reason: 'completed' } : {}),
  };
}

/** GitHub's `pull-request-simple` (the `/pulls` listing) or, `full`, its `pull-request` (`/pulls/{n}`). */
function githubPullJson(s: ForgeServer, r: FakeRepo, i: FakeItem, full: boolean): Record<string, unknown> {
  const api = `${s.githubApi}/repos/${fullName(r)}`;
  const html = `${s.base}/${fullName(r)}/pull/${i.number}`;
  const sha = 'c'.repeat(40);
  const ref = (branch: string) => ({
    label: `${r.owner}:${branch}`,
    ref: branch,
    repo: githubFullRepoJson(s, r),
    sha,
    user: USER_FIELDS(s, r.owner, false),
  });
  const simple = {
    url: `${api}/pulls/${i.number}`,
    id: i.id,
    node_id: Buffer.from(`011:PullRequest${i.id}`).toString('base64'),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${i.number}`,
    commits_url: `${api}/pulls/${i.number}/commits`,
    review_comments_url: `${api}/pulls/${i.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${i.number}/comments`,
    statuses_url: `${api}/statuses/${sha}`,
    number: i.number,
    state: i.state,
    locked: false,
    title: i.title,
    user: USER_FIELDS(s, i.author, i.authorBot ?? false),
    body: null,
    labels: i.labels.map((name, n) => ({
      id: n + 1,
      node_id: Buffer.from(`08:Label${name}`).toString('base64'),
      url: `${api}/labels/${encodeURIComponent(name)}`,
      name,
      description: '',
      color: 'ededed',
      default: false,
    })),
    milestone: null,
    active_lock_reason: null,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt ?? null,
    merged_at: i.mergedAt ?? null,
    merge_commit_sha: i.mergedAt ? 'd'.repeat(40) : null,
    assignee: null,
    assignees: [],
    requested_reviewers: (i.requestedReviewers ?? []).map((l) => USER_FIELDS(s, l, false)),
    requested_teams: [],
    head: ref(`feature-${i.number}`),
    base: ref('main'),
    _links: {
      self: { href: `${api}/pulls/${i.number}` },
      html: { href: html },
      issue: { href: `${api}/issues/${i.number}` },
      comments: { href: `${api}/issues/${i.number}/comments` },
      review_comments: { href: `${api}/pulls/${i.number}/comments` },
      review_comment: { href: `${api}/pulls/comments{/number}` },
      commits: { href: `${api}/pulls/${i.number}/commits` },
      statuses: { href: `${api}/statuses/${sha}` },
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: i.draft ?? false,
  };
  if (!full) return simple;
  return {
    ...simple,
    merged: Boolean(i.mergedAt),
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: i.mergedAt && i.mergedBy ? USER_FIELDS(s, i.mergedBy, i.mergedByBot ?? false) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

function githubCommentJson(s: ForgeServer, r: FakeRepo, e: FakeEvent): Record<string, unknown> {
  const api = `${s.githubApi}/repos/${fullName(r)}`;
  return {
    id: e.id,
    node_id: Buffer.from(`012:IssueComment${e.id}`).toString('base64'),
    url: `${api}/issues/comments/${e.id}`,
    html_url: `${s.base}/${fullName(r)}/issues/${e.number}#issuecomment-${e.id}`,
    issue_url: `${api}/issues/${e.number}`,
    user: USER_FIELDS(s, e.author, e.authorBot ?? false),
    created_at: e.at,
    updated_at: e.at,
    author_association: 'NONE',
  };
}

function githubReviewJson(s: ForgeServer, r: FakeRepo, e: FakeEvent): Record<string, unknown> {
  const html = `${s.base}/${fullName(r)}/pull/${e.number}`;
  return {
    id: e.id,
    node_id: Buffer.from(`017:PullRequestReview${e.id}`).toString('base64'),
    user: USER_FIELDS(s, e.author, e.authorBot ?? false),
    body: '',
    state: e.state ?? 'COMMENTED',
    html_url: `${html}#pullrequestreview-${e.id}`,
    pull_request_url: `${s.githubApi}/repos/${fullName(r)}/pulls/${e.number}`,
    _links: { html: { href: `${html}#pullrequestreview-${e.id}` }, pull_request: { href: html } },
    submitted_at: e.at,
    commit_id: 'a'.repeat(40),
    author_association: 'MEMBER',
  };
}

function githubCommitJson(s: ForgeServer, r: FakeRepo, c: FakeCommit): Record<string, unknown> {
  const api = `${s.githubApi}/repos/${fullName(r)}`;
  const person = { name: c.login ?? 'someone', email: c.email, date: c.date };
  return {
    url: `${api}/commits/${c.sha}`,
    sha: c.sha,
    node_id: Buffer.from(`06:Commit${c.sha}`).toString('base64'),
    html_url: `${s.base}/${fullName(r)}/commit/${c.sha}`,
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: {
      url: `${api}/git/commits/${c.sha}`,
      author: person,
      committer: person,
      message: 'change',
      comment_count: 0,
      tree: { sha: 'b'.repeat(40), url: `${api}/git/trees/${'b'.repeat(40)}` },
    },
    author: c.login ? USER_FIELDS(s, c.login, false) : null,
    committer: c.login ? USER_FIELDS(s, c.login, false) : null,
    parents: [],
  };
}

function gitlabItemJson(s: ForgeServer, r: FakeRepo, i: FakeItem, notes: number): Record<string, unknown> {
  const merged = i.kind === 'pr' && i.mergedAt;
  return {
    id: i.id,
    iid: i.number,
    project_id: r.id,
    title: i.title,
    state: merged ? 'merged' : i.state === 'open' ? 'opened' : 'closed',
    web_url: `${s.gitlabUrl}/${fullName(r)}/-/${i.kind === 'pr' ? 'merge_requests' : 'issues'}/${i.number}`,
    author: { id: 1, username: i.author, name: i.author, bot: i.authorBot ?? false },
    labels: i.labels,
    user_notes_count: notes,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: merged ? null : (i.closedAt ?? null),
    ...(i.kind === 'pr'
      ? {
          merged_at: i.mergedAt ?? null,
          merged_by: i.mergedBy ? { id: 2, username: i.mergedBy } : null,
          draft: i.draft ?? false,
          reviewers: (i.requestedReviewers ?? []).map((username, n) => ({ id: 20 + n, username })),
        }
      : {}),
  };
}

/** `GET /repos/{o}/{r}/pulls/{n}` as Gitea answers it (the fields Agora reads, and their neighbours). */
function giteaPullJson(s: ForgeServer, r: FakeRepo, i: FakeItem): Record<string, unknown> {
  const merged = Boolean(i.mergedAt);
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    html_url: `${s.giteaUrl}/${fullName(r)}/pulls/${i.number}`,
    state: merged ? 'closed' : i.state,
    user: { id: 3, login: i.author },
    draft: i.draft ?? false,
    merged,
    merged_at: i.mergedAt ?? null,
    merged_by: merged && i.mergedBy ? { id: 4, login: i.mergedBy } : null,
    requested_reviewers: (i.requestedReviewers ?? []).map((login, n) => ({ id: 10 + n, login })),
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt ?? null,
  };
}

function giteaIssueJson(s: ForgeServer, r: FakeRepo, i: FakeItem, comments: number): Record<string, unknown> {
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    html_url: `${s.giteaUrl}/${fullName(r)}/${i.kind === 'pr' ? 'pulls' : 'issues'}/${i.number}`,
    state: i.state,
    user: { id: 3, login: i.author },
    labels: i.labels.map((name, n) => ({ id: n + 1, name })),
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt ?? null,
    ...(i.kind === 'pr'
      ? {
          pull_request: {
            merged: Boolean(i.mergedAt),
            merged_at: i.mergedAt ?? null,
            draft: i.draft ?? false,
          },
        }
      : {}),
  };
}

/** Ascending by update time, then number; `since` inclusive (`exclusive` for Gitea). */
function changedItems(model: ItemsModel, repo: number, since: string | null, exclusive: boolean): FakeItem[] {
  const t = since ? Date.parse(since) : null;
  return model.items
    .filter((i) => i.repo === repo)
    .filter((i) => t === null || (exclusive ? Date.parse(i.updatedAt) > t : Date.parse(i.updatedAt) >= t))
    .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || a.number - b.number);
}

/** Installs the item routes on a test forge and returns the model the test fills. */
export function installItems(s: ForgeServer): ItemsModel {
  const model: ItemsModel = {
    items: [],
    events: [],
    commits: [],
    item(i) {
      const full: FakeItem = {
        id: nextId++,
        labels: [],
        state: 'open',
        updatedAt: i.createdAt,
        ...i,
      };
      model.items.push(full);
      return full;
    },
    event(item, e) {
      const full: FakeEvent = { id: nextId++, repo: item.repo, kind: item.kind, number: item.number, ...e };
      model.events.push(full);
      item.updatedAt = later(item.updatedAt, e.at);
      return full;
    },
    deleteEvent(id, at) {
      const index = model.events.findIndex((e) => e.id === id);
      const [e] = model.events.splice(index, 1);
      const item = model.items.find((i) => i.repo === e.repo && i.kind === e.kind && i.number === e.number);
      if (item) item.updatedAt = later(item.updatedAt, at);
    },
  };
  const repoByName = (forge: string, owner: string, name: string) =>
    [...s.repos.values()].find((r) => r.forge === forge && r.owner === owner && r.name === name);
  const eventsOf = (repo: number, kind: string, number: number, type: string) =>
    model.events.filter((e) => e.repo === repo && e.kind === kind && e.number === number && e.type === type);

  const page = <T>(url: URL, all: T[], perName: string, pageName: string, max: number) => {
    const per = Math.min(Number(url.searchParams.get(perName) ?? 30), max);
    const n = Number(url.searchParams.get(pageName) ?? 1);
    const slice = all.slice((n - 1) * per, n * per);
    const headers: Record<string, string> = {};
    if (n * per < all.length) {
      const next = new URL(url);
      next.searchParams.set(pageName, String(n + 1));
      headers.link = `<${s.base}${next.pathname}${next.search}>; rel="next"`;
    }
    return { slice, headers };
  };

  s.routes.push((req, res, url, fault) => {
    const path = url.pathname;
    let m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(path);
    if (m && req.method === 'GET') {
      const r = repoByName('github', m[1], m[2]);
      if (!r) return false;
      const prs = model.items.filter((i) => i.repo === r.id && i.kind === 'pr');
      if (m[3]) {
        const pr = prs.find((i) => i.number === Number(m?.[3]));
        if (!pr) return false;
        s.sendJson(req, res, githubPullJson(s, r, pr, true), {}, fault);
        return true;
      }
      // `sort=updated`, newest first unless `direction=asc`; no `since` filter (GitHub has none here).
      const sorted = changedItems(model, r.id, null, false).filter((i) => i.kind === 'pr');
      if (url.searchParams.get('direction') !== 'asc') sorted.reverse();
      const p = page(
        url,
        sorted.map((i) => githubPullJson(s, r, i, false)),
        'per_page',
        'page',
        s.maxPerPage,
      );
      s.sendJson(req, res, p.slice, p.headers, fault);
      return true;
    }
    m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/(issues|commits)$/.exec(path);
    if (m) {
      const r = repoByName('github', m[1], m[2]);
      if (!r) return false;
      if (m[3] === 'issues' && r.hasIssues === false) {
        s.sendStatus(req, res, 410, {
          message: 'Issues are disabled for this repo',
          documentation_url: 'https://docs.github.com/v3/issues/',
        });
        return true;
      }
      if (m[3] === 'commits') {
        const since = url.searchParams.get('since');
        const all = model.commits
          .filter((c) => c.repo === r.id && (!since || Date.parse(c.date) >= Date.parse(since)))
          .map((c) => githubCommitJson(s, r, c));
        const p = page(url, all, 'per_page', 'page', s.maxPerPage);
        s.sendJson(req, res, p.slice, p.headers, fault);
        return true;
      }
      const all = changedItems(model, r.id, url.searchParams.get('since'), false).map((i) =>
        githubIssueJson(s, r, i, eventsOf(r.id, i.kind, i.number, 'comment').length),
      );
      const p = page(url, all, 'per_page', 'page', s.maxPerPage);
      s.sendJson(req, res, p.slice, p.headers, fault);
      return true;
    }
    m = /^\/api\/v3\/repos\/([^/]+)\/([^/]+)\/(issues|pulls)\/(\d+)\/(comments|reviews)$/.exec(path);
    if (m) {
      const r = repoByName('github', m[1], m[2]);
      if (!r) return false;
      const n = Number(m[4]);
      const item = model.items.find((i) => i.repo === r.id && i.number === n);
      if (!item || (m[3] === 'pulls') !== (m[5] === 'reviews')) return false;
      const all =
        m[5] === 'comments'
          ? eventsOf(r.id, item.kind, n, 'comment').map((e) => githubCommentJson(s, r, e))
          : eventsOf(r.id, item.kind, n, 'review').map((e) => githubReviewJson(s, r, e));
      const p = page(url, all, 'per_page', 'page', s.maxPerPage);
      s.sendJson(req, res, p.slice, p.headers, fault);
      return true;
    }
    m = /^\/gitlab\/api\/v4\/projects\/(\d+)\/(issues|merge_requests)(?:\/(\d+)\/notes)?$/.exec(path);
    if (m) {
      const r = s.repos.get(Number(m[1]));
      if (!r || r.forge !== 'gitlab') return false;
      const kind = m[2] === 'issues' ? 'issue' : 'pr';
      if (kind === 'issue' && r.hasIssues === false) {
        s.sendStatus(req, res, 403, { message: '403 Forbidden' });
        return true;
      }
      if (m[3]) {
        const n = Number(m[3]);
        const all = model.events
          .filter((e) => e.repo === r.id && e.kind === kind && e.number === n)
          .map((e) => ({
            id: e.id,
            author: { id: 1, username: e.author, bot: e.authorBot ?? false },
            created_at: e.at,
            system: e.type === 'review' && e.state === 'APPROVED',
            type: e.type === 'review' && e.state !== 'APPROVED' ? 'DiffNote' : null,
            body: e.type === 'review' && e.state === 'APPROVED' ? 'approved this merge request' : 'text',
          }));
        const p = page(url, all, 'per_page', 'page', s.maxPerPage);
        s.sendJson(req, res, p.slice, p.headers, fault);
        return true;
      }
      const all = changedItems(model, r.id, url.searchParams.get('updated_after'), false)
        .filter((i) => i.kind === kind)
        .map((i) =>
          gitlabItemJson(
            s,
            r,
            i,
            model.events.filter((e) => e.repo === r.id && e.kind === i.kind && e.number === i.number).length,
          ),
        );
      const p = page(url, all, 'per_page', 'page', s.maxPerPage);
      s.sendJson(req, res, p.slice, p.headers, fault);
      return true;
    }
    m = /^\/gitea\/api\/v1\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(path);
    if (m && req.method === 'GET') {
      // A pull request's own answer (a Gitea `PullRequest`): the item-model PRs; others are the PR model's.
      const r = repoByName('gitea', m[1], m[2]);
      const item =
        r && model.items.find((i) => i.repo === r.id && i.kind === 'pr' && i.number === Number(m?.[3]));
      if (!r || !item) return false;
      s.sendJson(req, res, giteaPullJson(s, r, item), {}, fault);
      return true;
    }
    m = /^\/gitea\/api\/v1\/repos\/([^/]+)\/([^/]+)\/(issues|pulls)(?:\/(\d+)\/(comments|reviews))?$/.exec(
      path,
    );
    if (m) {
      const r = repoByName('gitea', m[1], m[2]);
      if (!r) return false;
      if (m[4]) {
        const n = Number(m[4]);
        const item = model.items.find((i) => i.repo === r.id && i.number === n);
        if (!item) return false;
        const list = eventsOf(r.id, item.kind, n, m[5] === 'comments' ? 'comment' : 'review').map((e) =>
          m?.[5] === 'comments'
            ? { id: e.id, user: { id: 3, login: e.author }, created_at: e.at }
            : { id: e.id, user: { id: 3, login: e.author }, state: e.state ?? 'COMMENT', submitted_at: e.at },
        );
        const p = m[5] === 'comments' ? { slice: list, headers: {} } : page(url, list, 'limit', 'page', 50);
        s.sendJson(req, res, p.slice, p.headers, fault);
        return true;
      }
      if (m[3] !== 'issues') return false;
      const kind = url.searchParams.get('type') === 'pulls' ? 'pr' : 'issue';
      if (kind === 'issue' && r.hasIssues === false) {
        s.sendStatus(req, res, 404, { message: 'The target couldn’t be found.' });
        return true;
      }
      // Gitea lists newest first and its `since` is exclusive.
      const all = changedItems(model, r.id, url.searchParams.get('since'), true)
        .filter((i) => i.kind === kind)
        .reverse()
        .map((i) => giteaIssueJson(s, r, i, eventsOf(r.id, i.kind, i.number, 'comment').length));
      const p = page(url, all, 'limit', 'page', 50);
      s.sendJson(req, res, p.slice, { 'x-total-count': String(all.length) }, fault);
      return true;
    }
    return false;
  });
  return model;
}
