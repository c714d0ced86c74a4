// GitHub issues and pull requests: one listing covers both (`GET /repos/{o}/{r}/issues?state=all&sort=updated
// &direction=asc&since=`), so a quiet repo costs one conditional request; an item's comments
// (`/issues/{n}/comments`), and a PR's reviews (`/pulls/{n}/reviews`) and own answer (`/pulls/{n}`: requested
// reviewers, who merged it) are read when it changed. A repo whose issues are disabled (the repo listing's
// `has_issues: false`, or `/issues` answering 410 Gone) has no issues: its PRs come from `/pulls`, newest
// update first (no `since` there), read down to the cursor; only a complete run moves it.

import { z } from 'zod';
import { forgeStatus, nextLink } from '../forge/http.ts';
import {
  allPages,
  type ForgeEventRecord,
  type ForgeItemRecord,
  type ForgeItemsClient,
  type ForgeItemsClientOptions,
  type ItemPage,
  type ItemRepo,
  type PullDetails,
} from '../forge/items.ts';

const user = z.object({ login: z.string(), type: z.string().nullish() }).nullish();
const app = z.object({ id: z.number() }).nullish();

/** The fields an issue and a pull request share in GitHub's answers. */
const itemFields = {
  id: z.number(),
  number: z.number().int(),
  title: z.string(),
  html_url: z.string().nullish(),
  state: z.string(),
  draft: z.boolean().nullish(),
  user,
};

const issueSchema = z.object({
  ...itemFields,
  labels: z.array(z.union([z.string(), z.object({ name: z.string().nullish() })])).nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
  comments: z.number().int().nullish(),
  pull_request: z.object({ merged_at: z.string().nullish() }).nullish(),
  performed_via_github_app: app,
});

/** A `/pulls` listing entry (`pull-request-simple`) and, with `merged_by`, a `/pulls/{n}` answer. */
const pullSchema = z.object({
  ...itemFields,
  labels: z.array(z.object({ name: z.string().nullish() })).nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
  merged_at: z.string().nullish(),
  requested_reviewers: z.array(z.object({ login: z.string() }).nullish()).nullish(),
  merged_by: user,
});

const commentSchema = z.object({
  id: z.number(),
  user,
  created_at: z.string(),
  performed_via_github_app: app,
});

const reviewSchema = z.object({
  id: z.number(),
  user,
  state: z.string(),
  submitted_at: z.string().nullish(),
});

const commitSchema = z.object({
  commit: z.object({ author: z.object({ email: z.string().nullish() }).nullish() }),
  author: z.object({ login: z.string() }).nullish(),
});

type GithubIssue = z.infer<typeof issueSchema>;

function isBotUser(u: z.infer<typeof user>, viaApp: unknown): boolean {
  return u?.type === 'Bot' || Boolean(viaApp);
}

export function fromGithubIssue(i: GithubIssue): ForgeItemRecord {
  const pr = i.pull_request ?? null;
  const merged = pr?.merged_at ?? null;
  return {
    kind: pr ? 'pr' : 'issue',
    number: i.number,
    forgeId: String(i.id),
    title: i.title,
    webUrl: i.html_url ?? null,
    state: merged ? 'merged' : i.state === 'open' ? 'open' : 'closed',
    draft: i.draft ?? false,
    authorLogin: i.user?.login ?? null,
    authorBot: isBotUser(i.user, i.performed_via_github_app),
    labels: (i.labels ?? [])
      .map((l) => (typeof l === 'string' ? l : (l.name ?? '')))
      .filter((l) => l.length > 0),
    reviewers: [],
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    closedAt: i.closed_at ?? null,
    mergedAt: merged,
    mergedBy: null,
    commentCount: i.comments ?? null,
  };
}

function fromGithubPull(p: z.infer<typeof pullSchema>): ForgeItemRecord {
  const merged = p.merged_at ?? null;
  return {
    kind: 'pr',
    number: p.number,
    forgeId: String(p.id),
    title: p.title,
    webUrl: p.html_url ?? null,
    state: merged ? 'merged' : p.state === 'open' ? 'open' : 'closed',
    draft: p.draft ?? false,
    authorLogin: p.user?.login ?? null,
    authorBot: isBotUser(p.user, null),
    labels: (p.labels ?? []).map((l) => l.name ?? '').filter((l) => l.length > 0),
    reviewers: requested(p),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    closedAt: p.closed_at ?? null,
    mergedAt: merged,
    mergedBy: p.merged_by?.login ?? null,
    mergedByBot: isBotUser(p.merged_by, null),
    commentCount: null,
  };
}

function requested(p: z.infer<typeof pullSchema>): string[] {
  return (p.requested_reviewers ?? []).flatMap((r) => (r ? [r.login] : []));
}

class GithubItems implements ForgeItemsClient {
  private readonly base: string;
  constructor(private readonly opts: ForgeItemsClientOptions) {
    this.base = opts.apiUrl.replace(/\/+$/, '');
  }

  private repoUrl(repo: ItemRepo): string {
    return `${this.base}/repos/${repo.fullName.split('/').map(encodeURIComponent).join('/')}`;
  }

