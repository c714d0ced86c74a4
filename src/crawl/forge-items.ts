// Incremental ingestion of one forge repo's issues and pull/merge requests, run by the crawl for every listed
// forge repo (its git may not have moved while its issues did). Only items updated since the repo's cursor
// are asked for, the first page conditionally (a quiet repo costs one 304 per listing); an item whose stored
// update time is the listed one is not re-read; a changed item's comments and reviews are read and replace the
// stored ones. Bounded: a page cap and a time budget per repo; a run cut short keeps what it stored, moves the
// cursor as far as the listing's order allows and records FORGE_ITEMS_PARTIAL. A forge failure is recorded on
// the cursor with its FORGE_* code; the crawl goes on.

import { AgoraError } from '../errors.ts';
import { firstResponse } from '../metrics/first-response.ts';
import type {
  ForgeEventRecord,
  ForgeItemRecord,
  ForgeItemsClient,
  ItemRepo,
} from '../sources/forge/items.ts';
import type { Db } from '../store/queries/shared.ts';

export interface IngestItemsOptions {
  db: Db;
  repoId: string;
  repo: ItemRepo;
  client: ForgeItemsClient;
  maxPages: number;
  timeBudgetMs: number;
  /** Whether a login is automation: the forge's flag, `[bot]` logins, configured bot names. */
  isBotLogin: (login: string, forgeSaysBot: boolean) => boolean;
  /** Where logins learnt from the forge's commit listing go (with the source name). */
  source?: string;
  clock?: () => number;
  signal?: AbortSignal;
}

export interface IngestItemsResult {
  pages: number;
  /** Items stored (new or changed). */
  items: number;
  complete: boolean;
  problem: { code: string; message: string } | null;
}

/** Seconds subtracted from the cursor when asking: forges whose `since` is exclusive miss nothing. */
const SINCE_OVERLAP_MS = 1000;

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export async function ingestRepoItems(opts: IngestItemsOptions): Promise<IngestItemsResult> {
  const q = await import('../store/queries/forge-items.ts');
  const clock = opts.clock ?? Date.now;
  const started = clock();
  const before = await q.itemCursor(opts.db, opts.repoId);
  const cursor = before?.updatedCursor ?? null;
  const since =
    cursor && !Number.isNaN(Date.parse(cursor))
      ? new Date(Date.parse(cursor) - SINCE_OVERLAP_MS).toISOString()
      : null;
  let seen = cursor;
  let progress = cursor;
  let pages = 0;
  let stored = 0;
  let complete = false;
  let cut = false;
  let problem: IngestItemsResult['problem'] = null;
  const overBudget = () => clock() - started > opts.timeBudgetMs || Boolean(opts.signal?.aborted);
  const save = (done: boolean) =>
    q.saveItemCursor(opts.db, opts.repoId, {
      updatedCursor: done ? seen : progress,
      complete: done,
      lastRunAt: new Date(clock()).toISOString(),
      itemsSeen: (before?.itemsSeen ?? 0) + stored,
      problemCode: problem?.code ?? null,
      problem: problem?.message ?? null,
    });
  try {
    const pageIterator = opts.client
      .changed(opts.repo, since, before?.complete === true)
      [Symbol.asyncIterator]();
    for (;;) {
      if (pages >= opts.maxPages || overBudget()) {
        cut = true;
        await pageIterator.return?.();
        break;
      }
      const next = await pageIterator.next();
      if (next.done) {
        complete = true;
        break;
      }
      const page = next.value;
      pages++;
      if (page.unchanged) continue;
      const stamps = await q.itemStamps(opts.db, opts.repoId, page.items);
      const rows: import('../store/queries/forge-items.ts').ItemRow[] = [];
      const events = new Map<string, import('../store/queries/forge-items.ts').EventRow[]>();
      let last: ForgeItemRecord | null = null;
      for (const item of page.items) {
        if (overBudget()) {
          cut = true;
          break;
        }
        last = item;
        seen = later(seen, item.updatedAt);
        if (stamps.get(`${item.kind}:${item.number}`) === item.updatedAt) continue;
        // An issue the forge counts no comments on has none to read (a PR may still have reviews).
        const read =
          item.kind === 'issue' && item.commentCount === 0 ? [] : await opts.client.events(opts.repo, item);
        rows.push(toRow(opts, await withPullDetails(opts, item), read));
        events.set(
          `${item.kind}:${item.number}`,
          read.map((e) => toEventRow(opts, item, e)),
        );
      }
      await q.saveItemPage(opts.db, opts.repoId, rows, events);
      stored += rows.length;
      // In ascending order everything up to the last item handled is stored; otherwise only a full run counts.
      if (page.progress !== null && last) progress = later(progress, cut ? last.updatedAt : page.progress);
      await save(false);
      if (cut) {
        await pageIterator.return?.();
        break;
      }
    }
    if (cut) {
      problem = {
        code: 'FORGE_ITEMS_PARTIAL',
        message: `issues and pull requests read in part (${pages} page(s), ${stored} item(s) in ${Math.round((clock() - started) / 1000)} s, over the page cap or time budget); the rest is read by the next crawls`,
      };
    }
  } catch (err) {
    const error = err instanceof AgoraError ? err : new AgoraError('FORGE_BAD_RESPONSE', String(err));
    problem = { code: error.code, message: `issues and pull requests: ${error.message}` };
    complete = false;
  }
  await save(complete && problem === null);
  if (complete && problem === null && (stored > 0 || !before) && opts.client.commitLogins && opts.source) {
    // Commit author logins with their emails: who a login is in git. Best effort: a failure costs nothing.
    try {
      const logins = await opts.client.commitLogins(opts.repo, since);
      await q.saveForgeLogins(
        opts.db,
        opts.source,
        logins.map((l) => ({ ...l, origin: 'commit-api' })),
        new Date(clock()).toISOString(),
      );
    } catch {
      /* the next crawl asks again */
    }
  }
  return { pages, items: stored, complete: complete && problem === null, problem };
}

