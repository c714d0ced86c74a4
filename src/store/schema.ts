// The database schema as Kysely table types. One schema for SQLite and PostgreSQL: booleans are 0/1
// integers, times are ISO-8601 text (rows) or unix seconds (commits), JSON is text.

import type { Generated, Insertable, Selectable } from 'kysely';

export interface ReposTable {
  id: string;
  source: string;
  name: string;
  full_name: string;
  /** Local path or clone URL (never with credentials). */
  location: string;
  web_url: string | null;
  default_branch: string | null;
  description: string | null;
  /** JSON array of strings. */
  topics: string;
  archived: number;
  visibility: string | null;
  org: string | null;
  stars: number | null;
  forks: number | null;
  watchers: number | null;
  open_issues: number | null;
  forge_created_at: string | null;
  head_sha: string | null;
  /** active | gone | failed (failed: never crawled successfully). */
  status: string;
  first_seen_at: string;
  last_crawled_at: string | null;
  last_changed_at: string | null;
  gone_at: string | null;
  primary_language: string | null;
  /** JSON of RepoFacts (without findings). */
  facts: string | null;
  /** The crawl whose facts are stored; findings of later crawls are failures since then. */
  facts_crawl_id: number | null;
  commit_count: number;
  first_commit_at: number | null;
  last_commit_at: number | null;
  /** Forge sources: github | gitlab | gitea, and the forge's numeric id (identity across renames). */
  forge_type?: string | null;
  forge_id?: string | null;
  fork?: number | null;
  /** The forge's last push time when the repo was last crawled (fetch skipped while it stays). */
  pushed_at?: string | null;
  owner_avatar?: string | null;
}

export interface RepoLanguagesTable {
  repo_id: string;
  language: string;
  bytes: number;
  files: number;
}

export interface RepoDocsTable {
  repo_id: string;
  kind: string;
  path: string;
  size: number;
  inherited: number;
}

export interface RepoOwnersTable {
  repo_id: string;
  owner: string;
  kind: string;
  source: string;
  pattern: string | null;
  catch_all: number;
}

export interface RepoPackagesTable {
  repo_id: string;
  ecosystem: string;
  name: string;
  role: string;
  version: string | null;
  manifest: string;
  scope: string | null;
}

/** Contents of the files that matter (docs, manifests, CODEOWNERS…), capped, so checks re-run without re-crawling. */
export interface RepoFilesTable {
  repo_id: string;
  path: string;
  size: number;
  content: string | null;
  truncated: number;
  binary: number;
}

export interface RepoDocumentsTable {
  repo_id: string;
  path: string;
  kind: string;
  title: string;
  html: string;
  truncated: number;
  status: string;
  source_size: number;
  head_sha: string | null;
  rendered_at: string;
}

export interface CommitsTable {
  repo_id: string;
  sha: string;
  author_name: string;
  author_email: string;
  author_time: number;
  committer_time: number;
  parents: number;
  files_changed: number;
  additions: number | null;
  deletions: number | null;
  is_bot: number;
}

/** Commits per repo, author, unix day and bot flag, kept in step with `commits` by the commit writers. */
export interface CommitDaysTable {
  repo_id: string;
  author_email: string;
  /** Unix day number: floor(author_time / 86400). */
  day: number;
  is_bot: number;
  commits: number;
  /** Smallest author name of the day's commits. */
  author_name: string;
  /** Earliest author time of the day's commits (unix seconds). */
  first_time: number;
  additions: number | null;
  deletions: number | null;
}

export interface FindingsTable {
  id: Generated<number>;
  repo_id: string;
  crawl_id: number;
  code: string;
  severity: string;
  message: string;
  path: string | null;
}

export interface CrawlsTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  /** running | done | failed | interrupted */
  status: string;
  /** JSON: { new, changed, unchanged, failed, gone, commitsAdded, ms } */
  stats: string | null;
  holder: string;
}

/** At most one row: who is crawling now. A stale holder (no heartbeat for 2 minutes) may be taken over. */
export interface CrawlLockTable {
  id: number;
  holder: string;
  crawl_id: number | null;
  acquired_at: string;
  heartbeat_at: string;
}

/** One evaluation of the standards (by a crawl, or `agora check --all`). */
export interface CheckRunsTable {
  id: Generated<number>;
  crawl_id: number | null;
  ruleset: string;
  evaluated_at: string;
  repo_count: number;
}

