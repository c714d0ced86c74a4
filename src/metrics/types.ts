// The shapes metrics are returned in: what `src/metrics/service.ts` gives the portal, the API and the CLI.
// Exact definitions of every number live in docs/metrics.md.

/** The windows (in days) metrics are computed for unless told otherwise. */
export const DEFAULT_WINDOWS = [30, 90, 365] as const;

/** How the owning team of a repo was found, in order of precedence. */
export const OWNER_PROVENANCES = ['declared', 'codeowners', 'inferred', 'none'] as const;
export type OwnerProvenance = (typeof OWNER_PROVENANCES)[number];

/** Where a declared or CODEOWNERS owner came from. */
export type OwnerOrigin = 'config' | 'catalog-info' | 'innersource' | 'codeowners' | 'commits';

/** A repo's owning team and how we know. */
export interface OwningTeam {
  /** Team id (the config key, or the CODEOWNERS handle for a team defined nowhere); null when none. */
  team: string | null;
  /** Display name. */
  name: string | null;
  provenance: OwnerProvenance;
  origin: OwnerOrigin | null;
  /** The evidence: the config glob, the CODEOWNERS handle, the catalog owner ref, or "N of M commits". */
  detail: string | null;
  /** True for provenance `inferred`, so a UI can mark it. */
  inferred: boolean;
  /** True when the owner is a CODEOWNERS handle no config team declares (reported by `agora teams`). */
  undefinedHandle?: boolean;
}

/** The numbers of one repo for one window of days ending at `now`. */
export interface WindowMetrics {
  days: number;
  /** ISO start of the window (inclusive). */
  since: string;
  /** Human commits (bots excluded). */
  commits: number;
  botCommits: number;
  activeContributors: number;
  /** Identities whose first ever commit to this repo falls in the window. */
  newContributors: number;
  /** Commits by people not in the owning team at the time (unaffiliated people count as outside). */
  outsideCommits: number;
  /** outsideCommits ÷ commits; null when there are no commits or no owning team with known members. */
  outsideShare: number | null;
  outsideContributors: number;
  /** Distinct teams (not counting unaffiliated people) that made outside commits. */
  outsideTeams: number;
  /** Fewest people making more than half of the commits (0 without commits). */
  busFactor: number;
  /** Fewest teams making more than half of the commits; unaffiliated people count one each. */
  elephantFactor: number;
}

/** Inputs of the Repository Activity Score, so the portal can show why a score is what it is. */
export interface ActivityScoreInputs {
  /** Forge counts; null without a forge (then they add 0). */
  forks: number | null;
  watchers: number | null;
  stars: number | null;
  openIssues: number | null;
  /** ISO; forge creation date, else the first commit. */
  createdAt: string | null;
  /** ISO; the last commit (else the forge's date). */
  updatedAt: string | null;
  /** Human commits in the last 13 weeks. */
  commitsLast13Weeks: number;
  /** Description (forge, catalog-info) or innersource.json motivation, whichever is longer. */
  description: string | null;
  hasContributingGuidelines: boolean;
}

export interface ActivityScore {
  score: number;
  inputs: ActivityScoreInputs;
  /** Each term as it entered the formula (before rounding). */
  terms: {
    base: number;
    popularity: number;
    recencyMultiplier: number;
    participationMultiplier: number;
    boost: number;
    description: number;
    guidelines: number;
    logScaled: boolean;
  };
}

/** Contributions to one repo by one team (or by unaffiliated people, team null). */
export interface TeamContribution {
  team: string | null;
  name: string;
  outside: boolean;
  commits: number;
  contributors: number;
}

export interface PackageRef {
  ecosystem: string;
  name: string;
}

/** A re-use edge: `from` consumes packages that `to` publishes. */
export interface ReuseEdge {
  from: string;
  to: string;
  packages: PackageRef[];
  /** Both ends have owning teams and they differ. */
  crossTeam: boolean;
}

export interface RepoLink {
  repoId: string;
  name: string;
  team: string | null;
  packages: PackageRef[];
  crossTeam: boolean;
}

