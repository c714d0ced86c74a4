// GitLab issues and merge requests: two listings ordered by update time (`GET /projects/{id}/issues` and
// `/merge_requests`, `updated_after=`), so a quiet project costs two conditional requests; an item's notes
// (`/issues/{iid}/notes`, `/merge_requests/{iid}/notes`) are read when it changed. Notes written by GitLab
// itself (`system`) are events, not answers, except "approved this merge request", which is a review; a
// diff note is a review comment.

import { z } from 'zod';
import { nextLink } from '../forge/http.ts';
import {
  allPages,
  type ForgeEventRecord,
  type ForgeItemRecord,
  type ForgeItemsClient,
  type ForgeItemsClientOptions,
  type ItemPage,
  type ItemRepo,
} from '../forge/items.ts';

const user = z.object({ username: z.string(), bot: z.boolean().nullish() }).nullish();

const itemSchema = z.object({
  id: z.number(),
  iid: z.number().int(),
  title: z.string(),
  web_url: z.string().nullish(),
  state: z.string(),
  draft: z.boolean().nullish(),
  work_in_progress: z.boolean().nullish(),
  author: user,
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).nullish(),
  reviewers: z.array(z.object({ username: z.string() })).nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullish(),
  merged_at: z.string().nullish(),
  merged_by: z.object({ username: z.string() }).nullish(),
  user_notes_count: z.number().int().nullish(),
});

const noteSchema = z.object({
  id: z.number(),
  author: user,
  created_at: z.string(),
  system: z.boolean().nullish(),
  type: z.string().nullish(),
  body: z.string().nullish(),
});

function fromGitlabItem(kind: 'issue' | 'pr', i: z.infer<typeof itemSchema>): ForgeItemRecord {
  const state = i.state === 'merged' ? 'merged' : i.state === 'opened' ? 'open' : 'closed';
  return {
    kind,
    number: i.iid,
    forgeId: String(i.id),
    title: i.title,
    webUrl: i.web_url ?? null,
    state,
    draft: Boolean(i.draft ?? i.work_in_progress),
    authorLogin: i.author?.username ?? null,
    authorBot: i.author?.bot === true,
    labels: (i.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name)),
    reviewers: (i.reviewers ?? []).map((r) => r.username),
    createdAt: i.created_at,
    updatedAt: i.updated_at,
    closedAt: i.closed_at ?? (state === 'merged' ? (i.merged_at ?? null) : null),
    mergedAt: state === 'merged' ? (i.merged_at ?? i.closed_at ?? i.updated_at) : null,
    mergedBy: i.merged_by?.username ?? null,
    commentCount: i.user_notes_count ?? null,
  };
}

class GitlabItems implements ForgeItemsClient {
  private readonly base: string;
  constructor(private readonly opts: ForgeItemsClientOptions) {
    this.base = opts.apiUrl.replace(/\/+$/, '');
  }

  async *changed(repo: ItemRepo, since: string | null, conditional: boolean): AsyncIterable<ItemPage> {
    const after = since ? `&updated_after=${encodeURIComponent(since)}` : '';
    let unchanged = true;
    // A project whose issues are disabled (its listing says so) answers 403 on /issues: not asked.
    const kinds = (
      [
        ['issue', 'issues'],
        ['pr', 'merge_requests'],
      ] as const
    ).filter(([kind]) => kind === 'pr' || repo.hasIssues !== false);
    for (const [kind, path] of kinds) {
      let url: string | null =
        `${this.base}/projects/${repo.forgeId}/${path}?scope=all&state=all&order_by=updated_at&sort=asc&per_page=100${after}`;
      let first = true;
      while (url) {
        const page: { value: ForgeItemRecord[]; next: string | null; fromCache: boolean } =
          await this.opts.http.getJson(
            url,
            (json, headers) => ({
              value: z
                .array(itemSchema)
                .parse(json)
                .map((i) => fromGitlabItem(kind, i)),
              next: nextLink(headers.get('link')),
            }),
            { cache: !first ? 'none' : conditional ? 'use' : 'store' },
          );
        first = false;
        if (page.fromCache) break;
        unchanged = false;
        const last = page.value[page.value.length - 1];
        // Issues first: the cursor may only move once they are all stored, then with the merge requests.
        yield {
          items: page.value,
          unchanged: false,
          progress: kind === 'pr' ? (last?.updatedAt ?? null) : null,
        };
        url = page.next;
      }
    }
    if (unchanged) yield { items: [], unchanged: true, progress: null };
  }

  async events(repo: ItemRepo, item: Pick<ForgeItemRecord, 'kind' | 'number'>): Promise<ForgeEventRecord[]> {
    const path = item.kind === 'pr' ? 'merge_requests' : 'issues';
    const notes = await allPages(
      this.opts.http,
      `${this.base}/projects/${repo.forgeId}/${path}/${item.number}/notes?per_page=100&sort=asc&order_by=created_at`,
      (json, headers) => ({ value: z.array(noteSchema).parse(json), next: nextLink(headers.get('link')) }),
    );
    const out: ForgeEventRecord[] = [];
    for (const n of notes) {
      const approval = n.system === true && /^approved this merge request/i.test(n.body ?? '');
      if (n.system === true && !approval) continue;
      out.push({
        kind: approval || n.type === 'DiffNote' ? 'review' : 'comment',
        forgeId: String(n.id),
        authorLogin: n.author?.username ?? null,
        authorBot: n.author?.bot === true,
        createdAt: n.created_at,
        reviewState: approval ? 'APPROVED' : n.type === 'DiffNote' ? 'COMMENTED' : null,
      });
    }
    return out;
  }
}

export const gitlabItems = (opts: ForgeItemsClientOptions): ForgeItemsClient => new GitlabItems(opts);
