// Builds check subjects from the store: stored facts plus the stored file contents, without re-crawling.
// The tree's full path list is not stored, so rules that need it report not-evaluated.

import { dirname } from 'node:path';
import type { RepoFacts } from '../analyse/facts.ts';
import type { FileContent } from '../snapshot/snapshot.ts';
import type { CheckableRepo } from '../store/queries/checks.ts';
import type { CheckSubject } from './subject.ts';

function withFindings(facts: Omit<RepoFacts, 'findings'>): RepoFacts {
  return { ...facts, findings: [] };
}

/** The organisation-defaults repo that applies to a repo: same org, or (without orgs) the same source and parent folder. */
export function orgDefaultsFor(
  repo: CheckableRepo,
  candidates: readonly CheckableRepo[],
): CheckableRepo | null {
  if (repo.name === '.github') return null;
  for (const c of candidates) {
    if (repo.org && c.org && repo.org.toLowerCase() === c.org.toLowerCase()) return c;
    if (!repo.org && !c.org && c.source === repo.source && dirname(c.fullName) === dirname(repo.fullName))
      return c;
  }
  return null;
}

/** A subject for a stored repo, or null when it was never crawled successfully (no facts). */
export function subjectFromStored(
  repo: CheckableRepo,
  files: Map<string, FileContent>,
  org?: { repo: CheckableRepo; files: Map<string, FileContent> } | null,
): CheckSubject | null {
  if (!repo.facts) return null;
  const subject: CheckSubject = {
    repo: {
      id: repo.id,
      name: repo.name,
      description: repo.description,
      topics: repo.topics,
      lastCommitAt: repo.lastCommitAt,
      org: repo.org,
    },
    facts: withFindings(repo.facts),
    files,
    paths: null,
  };
  if (org?.repo.facts) subject.inherited = { files: org.files, facts: withFindings(org.repo.facts) };
  return subject;
}
