// What a rule looks at: one repository's facts, the contents of the files that matter, its tree paths when
// known, and (optionally) the organisation's `.github` repository whose files count as defaults.

import type { RepoFacts } from '../analyse/facts.ts';
import type { FileContent } from '../snapshot/snapshot.ts';

export interface CheckRepo {
  id: string;
  name: string;
  description?: string | null;
  topics?: string[];
  /** Unix seconds of the newest commit, when known. */
  lastCommitAt?: number | null;
  org?: string | null;
}

/** A measured distribution of first-response times (the shape of metrics/forge-item-types.ts DurationStats). */
export interface MeasuredResponse {
  /** Items with a measured first response. */
  answered: number;
  /** Items still open without one: they count with their age (a lower bound). */
  censored: number;
  p90Hours: number | null;
}

/** What the forge shows of a repository's responsiveness to guests (outside-team items), when it was read. */
export interface SubjectResponsiveness {
  /** The window measured, in days up to the evaluation. */
  days: number;
  /** False when item ingestion never ran for the repo: nothing is known. */
  ingested: boolean;
  outsidePrFirstResponse: MeasuredResponse;
  outsideIssueFirstResponse: MeasuredResponse;
}

export interface CheckSubject {
  repo: CheckRepo;
  facts: RepoFacts;
  /** Contents of the files that matter, keyed by repository-relative path. */
  files: Map<string, FileContent>;
  /** Every file path of the tree when known (working trees); null for stored repos, which keep only some files. */
  paths: string[] | null;
  /** The organisation's `.github` repository: its files count where the repo lacks its own (never the licence). */
  inherited?: { files: Map<string, FileContent>; facts: RepoFacts };
  /** Forge issue and PR numbers, for rules comparing promise and practice; absent without a forge. */
  responsiveness?: SubjectResponsiveness | null;
}

/** The text of a file of the subject, or null when absent, binary or unread. */
export function textOf(subject: { files: Map<string, FileContent> }, path: string): string | null {
  const f = subject.files.get(path);
  if (!f || f.binary) return null;
  return f.text;
}
