// Decides which files' contents the snapshot builder reads: documents, ownership and project
// descriptors, CI configs and the scripts and Makefile they call, dependency manifests, `.gitattributes`,
// `.mailmap`, updater configs.

import type { TreeEntry } from '../snapshot/snapshot.ts';
import { ciSystemOf, isCiScriptPath, MAX_CI_SCRIPTS } from './ci.ts';
import { docKindOf } from './docs.ts';
import { updaterOf } from './hygiene.ts';
import { type AnalysisLimits, DEFAULT_LIMITS, MAX_WANTED_BYTES } from './limits.ts';
import { isOwnershipPath } from './ownership.ts';
import { isManifestHelperPath, isManifestPath } from './packages.ts';
import { baseName, depthOf, isSymlinkMode } from './paths.ts';
import { MAKEFILES } from './tests.ts';
import { isVendoredPath } from './vendor.ts';

/** Images a README may show (kept so the portal can serve them), at most this big and this many per repo. */
export const MAX_IMAGE_BYTES = 512 * 1024;
export const MAX_IMAGES = 20;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|svg|avif)$/i;

/** True for a documentation image the portal may need: shallow, not vendored, by extension. */
export function isImageFile(path: string): boolean {
  return IMAGE_EXTENSIONS.test(path) && depthOf(path) <= 3 && !isVendoredPath(path);
}

/** True when the analysers need this file's content. `size` null (unknown) does not exclude a file. */
export function isWantedFile(path: string, size: number | null): boolean {
  if (size !== null && size > MAX_WANTED_BYTES) return false;
  if (isImageFile(path)) return size === null || size <= MAX_IMAGE_BYTES;
  if (docKindOf(path)) return true;
  if (isOwnershipPath(path)) return true;
  if (path === '.mailmap') return true;
  if (ciSystemOf(path)) return true;
  // What CI may call, and what tells how tests run: the root Makefile, CI scripts.
  if (MAKEFILES.has(path) || isCiScriptPath(path)) return true;
  if (updaterOf(path)) return true;
  if (baseName(path) === '.gitattributes') return depthOf(path) <= 4 && !isVendoredPath(path);
  return isManifestPath(path) || isManifestHelperPath(path);
}

/**
 * The tree entries to read: wanted blobs, never symlinks or submodules, with at most `maxManifests`
 * manifests (the shallowest first, since a monorepo's root manifests matter most).
 */
export function selectWantedFiles(
  tree: readonly TreeEntry[],
  limits: Pick<AnalysisLimits, 'maxManifests'> = DEFAULT_LIMITS,
): TreeEntry[] {
  const chosen: TreeEntry[] = [];
  const manifests: TreeEntry[] = [];
  const images: TreeEntry[] = [];
  const scripts: TreeEntry[] = [];
  for (const entry of tree) {
    if (entry.type !== 'blob' || isSymlinkMode(entry.mode) || !isWantedFile(entry.path, entry.size)) continue;
    if (isManifestPath(entry.path)) manifests.push(entry);
    else if (isCiScriptPath(entry.path) && !ciSystemOf(entry.path)) scripts.push(entry);
    else if (isImageFile(entry.path)) images.push(entry);
    else chosen.push(entry);
  }
  manifests.sort(
    (a, b) => depthOf(a.path) - depthOf(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
  );
  const shallowFirst = (a: TreeEntry, b: TreeEntry) =>
    depthOf(a.path) - depthOf(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  images.sort(shallowFirst);
  scripts.sort(shallowFirst);
  return chosen.concat(
    manifests.slice(0, limits.maxManifests),
    images.slice(0, MAX_IMAGES),
    scripts.slice(0, MAX_CI_SCRIPTS),
  );
}
