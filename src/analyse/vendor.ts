// Linguist-style conventions for paths that are not the repository's own code: vendored copies,
// generated output and documentation. Used by the language statistics, test and hygiene analysers.

import { isLinguistDocumentation, isLinguistVendored } from './linguist-paths.ts';

// Folders holding third-party code or build output, at any depth (after GitHub Linguist's vendor.yml).
// Each convention is one combined regular expression: these run once per file of every tree.
const VENDORED_DIR =
  /(?:^|\/)(?:node_modules|bower_components|jspm_packages|vendors?|_vendor|third[-_]?party|3rd[-_]?party|externs?|externals?|dist|cache|\.yarn|\.pnpm-store|\.?venv|site-packages|__pypackages__|bower|Pods|Carthage|\.git|Godeps\/_workspace|gradle\/wrapper|\.mvn\/wrapper)\//;
const VENDORED_ROOT_DIR = /^(?:[Dd]ependencies|deps|debian|[Tt]ests?\/fixtures|[Ss]pecs?\/fixtures)\//;
const VENDORED_BASE =
  /^(?:gradlew|gradlew\.bat|mvnw|mvnw\.cmd|configure|config\.guess|config\.sub|(?:aclocal|libtool|ltoptions|ltsugar|ltversion)\.m4|jquery[^/]*\.js|bootstrap[^./]*\.(?:js|css|less|scss))$|[.-]min\.(?:js|css|mjs)$|\.d\.ts$/;

// Generated files: lockfiles, source maps, protobuf and designer output, compiled objects.
const GENERATED_BASE =
  /^(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|composer\.lock|Gemfile\.lock|Cargo\.lock|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|go\.sum|go\.work\.sum|packages\.lock\.json|gradle\.lockfile|flake\.lock|mix\.lock|pubspec\.lock|Podfile\.lock|Package\.resolved|zz_generated[^/]*\.go|\.pnp\.c?js)$|\.(?:js|css)\.map$|\.pb\.(?:go|cc|h|swift)$|_pb2(?:_grpc)?\.pyi?$|_grpc\.pb\.go$|\.pb\.gw\.go$|\.(?:designer|g|g\.i|generated)\.(?:cs|vb|ts|js|dart)$|\.(?:pyc|pyo|class|o|obj|so|dll|exe)$/;
const GENERATED_DIR = /(?:^|\/)__generated__\//;

function base(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** True when a path lies under a vendored folder or is a known vendored file. */
export function isVendoredPath(path: string): boolean {
  return VENDORED_DIR.test(path) || VENDORED_ROOT_DIR.test(path) || VENDORED_BASE.test(base(path));
}

/** True for generated files (lockfiles, bundles, protobuf output) that do not count as written code. */
export function isGeneratedPath(path: string): boolean {
  return GENERATED_BASE.test(base(path)) || GENERATED_DIR.test(path);
}

/** True for documentation paths that Linguist leaves out of language statistics (its documentation.yml). */
export function isDocumentationPath(path: string): boolean {
  return isLinguistDocumentation(path);
}

/** True for what Linguist's vendor.yml leaves out of language statistics, and Agora's vendored folders. */
export function isVendoredForLanguages(path: string): boolean {
  return isVendoredPath(path) || isLinguistVendored(path);
}
