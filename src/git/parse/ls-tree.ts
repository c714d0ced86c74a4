// Streaming parser of `git ls-tree -r -z --full-tree [-l] <sha>`: one TreeEntry per record, never holding the
// whole listing as text. The size-less form is for blobless mirrors, where `-l` would need every blob.

import type { TreeEntry } from '../../snapshot/snapshot.ts';
import { type GitOptions, splitRecords, streamGit } from '../exec.ts';

const TYPES = new Set(['blob', 'tree', 'commit']);

/**
 * Parses one NUL-terminated record (`<mode> SP <type> SP <oid> [SP* <size>] TAB <path>`); null if malformed.
 * Paths are decoded as UTF-8 with replacement; `rawPath` keeps the bytes.
 */
export function parseTreeRecord(record: Buffer, withSize: boolean): (TreeEntry & { rawPath: Buffer }) | null {
  const tab = record.indexOf(0x09);
  if (tab < 0) return null;
  const meta = record.toString('latin1', 0, tab);
  const rawPath = record.subarray(tab + 1);
  const sp1 = meta.indexOf(' ');
  const sp2 = meta.indexOf(' ', sp1 + 1);
  if (sp1 < 0 || sp2 < 0) return null;
  const mode = meta.slice(0, sp1);
  const type = meta.slice(sp1 + 1, sp2);
  if (!TYPES.has(type)) return null;
  let oid: string;
  let size: number | null = null;
  if (withSize) {
    const sp3 = meta.indexOf(' ', sp2 + 1);
    if (sp3 < 0) return null;
    oid = meta.slice(sp2 + 1, sp3);
    // Right-aligned; `-` for submodules, `BAD` where the blob is missing.
    const text = meta.slice(sp3 + 1).trim();
    size = /^\d+$/.test(text) ? Number(text) : null;
  } else {
    oid = meta.slice(sp2 + 1);
  }
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(oid)) return null;
  return { path: rawPath.toString('utf8'), rawPath, mode, type: type as TreeEntry['type'], oid, size };
}

export interface ListTreeOptions extends Pick<GitOptions, 'timeoutMs'> {
  /** Ask git for blob sizes (`-l`); false on blobless mirrors, where sizes need the blobs. */
  sizes: boolean;
  /** Called for each record that could not be parsed (should not happen; kept rather than thrown). */
  onMalformed?: (record: Buffer) => void;
}

/**
 * Streams the recursive listing of a commit's tree. Submodules appear as `commit` entries. If git fails
 * part-way (a missing tree object) the entries read so far have been yielded and the iterator throws.
 */
export async function* listTree(
  gitDir: string,
  rev: string,
  opts: ListTreeOptions,
): AsyncGenerator<TreeEntry> {
  const args = ['ls-tree', '-r', '-z', '--full-tree', ...(opts.sizes ? ['-l'] : []), '--end-of-options', rev];
  const git = streamGit(args, { gitDir, timeoutMs: opts.timeoutMs });
  let finished = false;
  try {
    for await (const record of splitRecords(git.stdout, 0)) {
      if (record.length === 0) continue;
      const entry = parseTreeRecord(record, opts.sizes);
      if (!entry) {
        opts.onMalformed?.(record);
        continue;
      }
      yield { path: entry.path, mode: entry.mode, type: entry.type, oid: entry.oid, size: entry.size };
    }
    finished = true;
  } finally {
    // The consumer stopped early: nothing more is wanted from git.
    if (!finished) git.kill();
  }
  await git.done;
}