/** The result of one rule for one repo in one check run. */
export interface CheckResultsTable {
  run_id: number;
  crawl_id: number | null;
  repo_id: string;
  rule_id: string;
  /** error | warning | info | off (after config overrides). */
  level: string;
  /** pass | fail | not-applicable | not-evaluated */
  status: string;
  message: string;
  reason: string | null;
  inherited: number;
  ruleset: string;
  evaluated_at: string;
}

/** A rule of one check run as it was then: its texts explain that run's results. */
export interface CheckRulesTable {
  run_id: number;
  rule_id: string;
  title: string;
  /** The ruleset's level, before per-repo config overrides. */
  level: string;
  why: string;
  fix: string;
  template: string | null;
  docs: string | null;
}

/** A repo's readiness level in one check run. */
export interface CheckReadinessTable {
  run_id: number;
  repo_id: string;
  level: string | null;
  next_level: string | null;
  /** JSON array of rule ids missing for the next level. */
  missing: string;
  passed: number;
  failed: number;
  errors: number;
  warnings: number;
  not_evaluated: number;
}

/** A repo's derived data (metrics, weekly activity) as computed at a crawl, and what it was computed from. */
export interface RepoDerivedTable {
  repo_id: string;
  head_sha: string | null;
  /** Digest of the config parts the metrics depend on (teams, bots, aliases). */
  config_key: string;
  /** Unix seconds the time windows end at. */
  as_of: number;
  /** JSON of RepoMetrics. */
  metrics: string;
}

/** Validators and projected value of one forge API answer, for conditional requests on the next crawl. */
export interface ForgeHttpCacheTable {
  source: string;
  key: string;
  etag: string | null;
  last_modified: string | null;
  value: string;
  next_url: string | null;
  updated_at: string;
}

/** A forge webhook delivery already handled (kept a day), so a redelivery after a restart is still ignored. */
export interface WebhookDeliveriesTable {
  /** `forge:delivery id`. */
  key: string;
  /** ISO time it was received. */
  received_at: string;
}

