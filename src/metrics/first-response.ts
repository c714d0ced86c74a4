// When an issue or pull request was first answered: the first comment or review by a human other than its
// author, or its merge by someone else (merging someone's PR answers it; an author's own merge or a bot's
// does not; a merge whose merger the forge does not tell counts), whichever came first; and, for PRs, the
// first review by a human other than the author. Bots (forge apps, `[bot]` logins, configured bot names)
// never answer. Computed at ingestion from the item's comments and reviews (docs/metrics.md).

export interface ResponseItem {
  kind: 'issue' | 'pr';
  authorLogin: string | null;
  createdAt: string;
  mergedAt: string | null;
  mergedBy: string | null;
  /** The merger is automation (judged by the caller's bot test). */
  mergedByBot?: boolean;
}

export interface ResponseEvent {
  kind: 'comment' | 'review';
  authorLogin: string | null;
  isBot: boolean;
  createdAt: string;
}

export interface FirstResponse {
  firstResponseAt: string | null;
  firstResponder: string | null;
  firstReviewAt: string | null;
}

const ms = (iso: string) => Date.parse(iso);

export function firstResponse(item: ResponseItem, events: readonly ResponseEvent[]): FirstResponse {
  const author = item.authorLogin?.toLowerCase() ?? null;
  const created = ms(item.createdAt);
  let response: { at: number; iso: string; who: string | null } | null = null;
  let review: { at: number; iso: string } | null = null;
  for (const e of events) {
    const who = e.authorLogin?.toLowerCase() ?? null;
    if (e.isBot || who === null || who === author) continue;
    const at = ms(e.createdAt);
    if (Number.isNaN(at) || at < created) continue;
    if (!response || at < response.at) response = { at, iso: e.createdAt, who };
    if (item.kind === 'pr' && e.kind === 'review' && (!review || at < review.at))
      review = { at, iso: e.createdAt };
  }
  const merger = item.mergedBy?.toLowerCase() ?? null;
  const mergeAnswers = merger === null || (merger !== author && item.mergedByBot !== true);
  if (item.kind === 'pr' && item.mergedAt && mergeAnswers) {
    const at = ms(item.mergedAt);
    if (!Number.isNaN(at) && (!response || at < response.at))
      response = { at, iso: item.mergedAt, who: merger };
  }
  return {
    firstResponseAt: response?.iso ?? null,
    firstResponder: response?.who ?? null,
    firstReviewAt: review?.iso ?? null,
  };
}
