// The JSON API (v1) request and response types: the contract between the server and the web UI.
// The UI imports these type-only; change them additively (new optional fields), never rename.

/** Readiness level a repo reaches against the standards ruleset. */
export type ReadinessLevel = 'gold' | 'silver' | 'bronze' | 'none';

/** Recent-activity bucket used as a facet: commits in the last 90 days, or none in a year. */
export type ActivityBucket = 'active' | 'slowing' | 'dormant';

/**
 * How a project says it welcomes contributions: a CONTRIBUTING guide, or help it asks for in innersource.json
 * (`contributions`).
 */
export type WelcomeSignal = 'contributing-guide' | 'help-wanted';

/** Who may see a repository on its forge; repos of local and urls sources have none. */
export type RepoVisibility = 'public' | 'internal' | 'private';

/** `relevance` (search match quality) is the default when `q` is given, `score` otherwise. */
export type ProjectSort = 'score' | 'recent' | 'outside' | 'name' | 'relevance';

/** How the owning team was determined. */
export type OwnerProvenance = 'declared' | 'codeowners' | 'inferred' | 'unknown';

/** `{ id, status, message }` for every error answer. */
export interface ApiError {
  id: string;
  status: number;
  message: string;
}

export interface CrawlInfo {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  /** running | done | failed | interrupted */
  status: string;
  stats: {
    new?: number;
    changed?: number;
    unchanged?: number;
    failed?: number;
    gone?: number;
    commitsAdded?: number;
    ms?: number;
  } | null;
}

export interface HealthResponse {
  status: 'ok';
  db: 'sqlite' | 'postgres';
  repos: number;
  lastCrawl: CrawlInfo | null;
  /** PostgreSQL stores: the crawl queue (null on SQLite, whose crawls run in-process). */
  queue: {
    workersAlive: number;
    queued: number;
    running: number;
    failed: number;
    nextScheduledCrawl: string | null;
  } | null;
}

export interface ProjectOwner {
  /** Team id (config key), or null when no owner is known. */
  team: string | null;
  teamName: string | null;
  provenance: OwnerProvenance;
}

export interface ProjectSummary {
  id: string;
  name: string;
  fullName: string;
  description: string | null;
  owner: ProjectOwner;
  primaryLanguage: string | null;
  languages: string[];
  topics: string[];
  /** InnerSource Commons Repository Activity Score. */
  score: number;
  /** ISO time of the newest commit, or null. */
  lastCommitAt: string | null;
  /**
   * Share (0..1) of the last 90 days' commits by people outside the owning team, as `agora metrics` and the exports
   * say: null when it cannot be measured (no owning team with known members, or no commits), never a 0.
   */
  outsideShare90: number | null;
  outsideContributors90: number;
  level: ReadinessLevel;
  /** Where a would-be contributor starts: the CONTRIBUTING file, else the web URL, else null. */
  contributeUrl: string | null;
  hasContributing: boolean;
  /** innersource.json `skills`. */
  skills: string[];
  /** innersource.json `contributions` (what help is requested). */
  contributions: string[];
  /** innersource.json `title`, when set. */
  title?: string | null;
  /**
   * innersource.json `logo` when it names an image stored from the repo, as its files API URL; a logo given as
   * a URL is not shown (the portal shows only images it serves itself).
   */
  logoUrl?: string | null;
  activity?: ActivityBucket;
  archived?: boolean;
}