/** A PR with what its own answer adds (requested reviewers, merger) on forges whose listing lacks them. */
async function withPullDetails(opts: IngestItemsOptions, item: ForgeItemRecord): Promise<ForgeItemRecord> {
  if (item.kind !== 'pr' || !opts.client.pull) return item;
  const d = await opts.client.pull(opts.repo, item.number);
  return {
    ...item,
    reviewers: [...item.reviewers, ...d.reviewers],
    mergedBy: d.mergedBy ?? item.mergedBy,
    mergedByBot: d.mergedBy ? d.mergedByBot : item.mergedByBot,
  };
}

function lower(login: string | null): string | null {
  return login ? login.toLowerCase() : null;
}

function toRow(
  opts: IngestItemsOptions,
  item: ForgeItemRecord,
  events: readonly ForgeEventRecord[],
): import('../store/queries/forge-items.ts').ItemRow {
  const judged = events.map((e) => ({
    ...e,
    isBot: e.authorLogin ? opts.isBotLogin(e.authorLogin, e.authorBot) : false,
  }));
  const first = firstResponse(
    {
      ...item,
      mergedByBot: item.mergedBy ? opts.isBotLogin(item.mergedBy, item.mergedByBot ?? false) : false,
    },
    judged,
  );
  const reviewers = new Set(item.reviewers.map((r) => r.toLowerCase()));
  for (const e of judged)
    if (e.kind === 'review' && e.authorLogin) reviewers.add(e.authorLogin.toLowerCase());
  return {
    repo_id: opts.repoId,
    kind: item.kind,
    number: item.number,
    forge_id: item.forgeId,
    title: item.title,
    web_url: item.webUrl,
    state: item.state,
    draft: item.draft ? 1 : 0,
    author_login: lower(item.authorLogin),
    author_is_bot: item.authorLogin && opts.isBotLogin(item.authorLogin, item.authorBot) ? 1 : 0,
    labels: JSON.stringify(item.labels.slice(0, 100)),
    reviewers: JSON.stringify([...reviewers].slice(0, 100)),
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    closed_at: item.closedAt,
    merged_at: item.mergedAt,
    merged_by: lower(item.mergedBy),
    first_response_at: first.firstResponseAt,
    first_responder: first.firstResponder,
    first_review_at: first.firstReviewAt,
    comments: events.filter((e) => e.kind === 'comment').length,
  };
}

function toEventRow(
  opts: IngestItemsOptions,
  item: ForgeItemRecord,
  e: ForgeEventRecord,
): import('../store/queries/forge-items.ts').EventRow {
  return {
    repo_id: opts.repoId,
    item_kind: item.kind,
    item_number: item.number,
    kind: e.kind,
    forge_id: e.forgeId,
    author_login: lower(e.authorLogin),
    author_is_bot: e.authorLogin && opts.isBotLogin(e.authorLogin, e.authorBot) ? 1 : 0,
    created_at: e.createdAt,
    review_state: e.reviewState,
  };
}
