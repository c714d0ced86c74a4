// Files that say a repository runs as a service (a container image, a process manifest, a deployment chart),
// so exports can tell a library (publishes a package, runs nothing) from a service.

import type { Snapshot } from '../snapshot/snapshot.ts';
import { baseName, depthOf, isSymlinkMode } from './paths.ts';
import { isVendoredPath } from './vendor.ts';

const SERVICE_FILE =
  /^(Dockerfile([.-].+)?|.+\.Dockerfile|Containerfile|(docker-)?compose(\.[\w-]+)?\.ya?ml|Procfile|fly\.toml|serverless\.ya?ml|Chart\.yaml|skaffold\.yaml|app\.yaml|kustomization\.ya?ml)$/;
/** Deeper than this, a Dockerfile is a test fixture or an example more often than the repo's own. */
const MAX_DEPTH = 3;
const MAX_LISTED = 20;

/** The service descriptors of the tree (at most 20, shallowest first). */
export function serviceFiles(snapshot: Snapshot): string[] {
  const found: string[] = [];
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob' || isSymlinkMode(entry.mode)) continue;
    if (depthOf(entry.path) > MAX_DEPTH || isVendoredPath(entry.path)) continue;
    if (/(^|\/)(test|tests|spec|fixtures?|examples?|docs?)\//i.test(entry.path)) continue;
    if (SERVICE_FILE.test(baseName(entry.path))) found.push(entry.path);
  }
  return found.sort((a, b) => depthOf(a) - depthOf(b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, MAX_LISTED);
}