export interface RepoMetrics {
  repoId: string;
  name: string;
  /** ISO instant the windows end at. */
  now: string;
  owner: OwningTeam;
  windows: WindowMetrics[];
  activity: ActivityScore;
  /** Over the last 365 days. */
  contributorsByTeam: TeamContribution[];
  /** Human commits per week, oldest first, 52 weeks ending at `now`. */
  weekly: { weekStart: string; commits: number }[];
  /** Repos in the organisation this one consumes packages of. */
  dependencies: RepoLink[];
  /** Repos in the organisation that consume this one's packages. */
  dependents: RepoLink[];
  firstCommitAt: string | null;
  lastCommitAt: string | null;
}

/** One month of the organisation roll-up. */
export interface RollupPoint {
  /** `YYYY-MM` (UTC). */
  month: string;
  repos: number;
  reposWithOutsideContributions: number;
  shareWithOutsideContributions: number | null;
  crossTeamContributors: number;
  crossTeamReuseEdges: number;
  /**
   * Share of the repos existing that month and checked by its end that met the base standard at their latest
   * check before it ended; null when none was checked by then (or no check run was ever stored).
   */
  shareMeetingBaseStandard: number | null;
  /** Set on the month not over yet (the current one): its figures are so far, not the month's. */
  partial?: true;
}

export interface OrgRollup {
  now: string;
  /** The headline window, in days (default 90). */
  windowDays: number;
  repos: number;
  reposWithOutsideContributions: number;
  shareWithOutsideContributions: number | null;
  crossTeamContributors: number;
  reuseEdges: number;
  crossTeamReuseEdges: number;
  /** Share of the checked repos meeting the base standard at their latest check; null when none was checked. */
  shareMeetingBaseStandard: number | null;
  /** Monthly, oldest first, the last 12 months including the current one. */
  series: RollupPoint[];
  notes: string[];
}

export interface TeamSummary {
  id: string;
  name: string;
  /** Whether the config defines it (false: a CODEOWNERS handle only). */
  defined: boolean;
  handles: string[];
  /** Identities seen in commits that are (or were) members. */
  members: number;
  ownedRepos: number;
  /** Over the last 365 days: commits by members anywhere, and to repos other teams own. */
  commits: number;
  commitsToOtherTeams: number;
  /**
   * Over the last 365 days: commits to this team's repos by people outside it; null when the team has no known
   * members (nobody is "outside" a team whose members are unknown), as a repo's `outsideShare` is.
   */
  outsideCommitsReceived: number | null;
}

export interface TeamDetail extends TeamSummary {
  owns: { repoId: string; name: string; provenance: OwnerProvenance; detail: string | null }[];
  membersSeen: { identity: string; name: string; commits: number }[];
  /** Where members contribute outside the team's own repos (365 days). */
  contributesTo: {
    repoId: string;
    name: string;
    owner: string | null;
    commits: number;
    contributors: number;
  }[];
  /** Who contributes to this team's repos from outside (365 days). */
  outsideContributors: {
    identity: string;
    name: string;
    team: string | null;
    repoId: string;
    commits: number;
  }[];
}

/** Problems in the team setup that do not stop metrics (reported by `agora teams`). */
export interface TeamWarning {
  code: 'TEAM_GLOB_UNMATCHED' | 'CODEOWNERS_TEAM_UNDEFINED' | 'OWNER_UNRESOLVED';
  message: string;
  team?: string;
  member?: string;
  handle?: string;
  repos?: string[];
}

export interface ReuseNode {
  id: string;
  name: string;
  team: string | null;
  dependencies: number;
  dependents: number;
}

export interface ReuseGraph {
  nodes: ReuseNode[];
  edges: ReuseEdge[];
  /** Strongly connected groups of more than one repo (dependency cycles), each sorted. */
  cycles: string[][];
}

/** What the explore page sorts and facets by. */
export interface RepoScore {
  /** The Repository Activity Score. */
  score: number;
  outsideShare90: number | null;
  /** People outside the owning team with commits in the last 90 days. */
  outsideContributors90: number;
  team: string | null;
  provenance: OwnerProvenance;
}