  async *changed(repo: ItemRepo, since: string | null, conditional: boolean): AsyncIterable<ItemPage> {
    if (repo.hasIssues === false) {
      yield* this.changedPulls(repo, since, conditional);
      return;
    }
    let url: string | null =
      `${this.repoUrl(repo)}/issues?state=all&sort=updated&direction=asc&per_page=100${since ? `&since=${encodeURIComponent(since)}` : ''}`;
    let first = true;
    while (url) {
      let page: { value: ForgeItemRecord[]; next: string | null; fromCache: boolean };
      try {
        page = await this.opts.http.getJson(
          url,
          (json, headers) => ({
            value: z.array(issueSchema).parse(json).map(fromGithubIssue),
            next: nextLink(headers.get('link')),
          }),
          { cache: !first ? 'none' : conditional ? 'use' : 'store' },
        );
      } catch (err) {
        // 410 Gone: the repo's issues are disabled (the listing said otherwise, or is older); PRs remain.
        if (!first || forgeStatus(err) !== 410) throw err;
        yield* this.changedPulls(repo, since, conditional);
        return;
      }
      if (page.fromCache) {
        yield { items: [], unchanged: true, progress: null };
        return;
      }
      const last = page.value[page.value.length - 1];
      yield { items: page.value, unchanged: false, progress: last?.updatedAt ?? null };
      first = false;
      url = page.next;
    }
  }

  /** PRs updated at or after `since` from `/pulls` (newest first), pages read until one reaches past it. */
  private async *changedPulls(
    repo: ItemRepo,
    since: string | null,
    conditional: boolean,
  ): AsyncIterable<ItemPage> {
    const from = since === null ? null : Date.parse(since);
    let url: string | null = `${this.repoUrl(repo)}/pulls?state=all&sort=updated&direction=desc&per_page=100`;
    let first = true;
    while (url) {
      const page: { value: ForgeItemRecord[]; next: string | null; fromCache: boolean } =
        await this.opts.http.getJson(
          url,
          (json, headers) => ({
            value: z.array(pullSchema).parse(json).map(fromGithubPull),
            next: nextLink(headers.get('link')),
          }),
          { cache: !first ? 'none' : conditional ? 'use' : 'store' },
        );
      if (page.fromCache) {
        yield { items: [], unchanged: true, progress: null };
        return;
      }
      first = false;
      const fresh = page.value.filter((i) => from === null || Date.parse(i.updatedAt) >= from);
      yield { items: fresh, unchanged: false, progress: null };
      url = fresh.length < page.value.length ? null : page.next;
    }
  }

  async pull(repo: ItemRepo, number: number): Promise<PullDetails> {
    const page = await this.opts.http.getJson(
      `${this.repoUrl(repo)}/pulls/${number}`,
      (json) => ({ value: pullSchema.parse(json), next: null }),
      { cache: 'none' },
    );
    return {
      reviewers: requested(page.value),
      mergedBy: page.value.merged_by?.login ?? null,
      mergedByBot: isBotUser(page.value.merged_by, null),
    };
  }

  async events(repo: ItemRepo, item: Pick<ForgeItemRecord, 'kind' | 'number'>): Promise<ForgeEventRecord[]> {
    const project =
      <T>(schema: z.ZodType<T>, map: (t: T) => ForgeEventRecord | null) =>
      (json: unknown, headers: Headers) => ({
        value: z
          .array(schema)
          .parse(json)
          .map(map)
          .filter((e): e is ForgeEventRecord => e !== null),
        next: nextLink(headers.get('link')),
      });
    const comments = await allPages(
      this.opts.http,
      `${this.repoUrl(repo)}/issues/${item.number}/comments?per_page=100`,
      project(commentSchema, (c) => ({
        kind: 'comment',
        forgeId: String(c.id),
        authorLogin: c.user?.login ?? null,
        authorBot: isBotUser(c.user, c.performed_via_github_app),
        createdAt: c.created_at,
        reviewState: null,
      })),
    );
    if (item.kind !== 'pr') return comments;
    const reviews = await allPages(
      this.opts.http,
      `${this.repoUrl(repo)}/pulls/${item.number}/reviews?per_page=100`,
      // A pending review (not submitted) is nobody's answer yet.
      project(reviewSchema, (r) =>
        r.submitted_at
          ? {
              kind: 'review',
              forgeId: String(r.id),
              authorLogin: r.user?.login ?? null,
              authorBot: isBotUser(r.user, null),
              createdAt: r.submitted_at,
              reviewState: r.state,
            }
          : null,
      ),
    );
    return [...comments, ...reviews];
  }

  async commitLogins(repo: ItemRepo, since: string | null): Promise<{ login: string; email: string }[]> {
    const rows = await allPages(
      this.opts.http,
      `${this.repoUrl(repo)}/commits?per_page=100${since ? `&since=${encodeURIComponent(since)}` : ''}`,
      (json, headers) => ({
        value: z.array(commitSchema).parse(json),
        next: nextLink(headers.get('link')),
      }),
      10,
    );
    const out: { login: string; email: string }[] = [];
    for (const c of rows) {
      const email = c.commit.author?.email;
      if (c.author?.login && email) out.push({ login: c.author.login, email });
    }
    return out;
  }
}

export const githubItems = (opts: ForgeItemsClientOptions): ForgeItemsClient => new GithubItems(opts);
