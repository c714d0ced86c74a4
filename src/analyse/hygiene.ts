// Repository hygiene: files over the large-file threshold, credential-looking files committed to the
// tree, and which dependency updater (Renovate, Dependabot) is configured.

import type { Snapshot } from '../snapshot/snapshot.ts';
import { isRecord } from './manifests/common.ts';
import { baseName, isSymlinkMode } from './paths.ts';

export const DEFAULT_LARGE_FILE_BYTES = 5_000_000;

// Names that hold secrets whatever their content. `.pem` is judged separately (certificates are public).
const SENSITIVE_NAMES: RegExp[] = [
  /^\.env$/,
  /^\.env\.(?!(example|sample|template|dist|defaults|schema)$)[^/]+$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)$/,
  /\.(p12|pfx|key|keystore|jks|ppk|kdbx|tfstate)$/i,
  /^credentials\.json$/i,
  /^client_secrets?\.json$/i,
  /^service[-_]account[\w-]*\.json$/i,
  /^\.(netrc|pgpass|htpasswd|git-credentials)$/,
  /^secrets?\.(ya?ml|json)$/i,
];

const UPDATERS: [string, RegExp][] = [
  ['renovate', /^(?:\.github\/|\.gitlab\/)?(?:renovate\.json5?|\.renovaterc(?:\.json5?)?)$/],
  ['dependabot', /^\.github\/dependabot\.ya?ml$/],
];

/** The updater a path configures (`renovate`, `dependabot`), or null. */
export function updaterOf(path: string): string | null {
  if (path.indexOf('/') !== path.lastIndexOf('/')) return null;
  for (const [name, re] of UPDATERS) if (re.test(path)) return name;
  return null;
}

function isSensitive(snapshot: Snapshot, path: string): boolean {
  const base = baseName(path);
  if (SENSITIVE_NAMES.some((re) => re.test(base))) return true;
  if (!/\.pem$/i.test(base)) return false;
  const text = snapshot.files.get(path)?.text;
  // Without the content (Agora does not read `.pem` files, to keep keys out of its store) the name decides.
  if (text) return /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/.test(text);
  return /(key|private|secret)/i.test(base);
}

export interface HygieneResult {
  largeFiles: { path: string; size: number }[];
  sensitiveFiles: string[];
  dependencyUpdater: string | null;
}

/** Large files (largest first), sensitive files and the configured dependency updater. */
export function analyseHygiene(snapshot: Snapshot, largeFileBytes = DEFAULT_LARGE_FILE_BYTES): HygieneResult {
  const largeFiles: HygieneResult['largeFiles'] = [];
  const sensitiveFiles: string[] = [];
  let dependencyUpdater: string | null = null;
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob') continue;
    if (entry.size !== null && entry.size > largeFileBytes)
      largeFiles.push({ path: entry.path, size: entry.size });
    if (!isSymlinkMode(entry.mode) && isSensitive(snapshot, entry.path)) sensitiveFiles.push(entry.path);
    dependencyUpdater ??= updaterOf(entry.path);
  }
  // Renovate may also be configured inside package.json.
  if (!dependencyUpdater) {
    const pkg = snapshot.files.get('package.json');
    if (pkg?.text && !pkg.truncated && pkg.text.includes('"renovate"')) {
      try {
        const json: unknown = JSON.parse(pkg.text);
        if (isRecord(json) && isRecord(json.renovate)) dependencyUpdater = 'renovate';
      } catch {
        // The manifest reader reports a malformed package.json.
      }
    }
  }
  largeFiles.sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1));
  return {
    largeFiles: largeFiles.slice(0, 1000),
    sensitiveFiles: sensitiveFiles.sort().slice(0, 1000),
    dependencyUpdater,
  };
}
