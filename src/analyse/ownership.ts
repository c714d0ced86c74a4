// Who owns a repository, as it declares it: CODEOWNERS, Backstage's catalog-info.yaml and
// innersource.json; plus the catalog and InnerSource descriptors themselves.

import type { FileContent, Snapshot, TreeEntry } from '../snapshot/snapshot.ts';
import { CATALOG_INFO_PATHS, parseCatalogInfo } from './catalog-info.ts';
import { CODEOWNERS_PATHS, parseCodeowners } from './codeowners.ts';
import type { CatalogInfo, Finding, InnerSourceMeta, OwnerFact } from './facts.ts';
import { INNERSOURCE_PATHS, parseInnerSourceJson } from './innersource-json.ts';
import { formatBytes, unreadReason } from './limits.ts';
import { isSymlinkMode } from './paths.ts';

export interface OwnershipResult {
  owners: OwnerFact[];
  catalog: CatalogInfo | null;
  innersource: InnerSourceMeta | null;
  findings: Finding[];
}

const ALL_PATHS = new Set(
  [...CODEOWNERS_PATHS, ...CATALOG_INFO_PATHS, ...INNERSOURCE_PATHS].map((p) => p.toLowerCase()),
);

/** True for a path the ownership analyser reads (case-insensitive). */
export function isOwnershipPath(path: string): boolean {
  // Every candidate is at most one folder deep: most paths are rejected without lower-casing.
  const slash = path.indexOf('/');
  if (slash >= 0 && path.indexOf('/', slash + 1) >= 0) return false;
  return ALL_PATHS.has(path.toLowerCase());
}

/** The first of `candidates` present in the tree (case-insensitive), with its content when readable. */
function findFirst(
  snapshot: Snapshot,
  candidates: readonly string[],
  findings: Finding[],
  code: string,
): Found | null {
  const byLower = new Map<string, TreeEntry>();
  const wanted = new Set(candidates.map((c) => c.toLowerCase()));
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob' || !isOwnershipPath(entry.path)) continue;
    const lower = entry.path.toLowerCase();
    if (!wanted.has(lower)) continue;
    // A symlink has content only when the snapshot followed it to a file of the repository.
    if (isSymlinkMode(entry.mode) && !snapshot.files.has(entry.path)) {
      findings.push({
        code,
        severity: 'warning',
        message: 'is a symbolic link that does not lead to a file of the repository; not followed',
        path: entry.path,
      });
      continue;
    }
    if (!byLower.has(lower)) byLower.set(lower, entry);
  }
  for (const candidate of candidates) {
    const entry = byLower.get(candidate.toLowerCase());
    if (entry) return { path: entry.path, entry, file: snapshot.files.get(entry.path) };
  }
  return null;
}

interface Found {
  path: string;
  entry: TreeEntry;
  file: FileContent | undefined;
}

function readable(found: Found, code: string, findings: Finding[]): string | null {
  const { path, entry, file } = found;
  if (!file || file.text === null || file.binary) {
    findings.push({ code, severity: 'warning', message: `not read: ${unreadReason(entry, file)}`, path });
    return null;
  }
  if (file.truncated) {
    const read = formatBytes(Buffer.byteLength(file.text));
    findings.push({
      code,
      severity: 'warning',
      message: `too large: only the first ${read} of its ${formatBytes(file.size)} were read (crawl.maxFileBytes)`,
      path,
    });
    // CODEOWNERS is line-based, so what was read still counts; JSON and YAML would not parse.
    return code === 'CODEOWNERS_INVALID' ? file.text.slice(0, file.text.lastIndexOf('\n') + 1) : null;
  }
  return file.text;
}

/** Reads the ownership declarations of a snapshot. */
export function analyseOwnership(snapshot: Snapshot): OwnershipResult {
  const findings: Finding[] = [];
  const owners: OwnerFact[] = [];
  let catalog: CatalogInfo | null = null;
  let innersource: InnerSourceMeta | null = null;

  const codeowners = findFirst(snapshot, CODEOWNERS_PATHS, findings, 'CODEOWNERS_INVALID');
  if (codeowners) {
    const text = readable(codeowners, 'CODEOWNERS_INVALID', findings);
    if (text !== null) {
      const result = parseCodeowners(text, codeowners.path);
      owners.push(...result.owners);
      findings.push(...result.findings);
    }
  }
  const catalogFile = findFirst(snapshot, CATALOG_INFO_PATHS, findings, 'CATALOG_INFO_INVALID');
  if (catalogFile) {
    const text = readable(catalogFile, 'CATALOG_INFO_INVALID', findings);
    if (text !== null) {
      const result = parseCatalogInfo(text, catalogFile.path);
      catalog = result.catalog;
      owners.push(...result.owners);
      findings.push(...result.findings);
    }
  }
  const innersourceFile = findFirst(snapshot, INNERSOURCE_PATHS, findings, 'INNERSOURCE_JSON_INVALID');
  if (innersourceFile) {
    const text = readable(innersourceFile, 'INNERSOURCE_JSON_INVALID', findings);
    if (text !== null) {
      const result = parseInnerSourceJson(text, innersourceFile.path);
      innersource = result.meta;
      owners.push(...result.owners);
      findings.push(...result.findings);
    }
  }
  return { owners, catalog, innersource, findings };
}
