// The one interface every repository source implements (local folder, URL list, and later forges).

/** One repository as a source lists it. Forge-only fields are absent where the source has no forge. */
export interface RepoRef {
  /** Stable id across crawls: `<source name>:<path or full name>`. */
  id: string;
  /** Short display name, e.g. `payments-api`. */
  name: string;
  /** Full name where a forge has one (`org/repo`), else the name. */
  fullName: string;
  /** Name of the source that listed it (from the config). */
  source: string;
  /** Where git reads it: a local path (read in place) or a clone URL (mirrored). */
  location: { kind: 'local'; path: string } | { kind: 'remote'; url: string };
  webUrl?: string;
  defaultBranch?: string;
  description?: string;
  topics?: string[];
  archived?: boolean;
  visibility?: 'public' | 'internal' | 'private';
  /** Organisation or group the repo belongs to (used for `.github` org defaults). */
  owner?: string;
  forge?: {
    stars?: number;
    forks?: number;
    watchers?: number;
    openIssues?: number;
    createdAt?: string;
    /** Forge sources only: which forge, and its numeric id (identity across renames and transfers). */
    type?: 'github' | 'gitlab' | 'gitea';
    id?: string;
    fork?: boolean;
    pushedAt?: string | null;
    ownerLogin?: string;
    ownerAvatar?: string | null;
    /** The forge says the repository has no commits. */
    empty?: boolean;
    /** False: the forge says the repository's issues are disabled (its pull requests are still read). */
    hasIssues?: boolean;
    /** Private repos: the logins (lower-cased) the forge gives read access; absent when not read. */
    collaborators?: string[];
  };
}

/** A problem a source met while listing (an unreadable folder, a forge page that failed). */
export interface SourceProblem {
  path: string;
  code: string;
  message: string;
}

export interface ListContext {
  signal?: AbortSignal;
  /** Validators of earlier answers, for conditional requests (forge sources; kept in the store). */
  httpCache?: import('./forge/http.ts').HttpCache;
  /** A forge host makes the listing wait (rate limit, back-off), until when. */
  onWait?(wait: import('./forge/http.ts').ForgeWait): void;
  /** Called for each problem met while listing; listing goes on. */
  onProblem(problem: SourceProblem): void;
}

export interface Source {
  readonly name: string;
  readonly type: string;
  /** Lists every repository of the source. */
  list(ctx: ListContext): AsyncIterable<RepoRef>;
}
