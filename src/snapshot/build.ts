// Builds the Snapshot of a repository's HEAD: the tree listing plus the capped contents of the files that
// matter, read through ONE `git cat-file` process. A wanted symlink is followed through the tree (git objects
// only, never the file system) when it lands on a file inside the repository (axum's `README.md` is a link to
// `axum/README.md`); damage (missing objects, links leaving the repository or going nowhere) becomes findings.

import { posix } from 'node:path';
import type { Finding } from '../analyse/facts.ts';
import { formatBytes } from '../analyse/limits.ts';
import { depthOf } from '../analyse/paths.ts';
import { AgoraError } from '../errors.ts';
import { runGit } from '../git/exec.ts';
import { CatFileReader } from '../git/parse/cat-file.ts';
import { listTree } from '../git/parse/ls-tree.ts';
import type { FileContent, Snapshot, TreeEntry } from './snapshot.ts';

export interface BuildSnapshotInput {
  repoId: string;
  name: string;
  gitDir: string;
  head: string;
  /** Which files to read; `size` is null while unknown (blobless mirrors, before their blobs are fetched). */
  isWanted: (path: string, size: number | null) => boolean;
  /** Optional final choice among the wanted files (e.g. a cap on manifests per repo); symlinks never reach it. */
  select?: (tree: readonly TreeEntry[]) => TreeEntry[];
  /** Binary files whose bytes are kept (base64) when read whole, e.g. images a README shows. */
  keepBinary?: (path: string) => boolean;
  maxFileBytes: number;
  /** Cap on the bytes read from all files of the repository together (default DEFAULT_MAX_SNAPSHOT_BYTES). */
  maxTotalBytes?: number;
  timeoutMs: number;
  /** A blobless mirror: list without sizes and fetch the wanted blobs in one batch first. */
  blobless?: boolean;
  /** Clone URL with credentials, for the blob prefetch of a blobless mirror (default: the mirror's origin). */
  url?: string;
}

export interface BuildSnapshotResult {
  snapshot: Snapshot;
  findings: Finding[];
}

/** What one repository's wanted files may add up to: 300 manifests of 1 MB each must not all be kept. */
export const DEFAULT_MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

/** How far into a file to look for a NUL byte when deciding it is binary (git's own heuristic). */
export const BINARY_SNIFF_BYTES = 8000;
const SYMLINK_MODE = '120000';
const SYMLINK_CAP = 4096;
/** Links followed in a row before giving up (a loop, or a chain no real repository needs). */
const MAX_LINK_HOPS = 8;

