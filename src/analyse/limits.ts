// The size limits on what the snapshot reads of a repository, and how an analyser names the reason a
// file it needs has no content (too large, binary, or missing from the mirror).

import type { FileContent, TreeEntry } from '../snapshot/snapshot.ts';

/** Files larger than this are never fetched for their content (a blobless mirror would fetch them whole). */
export const MAX_WANTED_BYTES = 4 * 1024 * 1024;

/** Per-repository caps on what the analysers keep; each one hit becomes a finding naming it. */
export interface AnalysisLimits {
  /** Dependency manifests read per repository (the shallowest first): `crawl.maxManifests`. */
  maxManifests: number;
  /** Packages kept from one manifest: `crawl.maxDependenciesPerManifest`. */
  maxDependenciesPerManifest: number;
  /** Size of a repository's facts as JSON: `crawl.maxFactsBytes`. */
  maxFactsBytes: number;
}

export const DEFAULT_LIMITS: AnalysisLimits = {
  maxManifests: 300,
  maxDependenciesPerManifest: 2000,
  maxFactsBytes: 4 * 1024 * 1024,
};

/** A count for messages: `40,000`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A byte count for messages: `50.0 MB`, `512 KB`, `900 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** Why a wanted file has no readable text, for a finding: names the limit when size was the reason. */
export function unreadReason(
  entry: Pick<TreeEntry, 'size'> | undefined,
  file: FileContent | undefined,
): string {
  const size = file?.size ?? entry?.size ?? null;
  if (!file && size !== null && size > MAX_WANTED_BYTES) {
    return `too large to read: ${formatBytes(size)}, over the ${formatBytes(MAX_WANTED_BYTES)} limit on files Agora reads`;
  }
  if (file?.binary) return 'binary content, not text';
  return 'its content could not be read (missing from the mirror, or not fetched)';
}
