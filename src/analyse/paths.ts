// Small path helpers shared by the analysers: tree paths are always `/`-separated and relative to the repo root.

/** The last segment of a path. */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** Everything before the last segment, '' for a root-level path. */
export function dirName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The lower-cased extension without its dot ('' when none); `.bashrc` has none. */
export function extName(path: string): string {
  const base = baseName(path);
  const i = base.lastIndexOf('.');
  return i <= 0 ? '' : base.slice(i + 1).toLowerCase();
}

/** Number of folders above the file: `a.txt` is 0, `x/y/a.txt` is 2. */
export function depthOf(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) n++;
  return n;
}

/** Folders where community-health documents are looked for (GitHub and GitLab conventions). */
export const DOC_DIRS = ['', '.github', 'docs', '.gitlab'] as const;

/** Rank of a document's folder: root first, then `.github`, `docs`, `.gitlab`; -1 when elsewhere. */
export function docDirRank(path: string): number {
  const dir = dirName(path).toLowerCase();
  return (DOC_DIRS as readonly string[]).indexOf(dir);
}

/** True for a tree entry that is a symbolic link (the snapshot reads one only as the file of the repository it leads to). */
export function isSymlinkMode(mode: string): boolean {
  return mode === '120000';
}
