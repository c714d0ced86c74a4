// Gitea and Forgejo issues and pull requests: one issue listing per type (`GET /repos/{o}/{r}/issues?type=
// issues|pulls&state=all&since=`, page numbers), so a quiet repo costs two conditional requests; an item's
// comments (`/issues/{n}/comments`), a PR's reviews (`/pulls/{n}/reviews`) and its own answer (`/pulls/{n}`:
// requested reviewers and who merged it, which the issue listing lacks) are read when it changed. The listing
// is not in update order, so only a complete run moves the cursor.

import { z } from 'zod';
import type {
  ForgeEventRecord,
  ForgeItemRecord,
  ForgeItemsClient,
  ForgeItemsClientOptions,
  ItemPage,
  ItemRepo,
  PullDetails,
} from '../forge/items.ts';

const PAGE_SIZE = 50;

const user = z.object({ login: z.string() }).nullish();

const issueSchema = z.object({
  id: z.number(),
  number: z.number().int(),
  title: z.string(),
  html_url: z.string().nullish(),
  state: z.string(),
  user,
  labels: z.array(z.object({ name: z.string() })).nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
  comments: z.number().int().nullish(),
  pull_request: z
    .object({ merged: z.boolean().nullish(), merged_at: z.string().nullish(), draft: z.boolean().nullish() })
    .nullish(),
});

const commentSchema = z.object({ id: z.number(), user, created_at: z.string() });
/** The fields of `GET /repos/{o}/{r}/pulls/{n}` (a `PullRequest`) the listing does not carry. */
const pullSchema = z.object({
  merged_by: user,
  requested_reviewers: z.array(z.object({ login: z.string() }).nullish()).nullish(),
});
const reviewSchema = z.object({
  id: z.number(),
  user,
  state: z.string().nullish(),
  submitted_at: z.string().nullish(),
});

function fromGiteaIssue(i: z.infer<typeof issueSchema>): ForgeItemRecord {
  const pr = i.pull_request ?? null;
  const merged = pr?.merged ? (pr.merged_at ?? i.closed_at ?? i.updated_at) : null;
  return {
    kind: pr ? 'pr' : 'issue',
    number: i.number,
    forgeId: String(i.id),
    title: i.title,
    webUrl: i.html_url ?? null,
    state: merged ? 'merged' : i.state === 'open' ? 'open' : 'closed',
    draft: pr?.draft ?? false,
    authorLogin: i.user?.login ?? null,
    authorBot: false,
    labels: (i.labels ?? []).map((l) => l.name),
    reviewers: [],
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    closedAt: i.closed_at ?? null,
    mergedAt: merged,
    mergedBy: null,
    commentCount: i.comments ?? null,
  };
}

class GiteaItems implements ForgeItemsClient {
  private readonly base: string;
  constructor(private readonly opts: ForgeItemsClientOptions) {
    this.base = opts.apiUrl.replace(/\/+$/, '');
  }

  private repoUrl(repo: ItemRepo): string {
    return `${this.base}/repos/${repo.fullName.split('/').map(encodeURIComponent).join('/')}`;
  }

  async *changed(repo: ItemRepo, since: string | null, conditional: boolean): AsyncIterable<ItemPage> {
    let unchanged = true;
    // A repo whose issues are disabled (its listing's has_issues) has no issue listing to ask.
    for (const type of repo.hasIssues === false ? ['pulls'] : ['issues', 'pulls']) {
      for (let pageNo = 1; ; pageNo++) {
        const url = `${this.repoUrl(repo)}/issues?type=${type}&state=all&limit=${PAGE_SIZE}&page=${pageNo}${since ? `&since=${encodeURIComponent(since)}` : ''}`;
        const page = await this.opts.http.getJson(
          url,
          (json) => ({ value: z.array(issueSchema).parse(json).map(fromGiteaIssue), next: null }),
          { cache: pageNo > 1 ? 'none' : conditional ? 'use' : 'store' },
        );
        if (page.fromCache) break;
        unchanged = false;
        yield { items: page.value, unchanged: false, progress: null };
        if (page.value.length < PAGE_SIZE) break;
      }
    }
    if (unchanged) yield { items: [], unchanged: true, progress: null };
  }

  async pull(repo: ItemRepo, number: number): Promise<PullDetails> {
    const page = await this.opts.http.getJson(
      `${this.repoUrl(repo)}/pulls/${number}`,
      (json) => ({ value: pullSchema.parse(json), next: null }),
      { cache: 'none' },
    );
    return {
      reviewers: (page.value.requested_reviewers ?? []).flatMap((r) => (r ? [r.login] : [])),
      mergedBy: page.value.merged_by?.login ?? null,
      // Gitea marks no account as automation; bot logins are recognised by name (src/analyse/bots.ts).
      mergedByBot: false,
    };
  }

  async events(repo: ItemRepo, item: Pick<ForgeItemRecord, 'kind' | 'number'>): Promise<ForgeEventRecord[]> {
    const out: ForgeEventRecord[] = [];
    const comments = await this.opts.http.getJson(
      `${this.repoUrl(repo)}/issues/${item.number}/comments`,
      (json) => ({ value: z.array(commentSchema).parse(json), next: null }),
      { cache: 'none' },
    );
    for (const c of comments.value) {
      out.push({
        kind: 'comment',
        forgeId: String(c.id),
        authorLogin: c.user?.login ?? null,
        authorBot: false,
        createdAt: c.created_at,
        reviewState: null,
      });
    }
    if (item.kind !== 'pr') return out;
    for (let pageNo = 1; pageNo <= 20; pageNo++) {
      const page = await this.opts.http.getJson(
        `${this.repoUrl(repo)}/pulls/${item.number}/reviews?limit=${PAGE_SIZE}&page=${pageNo}`,
        (json) => ({ value: z.array(reviewSchema).parse(json), next: null }),
        { cache: 'none' },
      );
      for (const r of page.value) {
        if (!r.submitted_at || r.state === 'PENDING') continue;
        out.push({
          kind: 'review',
          forgeId: String(r.id),
          authorLogin: r.user?.login ?? null,
          authorBot: false,
          createdAt: r.submitted_at,
          reviewState: r.state ?? null,
        });
      }
      if (page.value.length < PAGE_SIZE) break;
    }
    return out;
  }
}

export const giteaItems = (opts: ForgeItemsClientOptions): ForgeItemsClient => new GiteaItems(opts);
