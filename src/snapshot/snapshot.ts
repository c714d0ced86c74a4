// The Snapshot: what the crawler read of one repository at its HEAD, handed to the pure analysers.

/** One entry of the HEAD tree (`git ls-tree -r -l -z`). Symlinks have mode 120000, submodules type `commit`. */
export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  oid: string;
  /** Blob size in bytes; null for submodules, or where the size could not be read. */
  size: number | null;
}

/** Contents of one file that matters (README, manifests, CODEOWNERS…), capped in bytes. */
export interface FileContent {
  path: string;
  /** Full size of the blob in bytes. */
  size: number;
  /** UTF-8 text (invalid sequences replaced), or null when binary, unreadable or skipped. */
  text: string | null;
  binary: boolean;
  /** True when only the first `cap` bytes were kept. */
  truncated: boolean;
  /** The bytes, base64-encoded, of a complete binary file the crawl keeps (README images). */
  base64?: string;
}

export interface Snapshot {
  repoId: string;
  name: string;
  /** HEAD commit sha; null for a repository with no commits. */
  head: string | null;
  tree: TreeEntry[];
  /** Contents of the files `isWantedFile` selected, keyed by path. */
  files: Map<string, FileContent>;
  description?: string;
  topics?: string[];
}

/** Builds an in-memory snapshot from a file map; for unit tests of analysers and checks. */
export function snapshotFromFiles(
  files: Record<string, string>,
  extra: Partial<Omit<Snapshot, 'tree' | 'files'>> = {},
): Snapshot {
  const tree: TreeEntry[] = [];
  const contents = new Map<string, FileContent>();
  for (const [path, text] of Object.entries(files)) {
    const size = Buffer.byteLength(text);
    tree.push({ path, mode: '100644', type: 'blob', oid: '0'.repeat(40), size });
    contents.set(path, { path, size, text, binary: false, truncated: false });
  }
  return { repoId: 'test:repo', name: 'repo', head: 'f'.repeat(40), tree, files: contents, ...extra };
}
