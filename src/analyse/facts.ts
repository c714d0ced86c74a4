// The facts analysers derive from a snapshot; this is what the store keeps per repository.

export type Severity = 'error' | 'warning' | 'info';

/** Something wrong or notable about a repository's input (malformed file, unreadable object…). */
export interface Finding {
  /** Stable code, e.g. `MANIFEST_INVALID`, `SYMLINK_OUTSIDE`, `OBJECT_MISSING`. */
  code: string;
  severity: Severity;
  message: string;
  path?: string;
}

export const DOC_KINDS = [
  'readme',
  'contributing',
  'communication',
  'code_of_conduct',
  'security',
  'support',
  'changelog',
  'license',
  'issue_template',
  'pr_template',
  'codeowners',
] as const;
export type DocKind = (typeof DOC_KINDS)[number];

export interface DocFact {
  kind: DocKind;
  path: string;
  size: number;
  /** True when it comes from the organisation's `.github` repository. */
  inherited?: boolean;
}

export interface LanguageFact {
  language: string;
  bytes: number;
  files: number;
}

export type OwnerSource = 'codeowners' | 'catalog-info' | 'innersource' | 'config';

export interface OwnerFact {
  /** `@org/team`, `@user`, an email, or a Backstage ref like `group:payments`. */
  owner: string;
  kind: 'team' | 'user' | 'email' | 'group';
  source: OwnerSource;
  /** The CODEOWNERS pattern it was declared for. */
  pattern?: string;
  /** True for a rule that covers every file (`*`, `/**`). */
  catchAll: boolean;
}

export interface CiFact {
  /** e.g. `github-actions`, `gitlab-ci`, `jenkins`. */
  system: string;
  path: string;
  /** Whether the config visibly runs tests; null when it could not be read. */
  runsTests: boolean | null;
  /** The script, npm script or make target through which it runs them, when not directly. */
  via?: string;
}

export interface TestsFact {
  testFiles: number;
  testDirs: string[];
  /**
   * How the repository says its tests run: runners (`mocha`, `jest`, `pytest`…), `npm test`, `make test`,
   * `shell test suite`. Absent from facts stored before it existed.
   */
  runners?: string[];
}

export const ECOSYSTEMS = [
  'npm',
  'maven',
  'gradle',
  'go',
  'pypi',
  'cargo',
  'nuget',
  'composer',
  'rubygems',
] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

export interface PackageFact {
  ecosystem: Ecosystem;
  /** Package name as the ecosystem spells it (`@acme/ui`, `com.acme:core`, `github.com/acme/x`). */
  name: string;
  role: 'publishes' | 'consumes';
  version?: string;
  /** The manifest it was read from. */
  manifest: string;
  scope?: 'runtime' | 'dev' | 'build' | 'test' | 'optional' | 'peer';
}

/** `innersource.json`, the InnerSource Portal convention. */
export interface InnerSourceMeta {
  title?: string;
  motivation?: string;
  contributions?: string[];
  skills?: string[];
  logo?: string;
  docs?: string;
  language?: string;
  /** Labels that mark an issue as a gig in this repo, besides the organisation's (an Agora extension). */
  helpWantedLabels?: string[];
}

export type PromiseUnit = 'minutes' | 'hours' | 'business-hours' | 'days' | 'business-days' | 'weeks';

/** One promised bound on the time to first response (analyse/response-promise.ts reads it). */
export interface PromiseTerm {
  /** As stated: `2` of "2 business days" (the upper end of a range such as "1–2 days"). */
  amount: number;
  unit: PromiseUnit;
  /**
   * The bound in calendar hours, comparable with measured times: business days and hours are widened by the
   * weekends they may span (N business days → N + 2·⌈N/5⌉ calendar days; business hours count as 8 a day).
   */
  hours: number;
  /** The sentence (or innersource.json value) it was read from, at most 200 characters. */
  quote: string;
  /** The file it was read from (`CONTRIBUTING.md`, `innersource.json`…). */
  path: string;
}

/** The response time a repository promises guests, per kind of item. */
export interface ResponsePromise {
  pullRequests: PromiseTerm | null;
  issues: PromiseTerm | null;
}

/** `catalog-info.yaml`, Backstage's component descriptor. */
export interface CatalogInfo {
  name?: string;
  description?: string;
  tags?: string[];
  owner?: string;
  type?: string;
  lifecycle?: string;
  system?: string;
}

/** A project description read from a dependency manifest (package.json, pyproject.toml, Cargo.toml…). */
export interface ManifestDescription {
  path: string;
  text: string;
}

export interface RepoFacts {
  docs: DocFact[];
  languages: LanguageFact[];
  primaryLanguage: string | null;
  owners: OwnerFact[];
  ci: CiFact[];
  tests: TestsFact;
  packages: PackageFact[];
  innersource: InnerSourceMeta | null;
  catalog: CatalogInfo | null;
  readme: { path: string; text: string; truncated: boolean } | null;
  /** Container, process and deployment descriptors (Dockerfile, compose, Procfile, Helm chart…); absent in
   * facts stored before they were looked for. */
  serviceFiles?: string[];
  /** Absent in facts stored before manifests' descriptions were read. */
  manifestDescription?: ManifestDescription | null;
  /** The response time CONTRIBUTING or innersource.json promises; absent in facts stored before it was read. */
  responsePromise?: ResponsePromise | null;
  license: { path: string; spdx: string | null } | null;
  /** Files over the large-file threshold (default 5 MB). */
  largeFiles: { path: string; size: number }[];
  /** Credential-looking files in the tree (`.env`, private keys). */
  sensitiveFiles: string[];
  /** Renovate / Dependabot configuration found. */
  dependencyUpdater: string | null;
  fileCount: number;
  totalBytes: number;
  findings: Finding[];
}

/** One commit as read from `git log` (author identity already mapped by the repository's `.mailmap`). */
export interface CommitRecord {
  sha: string;
  parents: number;
  authorName: string;
  /** Lower-cased, mailmap applied. */
  authorEmail: string;
  /** Unix seconds. */
  authorTime: number;
  committerTime: number;
  filesChanged: number;
  /** Null where line counts were unavailable (binary files, or not read). */
  additions: number | null;
  deletions: number | null;
  isBot: boolean;
}