export interface ProjectsQuery {
  q?: string;
  language?: string;
  team?: string;
  topic?: string;
  level?: ReadinessLevel;
  activity?: ActivityBucket;
  welcomes?: WelcomeSignal;
  /** The forge's visibility; a repo without one (local and urls sources) matches no value. */
  visibility?: RepoVisibility;
  sort?: ProjectSort;
  page?: number;
  pageSize?: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface ProjectFacets {
  language: FacetValue[];
  team: FacetValue[];
  topic: FacetValue[];
  level: FacetValue[];
  activity: FacetValue[];
  welcomes: FacetValue[];
  /** Forge repos only: a repo of a local or urls source is counted under no value. */
  visibility: FacetValue[];
}

export interface ProjectsResponse {
  total: number;
  page: number;
  pageSize: number;
  items: ProjectSummary[];
  facets: ProjectFacets;
  /**
   * Page 1 without facet filters: repos matching `q` (by name) that a source lists but no crawl could store,
   * each with its error (a given-up queue job, a refused clone…). Never counted in `total` or the facets.
   */
  notCrawled: NotCrawledRepo[];
}

/** A repository a source lists whose every crawl failed, so it has no project page yet: what went wrong. */
export interface NotCrawledRepo {
  id: string;
  name: string;
  fullName: string | null;
  source: string;
  webUrl: string | null;
  /** The finding of its last attempt: `CRAWL_JOB_FAILED` when its queue job was given up. */
  code: string;
  error: string;
  firstSeenAt: string;
  lastTriedAt: string | null;
}

export interface ProjectDoc {
  kind: string;
  path: string;
  size: number;
  inherited: boolean;
  /** Web URL of the file when the forge is known, else the API file URL. */
  url: string;
}

export interface PersonRef {
  name: string;
  email: string;
  team: string | null;
}

export interface ProjectOwnerEntry {
  /** `@org/team`, `@user`, an email or a Backstage ref. */
  owner: string;
  kind: string;
  source: string;
  pattern: string | null;
}

export interface CommunicationChannel {
  /** e.g. slack, teams, mattermost, matrix, discord, mailing-list, issues, discussions, link */
  kind: string;
  label: string;
  url: string;
}

export interface InnerSourceMetadata {
  title: string | null;
  motivation: string | null;
  contributions: string[];
  skills: string[];
  logo: string | null;
  docs: string | null;
  language: string | null;
}

export type CheckStatus = 'pass' | 'fail' | 'not-applicable' | 'not-evaluated' | 'off';

export interface CheckResultView {
  rule: string;
  /** The rule's title in the ruleset. */
  title: string;
  level: 'error' | 'warning' | 'info';
  status: CheckStatus;
  why: string;
  fix: string | null;
  /** Why it failed or was not evaluated. */
  reason: string | null;
}

export interface ProjectChecks {
  ruleset: string | null;
  level: ReadinessLevel;
  results: CheckResultView[];
}

export interface WindowMetrics {
  days: number;
  commits: number;
  contributors: number;
  outsideCommits: number;
  outsideShare: number;
  outsideContributors: number;
  outsideTeams: number;
  busFactor: number;
}

export interface TeamContribution {
  team: string | null;
  teamName: string | null;
  own: boolean;
  commits: number;
  contributors: number;
}

export interface ProjectMetrics {
  windows: WindowMetrics[];
  busFactor: number;
  firstCommitAt: string | null;
  lastCommitAt: string | null;
  /** Contributors by team over the last 365 days, the owning team flagged `own`. */
  contributorsByTeam: TeamContribution[];
  /**
   * ISO instant the windows end at: when the stored metrics were computed (at the last crawl, or on demand);
   * null for the catalogue's approximations, shown while a repo's metrics are not available.
   */
  asOf?: string | null;
}

export interface RepoLink {
  id: string;
  name: string;
  team: string | null;
  /** Packages that make the link (at most 20; `packagesTotal` counts them all). */
  packages: string[];
  packagesTotal?: number;
  crossTeam: boolean;
}

export interface LanguageBytes {
  language: string;
  bytes: number;
  files: number;
}

/** What the forge says of a project (forge sources only): the facts its page shows beside the git facts. */
export interface ProjectForge {
  type: string;
  /** The repository's page on the forge. */
  url: string | null;
  stars: number | null;
  forks: number | null;
  watchers: number | null;
  openIssues: number | null;
  topics: string[];
  visibility: string | null;
  ownerLogin: string | null;
  ownerAvatar: string | null;
}

export interface ProjectDetail extends ProjectSummary {
  webUrl: string | null;
  /** Forge facts; null for repos of local and urls sources. */
  forge: ProjectForge | null;
  defaultBranch: string | null;
  docs: ProjectDoc[];
  owners: ProjectOwnerEntry[];
  trustedCommitters: PersonRef[];
  innersource: InnerSourceMetadata | null;
  channels: CommunicationChannel[];
  checks: ProjectChecks;
  metrics: ProjectMetrics | null;
  dependencies: RepoLink[];
  dependents: RepoLink[];
  languageBytes: LanguageBytes[];
  readmePath: string | null;
  license: { path: string; spdx: string | null } | null;
  ci: { system: string; path: string; runsTests: boolean | null }[];
  headSha: string | null;
  lastCrawledAt: string | null;
  /** The repo's current findings (problems its crawl met): counts by severity and the first ones, errors first. */
  findings?: ProjectFindings;
  /**
   * Full length of each list above, which embeds at most 50 items (findings: 20); the rest are served by
   * `/api/v1/projects/{id}/<list>?page=&pageSize=`.
   */
  totals?: ProjectListTotals;
}

export interface FindingView {
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  path: string | null;
}

export interface ProjectFindings {
  total: number;
  bySeverity: { error: number; warning: number; info: number };
  /** The first findings, errors first, then warnings, then info. */
  items: FindingView[];
}

export interface ProjectListTotals {
  docs: number;
  owners: number;
  channels: number;
  checks: number;
  contributorsByTeam: number;
  dependencies: number;
  dependents: number;
  languages: number;
  ci: number;
  findings: number;
}

/** `page` (1-based) and `pageSize` of a paged list; a page past the end has no items (and still the total). */
export interface PageQuery {
  page?: number;
  pageSize?: number;
}

/** One page of a list, with the length of the whole list. */
export interface Paged<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

/** A person who committed to the project in the last 365 days (bots excluded). */
export interface ContributorView extends PersonRef {
  commits: number;
}

/** A package a project publishes or consumes, with the manifest that says so. */
export interface PackageView {
  ecosystem: string;
  name: string;
  role: string;
  version: string | null;
  manifest: string;
}

export interface ReadmeResponse {
  path: string | null;
  html: string;
  /** True when only the first part of the README is shown (the HTML says so too). */
  truncated?: boolean;
}

/** A repository document the portal renders (README, CONTRIBUTING, …). */
export interface DocumentSummary {
  path: string;
  /** `readme`, `contributing`, `code_of_conduct`, `security`, `support`, `communication`, `changelog`, or `linked`. */
  kind: string;
  title: string;
  truncated: boolean;
  /** The portal page showing it, e.g. `/projects/local%3Ax/docs/CONTRIBUTING.md`. */
  pageUrl: string;
  /** The source file: on the forge when the web URL is known, else the portal's file route. */
  sourceUrl: string;
}

export interface DocumentsResponse {
  items: DocumentSummary[];
}

/** One rendered document: sanitised HTML, with a visible note when truncated or shown as plain text. */
export interface DocumentResponse extends DocumentSummary {
  projectId: string;
  html: string;
  /** `rendered`, or `fallback` when it was over the render budget and is shown as plain text. */
  status: string;
}

export interface ActivityWeek {
  /** Monday of the week, YYYY-MM-DD (UTC). */
  week: string;
  commits: number;
  /** Set on the week not over yet (the current one): its count is so far. */
  partial?: true;
}

export interface ActivityResponse {
  weeks: ActivityWeek[];
}

/** A team as the metrics service sees it (the same numbers as `agora teams --json`); windows are 365 days. */
export interface TeamSummary {
  id: string;
  name: string;
  /** False for a CODEOWNERS handle no config team declares. */
  defined: boolean;
  /** Repos the team owns. */
  repos: number;
  /** People seen committing while members (365 days). */
  members: number;
  /** Commits by members anywhere (365 days). */
  commits: number;
  /** Commits by members to repos other teams own (365 days). */
  commitsToOtherTeams: number;
  /** Commits to the team's repos by people outside it (365 days); null when the team has no known members. */
  outsideCommitsReceived: number | null;
  /** People outside the team who committed to its repos (365 days); null when the team has no known members. */
  outsideContributorCount: number | null;
  /** Share of the team's repos at a readiness level; null when it owns none. */
  compliance: number | null;
  /**
   * Pull requests over the last 90 days (forge repos): sent to and received from other teams, outside PRs'
   * acceptance and share of merged PRs, times to first response, review and merge. The same record as
   * `agora teams --json` (`items[]`); null when no repo's issues and PRs were read.
   */
  pullRequests: TeamItemSummary | null;
}

export interface TeamContributionElsewhere {
  repo: { id: string; name: string; team: string | null };
  commits: number;
  people: number;
}

export interface OutsideContributor {
  person: PersonRef;
  commits: number;
  repos: string[];
}

/**
 * One team. Each list embeds at most 50 items; `totals` has their full lengths, and the rest are served by
 * `/api/v1/teams/{id}/owns`, `/contributes-to` and `/outside-contributors` with `page` and `pageSize`.
 */
export interface TeamDetail extends TeamSummary {
  /** As in the list, with "who are we helping": the PRs and issues sent to and received from each team. */
  pullRequests: (TeamItemSummary & { sent: HelpEdge[]; received: HelpEdge[] }) | null;
  owns: ProjectSummary[];
  contributesTo: TeamContributionElsewhere[];
  outsideContributors: OutsideContributor[];
  totals: TeamListTotals;
}

export interface TeamListTotals {
  owns: number;
  contributesTo: number;
  outsideContributors: number;
}

export interface TeamsResponse {
  items: TeamSummary[];
}

/** Organisation totals; the collaboration numbers are the metrics service's roll-up (`agora metrics --org`). */
export interface DashboardTotals {
  repos: number;
  teams: number;
  contributors90: number;
  commits90: number;
  /** Share (0..1) of repos at a readiness level (bronze or above); null without check results. */
  compliance: number | null;
  /** Share (0..1) of repos that received commits from outside their owning team in the last 90 days. */
  outsideShare90: number | null;
  /** People who committed to another team's repos in the last 90 days. */
  crossTeamContributors90: number;
  reuseEdges: number;
  crossTeamReuseEdges: number;
}

export interface DashboardPoint {
  /** YYYY-MM */
  month: string;
  /** Share of repos at a readiness level in the month's last check run; null when none ran that month. */
  compliance: number | null;
  /** Share of the repos existing that month that received commits from outside their owning team. */
  outsideShare: number | null;
  crossTeamContributors: number;
  /** Cross-team re-use edges between repos that existed that month (today's manifests). */
  reuseEdges: number | null;
  /** Set on the month not over yet: its figures are so far, never to be compared with whole months. */
  partial?: true;
}

export interface DashboardResponse {
  totals: DashboardTotals;
  /** The organisation's pull requests over the last 90 days and by month; null when none were read. */
  pullRequests: OrgItemSummary | null;
  series: DashboardPoint[];
  mostActive: ProjectSummary[];
  newest: ProjectSummary[];
  /** Repos listed but never stored (every crawl failed): how many, and the first NOT_CRAWLED_SHOWN by id. */
  notCrawled: { total: number; items: NotCrawledRepo[] };
}

export interface GraphNode {
  id: string;
  name: string;
  team: string | null;
  /** Projects that use a package this one publishes, over the whole graph (a team filter does not change it). */
  dependents: number;
}

export interface GraphEdge {
  /** The consuming repo. */
  from: string;
  /** The publishing repo. */
  to: string;
  packages: string[];
  crossTeam: boolean;
}

export interface GraphResponse {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface StandardsQuery {
  failing?: '1' | '0';
  rule?: string;
  team?: string;
  /** 1-based; a page past the end has no rows (and still the total). Default 1. */
  page?: number;
  /** Rows per page, 1–500. Default 50. */
  pageSize?: number;
}

export interface StandardsRule {
  id: string;
  title: string;
  level: 'error' | 'warning' | 'info';
  why: string;
}

export interface StandardsRow {
  id: string;
  name: string;
  team: string | null;
  level: ReadinessLevel;
  results: Record<string, CheckStatus>;
}

export interface StandardsRuleSummary extends StandardsRule {
  /** Repos among all the filtered ones (not only this page's) whose result for the rule is a fail. */
  failing: number;
}

export interface StandardsResponse {
  rules: StandardsRuleSummary[];
  /** One page of the filtered repos, by name then id. */
  repos: StandardsRow[];
  /** Repos the filters (failing, rule, team) keep, over all pages. */
  total: number;
  page: number;
  pageSize: number;
  /** Readiness levels of all the filtered repos. */
  levels: Record<ReadinessLevel, number>;
}

export interface CrawlsResponse {
  running: boolean;
  items: CrawlInfo[];
}

export interface CrawlStartedResponse {
  accepted: true;
  message: string;
}

/** The gig board (GET /api/v1/gigs), owned by src/gigs/gigs.ts. */
export type { Gig, GigPage } from '../gigs/gigs.ts';
/** GET /api/v1/responsiveness. */
export type {
  HelpEdge,
  OrgItemMetrics,
  OrgItemSummary,
  TeamItemMetrics,
  TeamItemSummary,
} from '../metrics/forge-item-types.ts';

import type { HelpEdge, OrgItemSummary, TeamItemSummary } from '../metrics/forge-item-types.ts';

/** GET /api/v1/projects/{id}/responsiveness. */
export type { ProjectResponsiveness } from './presenters/responsiveness.ts';
