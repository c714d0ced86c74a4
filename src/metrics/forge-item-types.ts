// Types of issue 11's forge-item numbers (issues and pull/merge requests): the stored item as the metrics and
// the portal read it, and the responsiveness, outside-team and "who are we helping" numbers per repo, team and
// organisation. Definitions are in docs/metrics.md ("Issues and pull requests").

export type ForgeItemKind = 'issue' | 'pr';
export type ForgeItemState = 'open' | 'closed' | 'merged';

/** One stored issue or pull/merge request. Times are ISO-8601 UTC. Logins are lower-cased. */
export interface ForgeItem {
  repoId: string;
  kind: ForgeItemKind;
  number: number;
  forgeId: string;
  title: string;
  webUrl: string | null;
  state: ForgeItemState;
  draft: boolean;
  authorLogin: string | null;
  authorIsBot: boolean;
  labels: string[];
  reviewers: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergedBy: string | null;
  /** First comment or review by a human other than the author, or the merge (docs/metrics.md). */
  firstResponseAt: string | null;
  firstResponder: string | null;
  firstReviewAt: string | null;
  comments: number;
}

/**
 * A distribution of durations in hours. `answered` items have a measured duration; `censored` are items still
 * open with no answer at the end of the window: they enter the quantiles with their age then (a lower bound,
 * so a median with censored items is "at least"). Closed items never answered are `unanswered`, not counted.
 */
export interface DurationStats {
  answered: number;
  censored: number;
  unanswered: number;
  medianHours: number | null;
  p90Hours: number | null;
}

/** The numbers of one scope (repo, team's repos, organisation) over one window. */
export interface ItemNumbers {
  issues: {
    opened: number;
    closed: number;
    open: number;
    firstResponse: DurationStats;
  };
  prs: {
    opened: number;
    merged: number;
    /** Closed without merge. */
    closed: number;
    open: number;
    /** merged / (merged + closed unmerged) of the PRs opened in the window; null when none was decided. */
    mergeRate: number | null;
    firstResponse: DurationStats;
    firstReview: DurationStats;
    timeToMerge: DurationStats;
  };
  /** Items whose author was outside the repo's owning team at creation (null team counts as outside). */
  outside: {
    prsOpened: number;
    prsMerged: number;
    /** prsMerged / (prsMerged + outside PRs closed unmerged); null when none was decided. */
    acceptanceRate: number | null;
    /** Outside PRs merged / all PRs merged in the window; null when none was merged. */
    shareOfMergedPrs: number | null;
    issuesOpened: number;
    prFirstResponse: DurationStats;
    issueFirstResponse: DurationStats;
  };
}

/** One calendar month (UTC) of the trend. */
export interface ItemMonth {
  /** `YYYY-MM`. */
  month: string;
  prsOpened: number;
  prsMerged: number;
  outsidePrsOpened: number;
  outsidePrsMerged: number;
  issuesOpened: number;
  prFirstResponseMedianHours: number | null;
  issueFirstResponseMedianHours: number | null;
}

/** Items one team (or unaffiliated people, `from` null) sent to repos another team owns. */
export interface HelpEdge {
  /** The author's team at the item's creation; null = unaffiliated. */
  from: string | null;
  /** The owning team of the repo. */
  to: string;
  prs: number;
  prsMerged: number;
  issues: number;
}

export interface ItemWindow {
  days: number;
  /** ISO start (inclusive) and end (exclusive). */
  since: string;
  until: string;
}

export interface RepoItemMetrics {
  repoId: string;
  owningTeam: string | null;
  window: ItemWindow;
  numbers: ItemNumbers;
  months: ItemMonth[];
  /** Who sent this repo PRs and issues (outside its owning team). */
  helpedBy: HelpEdge[];
  /** Whether item ingestion ever ran for the repo (false: numbers are all zero because nothing is known). */
  ingested: boolean;
}

export interface TeamItemMetrics {
  team: string;
  name: string;
  window: ItemWindow;
  /** Items in the repos the team owns. */
  numbers: ItemNumbers;
  months: ItemMonth[];
  /** PRs and issues other teams sent to this team's repos. */
  received: HelpEdge[];
  /** PRs and issues this team's members sent to other teams' repos: "who are we helping". */
  sent: HelpEdge[];
  /** Sum of `sent` PRs merged: how helpful the team is to others (for sorting the Teams page). */
  helpfulness: number;
}

export interface OrgItemMetrics {
  window: ItemWindow;
  numbers: ItemNumbers;
  months: ItemMonth[];
  teams: TeamItemMetrics[];
  edges: HelpEdge[];
  reposIngested: number;
}

/**
 * One team's pull request numbers in one flat record, as `agora teams --json` (`items[]`) and the API's
 * teams (`pullRequests`) give them. PRs into the team's repos are the repos it owns; "outside" as above.
 */
export interface TeamItemSummary {
  team: string;
  /** The window's length in days (items created in it). */
  days: number;
  /** PRs this team's members sent to other teams' repos, and how many of them were merged. */
  prsSent: number;
  prsSentMerged: number;
  /** PRs from outside the team (other teams or unaffiliated people) into its repos, and merged. */
  prsReceived: number;
  prsReceivedMerged: number;
  /** Outside PRs into the team's repos: acceptance rate and share of all merged PRs (null: none decided). */
  outsideAcceptanceRate: number | null;
  outsideShareOfMergedPrs: number | null;
  /** p90 hours to first response to outside PRs into the team's repos (null: none). */
  outsidePrFirstResponseP90Hours: number | null;
  /** Every PR into the team's repos: opened, merged, merge rate, and the three durations (censored counted). */
  prsOpened: number;
  prsMerged: number;
  mergeRate: number | null;
  prFirstResponse: DurationStats;
  prFirstReview: DurationStats;
  prTimeToMerge: DurationStats;
  /** Outside PRs into the team's repos: time to first response. */
  outsidePrFirstResponse: DurationStats;
  /** Merged PRs sent to other teams: the Teams page's "helpful to others" sort. */
  helpfulness: number;
}

/** The organisation's pull request numbers in one flat record (the dashboard's `pullRequests`). */
export interface OrgItemSummary {
  days: number;
  /** Forge repos whose issues and PRs were read (0: nothing is measured). */
  reposIngested: number;
  prsOpened: number;
  prsMerged: number;
  mergeRate: number | null;
  /** PRs whose author was outside the repo's owning team: the headline InnerSource number. */
  outsidePrsOpened: number;
  outsidePrsMerged: number;
  outsideAcceptanceRate: number | null;
  outsideShareOfMergedPrs: number | null;
  /** PRs whose author was in another team than the repo's owner (unaffiliated authors left out). */
  crossTeamPrs: number;
  prFirstResponse: DurationStats;
  prFirstReview: DurationStats;
  prTimeToMerge: DurationStats;
  outsidePrFirstResponse: DurationStats;
  /** 12 calendar months: PRs opened and merged, outside ones, median first response. */
  months: ItemMonth[];
}