/** True when the bytes look binary: a NUL within the first 8000 bytes. */
export function looksBinary(content: Buffer): boolean {
  return content.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** UTF-8 text with invalid sequences replaced; a truncated tail's partial character is dropped. */
export function decodeText(content: Buffer, truncated: boolean): string {
  let end = content.length;
  if (truncated) {
    // Back up over a multi-byte sequence the cap cut in half, rather than end on a replacement character.
    let i = end - 1;
    let continuation = 0;
    while (i >= 0 && continuation < 3 && (content[i] & 0xc0) === 0x80) {
      i--;
      continuation++;
    }
    if (i >= 0) {
      const lead = content[i];
      const need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
      if (need > continuation) end = i;
    }
  }
  return decoder.decode(content.subarray(0, end));
}

/** Where a symlink points, relative to the repository root; null when it leaves the repository. */
export function symlinkTargetInRepo(linkPath: string, target: string): string | null {
  if (target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target) || target.includes('\0')) return null;
  const resolved = posix.normalize(posix.join(posix.dirname(linkPath), target));
  if (resolved === '..' || resolved.startsWith('../') || resolved.startsWith('/')) return null;
  return resolved;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Lists HEAD's tree and reads the wanted files; never throws for damaged repositories, only for time-outs. */
export async function buildSnapshot(input: BuildSnapshotInput): Promise<BuildSnapshotResult> {
  const { gitDir, head, timeoutMs } = input;
  const findings: Finding[] = [];
  const tree: TreeEntry[] = [];
  try {
    for await (const entry of listTree(gitDir, head, {
      sizes: !input.blobless,
      timeoutMs,
      onMalformed: () =>
        findings.push({
          code: 'TREE_MALFORMED',
          severity: 'warning',
          message: 'an unreadable tree entry was skipped',
        }),
    })) {
      tree.push(entry);
    }
  } catch (err) {
    if (err instanceof AgoraError && err.code === 'GIT_TIMEOUT') throw err;
    findings.push({
      code: 'TREE_INCOMPLETE',
      severity: 'warning',
      message: `the file tree could only be read in part (${tree.length} entries): ${errorText(err)}`,
    });
  }

  const isFile = (e: TreeEntry) => e.type === 'blob' && e.mode !== SYMLINK_MODE;
  // Blobs a blobless mirror still lacks: asking cat-file for one would end that process.
  const absent = input.blobless ? await fillBloblessSizes(input, tree, findings) : new Set<string>();

  const chosen = input.select ? new Set(input.select(tree).map((e) => e.path)) : null;
  const files = new Map<string, FileContent>();
  const reader = new CatFileReader(gitDir, { timeoutMs });
  // Wanted links, each to the file it lands on; links that land nowhere are findings already.
  let followed = new Map<string, TreeEntry>();
  try {
    followed = await followSymlinks(input, reader, tree, absent, findings);
  } catch (err) {
    await reader.close();
    throw err;
  }
  // The byte budget goes to shallow files first, so the root's README and descriptors are always read. A
  // followed link counts as the file it lands on.
  const maxTotal = input.maxTotalBytes ?? DEFAULT_MAX_SNAPSHOT_BYTES;
  const overBudget = new Set<string>();
  let total = 0;
  const sizeOf = (e: TreeEntry) => (isFile(e) ? e.size : (followed.get(e.path)?.size ?? null));
  const candidates = tree.filter((e) =>
    isFile(e) ? input.isWanted(e.path, e.size) && (!chosen || chosen.has(e.path)) : followed.has(e.path),
  );
  candidates.sort((a, b) => depthOf(a.path) - depthOf(b.path));
  for (const entry of candidates) {
    if (total >= maxTotal) overBudget.add(entry.path);
    else total += Math.min(sizeOf(entry) ?? input.maxFileBytes, input.maxFileBytes);
  }
  try {
    for (const entry of tree) {
      if (entry.type !== 'blob') continue; // submodules are listed, never entered
      if (!input.isWanted(entry.path, entry.size)) continue;
      // A followed link is read as the file it lands on, under its own path.
      const target = isFile(entry) ? entry : followed.get(entry.path);
      if (!target) continue;
      if (chosen && !chosen.has(entry.path) && target === entry) continue;
      if (overBudget.has(entry.path)) continue;
      const got = absent.has(target.oid)
        ? { missing: true, size: null, content: Buffer.alloc(0), truncated: false }
        : await reader.read(target.oid, input.maxFileBytes, target.size);
      if (got.missing || got.size === null) {
        findings.push({
          code: 'OBJECT_MISSING',
          severity: 'warning',
          message: `the content of this file could not be read (object ${target.oid} is missing)`,
          path: entry.path,
        });
        continue;
      }
      if (target.size === null) target.size = got.size;
      const binary = looksBinary(got.content);
      files.set(entry.path, {
        path: entry.path,
        size: got.size,
        text: binary ? null : decodeText(got.content, got.truncated),
        binary,
        truncated: got.truncated,
        ...(binary && !got.truncated && input.keepBinary?.(entry.path)
          ? { base64: got.content.toString('base64') }
          : {}),
      });
    }
  } finally {
    await reader.close();
  }
  if (overBudget.size > 0) {
    const first = [...overBudget][0];
    findings.push({
      code: 'SNAPSHOT_LIMIT',
      severity: 'warning',
      message: `${overBudget.size} wanted file(s) not read: the files read already came to ${formatBytes(total)}, over the limit of ${formatBytes(maxTotal)} per repository, e.g. ${first}`,
      path: first,
    });
  }
  return { snapshot: { repoId: input.repoId, name: input.name, head, tree, files }, findings };
}

/**
 * Follows each wanted symlink through the tree to the file it lands on (at most MAX_LINK_HOPS links in a row);
 * only git objects are read, so a link can reach nothing but this commit's files. A link out of the repository,
 * to a folder, to nothing or round in a loop is a finding and is not read. On a blobless mirror, the blobs of
 * the files landed on are fetched in one batch.
 */
async function followSymlinks(
  input: BuildSnapshotInput,
  reader: CatFileReader,
  tree: readonly TreeEntry[],
  absent: Set<string>,
  findings: Finding[],
): Promise<Map<string, TreeEntry>> {
  const links = tree.filter(
    (e) => e.type === 'blob' && e.mode === SYMLINK_MODE && input.isWanted(e.path, e.size),
  );
  const followed = new Map<string, TreeEntry>();
  if (links.length === 0) return followed;
  const byPath = new Map(tree.map((e) => [e.path, e]));
  const skipped = (link: TreeEntry, message: string) =>
    findings.push({ code: 'SYMLINK_SKIPPED', severity: 'info', message, path: link.path });
  for (const link of links) {
    let at = link;
    for (let hop = 0; ; hop++) {
      if (hop === MAX_LINK_HOPS) {
        skipped(link, `more than ${MAX_LINK_HOPS} symlinks in a row (a loop?); not followed`);
        break;
      }
      // The link's own blob is its target text.
      const got = absent.has(at.oid) ? null : await reader.read(at.oid, SYMLINK_CAP);
      if (!got || got.missing) {
        skipped(link, 'symlink whose target could not be read; not followed');
        break;
      }
      const text = got.content.toString('utf8');
      const inside = symlinkTargetInRepo(at.path, text);
      if (inside === null) {
        findings.push({
          code: 'SYMLINK_OUTSIDE',
          severity: 'warning',
          message: `symlink points outside the repository (${JSON.stringify(text)}); not followed`,
          path: link.path,
        });
        break;
      }
      const next = byPath.get(inside);
      if (next?.type !== 'blob') {
        skipped(link, `symlink to ${inside}, which is not a file of this commit; not followed`);
        break;
      }
      if (next.mode !== SYMLINK_MODE) {
        followed.set(link.path, next);
        break;
      }
      at = next;
    }
  }
  const toFetch = [...new Set([...followed.values()].filter((e) => absent.has(e.oid)).map((e) => e.oid))];
  await fetchBlobs(input, toFetch, absent, findings, 'files that symlinks point to');
  return followed;
}

/**
 * Fetches the blobs a blobless mirror lacks in one batch and takes them off `missing`; a failure is one
 * finding (`what` names the files), a time-out ends the snapshot.
 */
async function fetchBlobs(
  input: BuildSnapshotInput,
  oids: string[],
  missing: Set<string>,
  findings: Finding[],
  what: string,
): Promise<void> {
  if (oids.length === 0) return;
  const { prefetchBlobs } = await import('../git/mirror.ts');
  try {
    await prefetchBlobs(input.gitDir, oids, { timeoutMs: input.timeoutMs, url: input.url });
    for (const oid of oids) missing.delete(oid);
  } catch (err) {
    if (err instanceof AgoraError && err.code === 'GIT_TIMEOUT') throw err;
    findings.push({
      code: 'BLOB_FETCH_FAILED',
      severity: 'warning',
      message: `${oids.length} ${what} could not be fetched: ${errorText(err)}`,
    });
  }
}

/**
 * Blobless mirror: find the blobs the mirror lacks, fetch the wanted ones in one batch, then read the sizes of
 * every blob present with one `cat-file --batch-check`. Blobs still absent keep size null.
 */
async function fillBloblessSizes(
  input: BuildSnapshotInput,
  tree: TreeEntry[],
  findings: Finding[],
): Promise<Set<string>> {
  const { gitDir, head, timeoutMs } = input;
  // Loaded for blobless mirrors only (it loads node:crypto, which a crawl of local repos need not pay for).
  const { missingObjects } = await import('../git/mirror.ts');
  let missing: Set<string>;
  try {
    missing = await missingObjects(gitDir, head, { timeoutMs });
  } catch (err) {
    if (err instanceof AgoraError && err.code === 'GIT_TIMEOUT') throw err;
    findings.push({
      code: 'OBJECT_MISSING',
      severity: 'warning',
      message: `objects could not be listed: ${errorText(err)}`,
    });
    return new Set(tree.map((e) => e.oid));
  }
  const toFetch = tree
    .filter((e) => e.type === 'blob' && missing.has(e.oid) && input.isWanted(e.path, null))
    .map((e) => e.oid);
  await fetchBlobs(input, toFetch, missing, findings, 'wanted files');
  const present = [
    ...new Set(tree.filter((e) => e.type === 'blob' && !missing.has(e.oid)).map((e) => e.oid)),
  ];
  if (present.length === 0) return missing;
  let stdout: Buffer;
  try {
    ({ stdout } = await runGit(['cat-file', '--batch-check=%(objectname) %(objectsize)', '--buffer'], {
      gitDir,
      input: present.join('\n') + '\n',
      timeoutMs,
    }));
  } catch (err) {
    if (err instanceof AgoraError && err.code === 'GIT_TIMEOUT') throw err;
    findings.push({
      code: 'OBJECT_MISSING',
      severity: 'warning',
      message: `blob sizes could not be read: ${errorText(err)}`,
    });
    return missing;
  }
  const sizes = new Map<string, number>();
  for (const line of stdout.toString('latin1').split('\n')) {
    const [oid, size] = line.split(' ');
    if (oid && /^\d+$/.test(size ?? '')) sizes.set(oid, Number(size));
  }
  for (const entry of tree) {
    if (entry.type === 'blob' && entry.size === null) entry.size = sizes.get(entry.oid) ?? null;
  }
  return missing;
}