/** An API token: only the SHA-256 digest of its secret is kept. Times are unix seconds. */
export interface ApiTokensTable {
  id: string;
  name: string;
  digest: string;
  /** JSON array of scopes: read, crawl, admin. */
  scopes: string;
  created_at: number;
  created_by: string | null;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

/** A portal session, keyed by the digest of the cookie's random id. Times are unix seconds. */
export interface AuthSessionsTable {
  digest: string;
  /** JSON of the signed-in person (subject, email, name, groups, teams, role). */
  user: string;
  created_at: number;
  last_seen_at: number;
}

/** A person's feed token (one each): the digest of the token and the person as their sign-in named them (JSON). */
export interface FeedTokensTable {
  id: string;
  subject: string;
  digest: string;
  user: string;
  created_at: number;
  last_used_at: number | null;
}

/** A login the forge says has access to a private repo (lower-cased). */
export interface RepoCollaboratorsTable {
  repo_id: string;
  login: string;
}

/** An issue or pull/merge request of a forge repo (issue 11). Times are ISO-8601 UTC text. */
export interface ForgeItemsTable {
  repo_id: string;
  /** issue | pr (GitLab merge requests are `pr`). */
  kind: string;
  /** The forge's number in the repo (GitHub/Gitea number, GitLab iid). */
  number: number;
  /** The forge's own id of the item, as text. */
  forge_id: string;
  title: string;
  web_url: string | null;
  /** open | closed | merged. */
  state: string;
  draft: number;
  /** Lower-cased login; null when the forge gives none (a deleted user: GitHub's `ghost`). */
  author_login: string | null;
  author_is_bot: number;
  /** JSON array of label names as the forge spells them. */
  labels: string;
  /** JSON array of lower-cased logins: requested reviewers and everyone who reviewed. */
  reviewers: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  merged_at: string | null;
  merged_by: string | null;
  /** First comment or review by a human other than the author (docs/metrics.md), and who. */
  first_response_at: string | null;
  first_responder: string | null;
  /** PRs: first review (or review comment) by a human other than the author. */
  first_review_at: string | null;
  comments: number;
}

/** A comment or review on a forge item: who and when (no bodies). */
export interface ForgeItemEventsTable {
  repo_id: string;
  item_kind: string;
  item_number: number;
  /** comment | review. */
  kind: string;
  forge_id: string;
  author_login: string | null;
  author_is_bot: number;
  created_at: string;
  /** Reviews: APPROVED | CHANGES_REQUESTED | COMMENTED | … as the forge says; null for comments. */
  review_state: string | null;
}

/** Per repo: how far item ingestion got (`updated_at` of the last item stored in order). */
export interface ForgeItemCursorsTable {
  repo_id: string;
  updated_cursor: string | null;
  /** 1 when the last run read every changed item; 0 when a page cap or time budget stopped it. */
  complete: number;
  last_run_at: string;
  items_seen: number;
  problem_code: string | null;
  problem: string | null;
}

/** A forge login known to be a git identity (email), and how Agora knows it. */
export interface ForgeLoginsTable {
  source: string;
  /** Lower-cased. */
  login: string;
  /** Lower-cased. */
  email: string;
  /** commit-api | noreply | config. */
  origin: string;
  seen_at: string;
}

/** A campaign's pull/merge request on one repo: at most one per campaign and repo, ever. */
export interface CampaignPrsTable {
  campaign: string;
  repo_id: string;
  forge: string;
  branch: string;
  /** `owner/name` of the repo the branch was pushed to (a fork when the token may not push upstream). */
  head_repo: string | null;
  number: number | null;
  url: string | null;
  /** open | merged | declined (closed unmerged) | failed */
  state: string;
  /** JSON array of the paths the commit creates. */
  files: string;
  message: string | null;
  opened_at: string;
  updated_at: string;
}

/** A pilot cohort's baseline numbers, frozen when first computed. */
export interface PilotBaselinesTable {
  pilot: string;
  /** pilot | control */
  cohort: string;
  window_start: string;
  window_end: string;
  frozen_at: string;
  /** JSON of the cohort's measures over the window. */
  data: string;
}

/** A pilot declared by an admin in the portal (agora.yaml's pilots are not stored). */
export interface PortalPilotsTable {
  id: string;
  /** JSON of the pilot's settings, as a `pilots:` entry of agora.yaml. */
  config: string;
  /** The admin who declared it (an email or token label). */
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** One digest for one webhook and period: delivered, or failed with its last error (retried by the next run). */
export interface DigestDeliveriesTable {
  id: Generated<number>;
  /** `webhook:<index>:<env name>` */
  target: string;
  format: string;
  /** ISO week the digest covers, e.g. `2026-W48`. */
  period: string;
  payload: string;
  /** sending (claimed by one process) | delivered | failed */
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

/** A forge host's shared request budget (migration 1250; written by queue workers only). */
export interface QueueHostBudgetsTable {
  host: string;
  tokens: number;
  /** Epoch seconds of the database's clock when `tokens` was last computed. */
  updated_at: number;
}

export interface Database {
  queue_host_budgets: QueueHostBudgetsTable;
  campaign_prs: CampaignPrsTable;
  pilot_baselines: PilotBaselinesTable;
  portal_pilots: PortalPilotsTable;
  digest_deliveries: DigestDeliveriesTable;
  forge_items: ForgeItemsTable;
  forge_item_events: ForgeItemEventsTable;
  forge_item_cursors: ForgeItemCursorsTable;
  forge_logins: ForgeLoginsTable;
  api_tokens: ApiTokensTable;
  auth_sessions: AuthSessionsTable;
  feed_tokens: FeedTokensTable;
  repo_collaborators: RepoCollaboratorsTable;
  forge_http_cache: ForgeHttpCacheTable;
  webhook_deliveries: WebhookDeliveriesTable;
  repos: ReposTable;
  repo_languages: RepoLanguagesTable;
  repo_docs: RepoDocsTable;
  repo_owners: RepoOwnersTable;
  repo_packages: RepoPackagesTable;
  repo_files: RepoFilesTable;
  repo_documents: RepoDocumentsTable;
  commits: CommitsTable;
  commit_days: CommitDaysTable;
  findings: FindingsTable;
  crawls: CrawlsTable;
  crawl_lock: CrawlLockTable;
  check_runs: CheckRunsTable;
  check_results: CheckResultsTable;
  check_readiness: CheckReadinessTable;
  check_rules: CheckRulesTable;
  repo_derived: RepoDerivedTable;
}

export type RepoRow = Selectable<ReposTable>;
export type NewRepoRow = Insertable<ReposTable>;
export type CommitRow = Selectable<CommitsTable>;
