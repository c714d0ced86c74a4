// What every forge reports of issues and pull/merge requests, in one shape: the items changed since a cursor
// (page by page), and the comments and reviews of one item (who and when; bodies are never read). Each forge
// implements `ForgeItemsClient` on the shared HTTP layer (`http.ts`); the crawl's ingestion
// (`src/crawl/forge-items.ts`) stores what they yield.

import type { ForgeHttp } from './http.ts';

export interface ForgeItemRecord {
  kind: 'issue' | 'pr';
  number: number;
  forgeId: string;
  title: string;
  webUrl: string | null;
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
  /** As the forge spells it (lower-cased when stored); null for a deleted account. */
  authorLogin: string | null;
  /** The forge says the author is automation (GitHub `type: Bot`, GitLab `bot`). */
  authorBot: boolean;
  labels: string[];
  /** Requested reviewers, where the listing gives them (GitLab; GitHub's come from `pull`). */
  reviewers: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  /** The forge says the merger is automation (GitHub `merged_by.type: Bot`). */
  mergedByBot?: boolean;
  /** Comments the forge counts on the item (null: unknown); 0 on an issue spares asking for them. */
  commentCount: number | null;
}

export interface ForgeEventRecord {
  kind: 'comment' | 'review';
  forgeId: string;
  authorLogin: string | null;
  authorBot: boolean;
  createdAt: string;
  reviewState: string | null;
}

/** One page of changed items. */
export interface ItemPage {
  items: ForgeItemRecord[];
  /** The answer was 304 Not Modified: nothing changed since the last run (first page only). */
  unchanged: boolean;
  /**
   * Every item updated before this time is stored once this page is: the cursor may move here even if the
   * run stops after it (null: the listing is not in ascending update order, only a complete run moves it).
   */
  progress: string | null;
}

export interface ItemRepo {
  fullName: string;
  /** The forge's repository id (GitLab addresses projects by it). */
  forgeId: string;
  /** False when the forge's listing says the repo's issues are disabled (only its pull requests are read). */
  hasIssues?: boolean;
}

/** What a pull request's own answer adds to its listing: requested reviewers and who merged it. */
export interface PullDetails {
  reviewers: string[];
  mergedBy: string | null;
  mergedByBot: boolean;
}

export interface ForgeItemsClient {
  /**
   * Items updated at or after `since` (every item when null), page by page. `conditional`: ask the first page
   * with the stored validators (only after a complete run: a 304 then means nothing changed). Throws FORGE_*.
   */
  changed(repo: ItemRepo, since: string | null, conditional: boolean): AsyncIterable<ItemPage>;
  /** Every comment and review of one item (all pages). */
  events(repo: ItemRepo, item: Pick<ForgeItemRecord, 'kind' | 'number'>): Promise<ForgeEventRecord[]>;
  /** A changed pull request's requested reviewers and merger, where the listing lacks them (GitHub). */
  pull?(repo: ItemRepo, number: number): Promise<PullDetails>;
  /** Commit author logins with their emails, for commits since `since` (forges that report them). */
  commitLogins?(repo: ItemRepo, since: string | null): Promise<{ login: string; email: string }[]>;
}

export interface ForgeItemsClientOptions {
  apiUrl: string;
  http: ForgeHttp;
}

/** Follows `next` links (or page numbers) of a per-item listing to the end, at most `maxPages` pages. */
export async function allPages<T>(
  http: ForgeHttp,
  first: string,
  project: (json: unknown, headers: Headers) => { value: T[]; next: string | null },
  maxPages = 20,
): Promise<T[]> {
  const out: T[] = [];
  let url: string | null = first;
  for (let n = 0; url && n < maxPages; n++) {
    const page: { value: T[]; next: string | null } = await http.getJson(url, project, { cache: 'none' });
    out.push(...page.value);
    url = page.next;
  }
  return out;
}
