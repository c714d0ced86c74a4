// Linguist-style conventions for paths that are not the repository's own code: vendored copies,
// generated output and documentation. Used by the language statistics, test and hygiene analysers.

// Folders holding third-party code or build output, at any depth (after GitHub Linguist's vendor.yml).
const VENDORED_DIR = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'vendors',
  '_vendor',
  'third_party',
  'third-party',
  'thirdparty',
  '3rdparty',
  '3rd_party',
  '3rd-party',
  'extern',
  'external',
  'externals',
  'dist',
  'cache',
  '.yarn',
  '.pnpm-store',
  '.venv',
  'venv',
  'site-packages',
  '__pypackages__',
  'bower',
  'Pods',
  'Carthage',
  '.git',
]);

const VENDORED_FILE = [
  /(^|\/)Godeps\/_workspace\//,
  /^[Dd]ependencies\//,
  /^deps\//,
  /^debian\//,
  /(^|\/)gradle\/wrapper\//,
  /(^|\/)\.mvn\/wrapper\//,
  /(^|\/)(gradlew|gradlew\.bat|mvnw|mvnw\.cmd)$/,
  /(^|\/)(configure|config\.guess|config\.sub)$/,
  /(^|\/)(aclocal|libtool|ltoptions|ltsugar|ltversion)\.m4$/,
  /[.-]min\.(js|css|mjs)$/,
  /\.d\.ts$/,
  /(^|\/)jquery([^./]*)(\.[^/]*)?\.js$/,
  /(^|\/)bootstrap([^./]*)\.(js|css|less|scss)$/,
  /^[Tt]ests?\/fixtures\//,
  /^[Ss]pecs?\/fixtures\//,
];

// Generated files: lockfiles, minified bundles, source maps, protobuf and designer output.
const GENERATED_FILE = [
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|composer\.lock|Gemfile\.lock|Cargo\.lock|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|go\.sum|go\.work\.sum|packages\.lock\.json|gradle\.lockfile|flake\.lock|mix\.lock|pubspec\.lock|Podfile\.lock|Package\.resolved)$/,
  /\.(js|css)\.map$/,
  /\.pb\.(go|cc|h|swift)$/,
  /_pb2(_grpc)?\.pyi?$/,
  /_grpc\.pb\.go$/,
  /\.pb\.gw\.go$/,
  /(^|\/)zz_generated[^/]*\.go$/,
  /\.(designer|g|g\.i|generated)\.(cs|vb|ts|js|dart)$/,
  /(^|\/)__generated__\//,
  /(^|\/)\.pnp\.c?js$/,
  /\.(pyc|pyo|class|o|obj|so|dll|exe)$/,
];

const DOCUMENTATION_FILE = [
  /^docs?\//i,
  /^documentation\//i,
  /(^|\/)(README|CONTRIBUTING|COPYING|LICEN[CS]E|CHANGELOG|CHANGES|HISTORY|NEWS)(\.|$)/i,
];

/** True when a path lies under a vendored folder or is a known vendored file. */
export function isVendoredPath(path: string): boolean {
  const parts = path.split('/');
  for (let i = 0; i < parts.length - 1; i++) if (VENDORED_DIR.has(parts[i])) return true;
  for (const re of VENDORED_FILE) if (re.test(path)) return true;
  return false;
}

/** True for generated files (lockfiles, bundles, protobuf output) that do not count as written code. */
export function isGeneratedPath(path: string): boolean {
  for (const re of GENERATED_FILE) if (re.test(path)) return true;
  return false;
}

/** True for documentation paths that Linguist leaves out of language statistics. */
export function isDocumentationPath(path: string): boolean {
  for (const re of DOCUMENTATION_FILE) if (re.test(path)) return true;
  return false;
}
