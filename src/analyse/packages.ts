// What a repository publishes and consumes, read from every dependency manifest in its tree (one
// reader per ecosystem in ./manifests); a malformed manifest becomes a finding, the others still count.

import type { Snapshot } from '../snapshot/snapshot.ts';
import type { Ecosystem, Finding, ManifestDescription, PackageFact } from './facts.ts';
import { type AnalysisLimits, DEFAULT_LIMITS, formatBytes, formatCount, MAX_WANTED_BYTES } from './limits.ts';
import { readCargoToml } from './manifests/cargo.ts';
import type { ManifestReader } from './manifests/common.ts';
import { readComposerJson } from './manifests/composer.ts';
import { readGoMod } from './manifests/go.ts';
import { readGradleBuild, readVersionCatalog } from './manifests/gradle.ts';
import { readPom } from './manifests/maven.ts';
import { readPackageJson } from './manifests/npm.ts';
import { readMsbuildProject, readPackagesConfig } from './manifests/nuget.ts';
import { isParserLoaded, ParserNotLoadedError, parserFor } from './manifests/parsers.ts';
import { readPipfile, readPyproject, readRequirements, readSetupCfg } from './manifests/python.ts';
import { readGemfile, readGemspec } from './manifests/rubygems.ts';
import { baseName, depthOf, dirName, isSymlinkMode } from './paths.ts';
import { isVendoredPath } from './vendor.ts';

/** Manifests deeper than this many folders are not read (monorepos keep theirs shallower). */
export const MAX_MANIFEST_DEPTH = 4;
const MAX_PROBLEMS_PER_FILE = 20;

interface ManifestKind {
  ecosystem: Ecosystem;
  /** Exact file names of this kind: found with one map lookup per path. */
  names?: readonly string[];
  /** For the kinds named by a pattern, or a further condition on a named one. */
  test?(base: string, path: string): boolean;
  read: ManifestReader;
}

const KINDS: ManifestKind[] = [
  { ecosystem: 'npm', names: ['package.json'], read: readPackageJson },
  { ecosystem: 'maven', names: ['pom.xml'], read: readPom },
  { ecosystem: 'gradle', names: ['build.gradle', 'build.gradle.kts'], read: readGradleBuild },
  {
    ecosystem: 'gradle',
    names: ['libs.versions.toml'],
    test: (_b, p) => dirName(p).endsWith('gradle'),
    read: readVersionCatalog,
  },
  { ecosystem: 'go', names: ['go.mod'], read: readGoMod },
  { ecosystem: 'pypi', names: ['pyproject.toml'], read: readPyproject },
  { ecosystem: 'pypi', names: ['setup.cfg'], read: readSetupCfg },
  { ecosystem: 'pypi', names: ['Pipfile'], read: readPipfile },
  {
    ecosystem: 'pypi',
    test: (b, p) =>
      /^requirements[\w.-]*\.(txt|in)$/i.test(b) ||
      (/(^|\/)requirements$/.test(dirName(p)) && /\.(txt|in)$/.test(b)),
    read: readRequirements,
  },
  { ecosystem: 'cargo', names: ['Cargo.toml'], read: readCargoToml },
  { ecosystem: 'nuget', test: (b) => /\.(cs|fs|vb)proj$/i.test(b), read: readMsbuildProject },
  { ecosystem: 'nuget', names: ['packages.config'], read: readPackagesConfig },
  { ecosystem: 'composer', names: ['composer.json'], read: readComposerJson },
  { ecosystem: 'rubygems', test: (b) => b.endsWith('.gemspec'), read: readGemspec },
  { ecosystem: 'rubygems', names: ['Gemfile', 'gems.rb'], read: readGemfile },
];

const BY_NAME = new Map<string, ManifestKind>();
for (const kind of KINDS) for (const name of kind.names ?? []) BY_NAME.set(name, kind);
const BY_PATTERN = KINDS.filter((kind) => !kind.names);
/** The extensions a pattern-named manifest can have: any other file is ruled out without a regex. */
const PATTERN_EXTENSION = /\.(txt|in|csproj|fsproj|vbproj|gemspec)$/i;

// Called for every path of a tree (the snapshot's file selection): a map lookup, not a test per kind.
function kindOf(path: string): ManifestKind | null {
  const base = baseName(path);
  const named = BY_NAME.get(base);
  if (named) return !named.test || named.test(base, path) ? named : null;
  if (!PATTERN_EXTENSION.test(base)) return null;
  for (const kind of BY_PATTERN) if (kind.test?.(base, path)) return kind;
  return null;
}

/** True for a dependency manifest Agora reads: a known name, not vendored, at most MAX_MANIFEST_DEPTH deep. */
export function isManifestPath(path: string): boolean {
  return kindOf(path) !== null && depthOf(path) <= MAX_MANIFEST_DEPTH && !isVendoredPath(path);
}

/** Files a manifest reader consults besides manifests (Gradle settings name the root project). */
export function isManifestHelperPath(path: string): boolean {
  const base = baseName(path);
  if (base !== 'settings.gradle' && base !== 'settings.gradle.kts') return false;
  return depthOf(path) <= MAX_MANIFEST_DEPTH && !isVendoredPath(path);
}

// Maven and Gradle share one coordinate space: a Gradle build consuming `g:a` uses what a pom publishes.
function namespaceOf(ecosystem: Ecosystem): string {
  return ecosystem === 'gradle' ? 'maven' : ecosystem;
}

function clip(message: string): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > 300 ? `${oneLine.slice(0, 297)}...` : oneLine;
}

export interface PackagesResult {
  packages: PackageFact[];
  findings: Finding[];
  /** The description of the shallowest manifest that has one (the root's, in a monorepo). */
  description: ManifestDescription | null;
}

/**
 * Reads every manifest of the snapshot, keeping at most `maxDependenciesPerManifest` packages of each.
 * Consumption of a package the same repository publishes is left out.
 */
export function analysePackages(
  snapshot: Snapshot,
  limits: Pick<
    AnalysisLimits,
    'maxManifests' | 'maxDependenciesPerManifest' | 'maxFactsBytes'
  > = DEFAULT_LIMITS,
): PackagesResult {
  const findings: Finding[] = [];
  const all: PackageFact[] = [];
  const tooLarge: string[] = [];
  const overLimit: string[] = [];
  const overBudget: string[] = [];
  const missing: string[] = [];
  let read = 0;
  // The snapshot reads at most maxManifests of them: a manifest it left out was over that limit.
  let present = 0;
  for (const path of snapshot.files.keys()) if (isManifestPath(path)) present++;
  // An estimate of the packages' JSON size: once they alone fill the facts budget, reading more is waste.
  let bytes = 0;
  let description: ManifestDescription | null = null;
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob' || isSymlinkMode(entry.mode) || !isManifestPath(entry.path)) continue;
    const kind = kindOf(entry.path)!;
    const path = entry.path;
    const file = snapshot.files.get(path);
    if (!file || read >= limits.maxManifests) {
      if (entry.size !== null && entry.size > MAX_WANTED_BYTES) tooLarge.push(path);
      else if (file || present >= limits.maxManifests) overLimit.push(path);
      else missing.push(path);
      continue;
    }
    if (bytes > limits.maxFactsBytes) {
      overBudget.push(path);
      continue;
    }
    read++;
    if (file.binary || file.text === null) {
      findings.push({
        code: 'MANIFEST_INVALID',
        severity: 'warning',
        message: `${path}: binary or unreadable`,
        path,
      });
      continue;
    }
    if (file.truncated) {
      findings.push({
        code: 'MANIFEST_TRUNCATED',
        severity: 'warning',
        message: `${path}: only the first ${Buffer.byteLength(file.text)} of ${file.size} bytes were read; not parsed`,
        path,
      });
      continue;
    }
    // A parser the caller did not load is Agora's bug, not the manifest's: the analyser fails (ANALYSER_FAILED).
    const parser = parserFor(path);
    if (parser && !isParserLoaded(parser)) throw new ParserNotLoadedError(parser);
    try {
      const result = kind.read({ path, text: file.text, files: snapshot.files });
      const max = limits.maxDependenciesPerManifest;
      if (result.packages.length > max) {
        findings.push({
          code: 'MANIFEST_LIMIT',
          severity: 'warning',
          message: `${path}: ${formatCount(result.packages.length)} packages, over the limit of ${formatCount(max)} per manifest (crawl.maxDependenciesPerManifest); the first ${formatCount(max)} are kept`,
          path,
        });
      }
      for (let i = 0; i < result.packages.length && i < max; i++) {
        const p = result.packages[i];
        bytes += 80 + p.name.length + p.manifest.length + (p.version?.length ?? 0);
        all.push(p);
      }
      if (result.description && (!description || depthOf(path) < depthOf(description.path))) {
        description = { path, text: result.description };
      }
      for (const problem of result.problems.slice(0, MAX_PROBLEMS_PER_FILE)) {
        findings.push({
          code: 'MANIFEST_INVALID',
          severity: 'warning',
          message: clip(`${path}: ${problem}`),
          path,
        });
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      findings.push({
        code: 'MANIFEST_INVALID',
        severity: 'warning',
        message: clip(`${path}: ${message}`),
        path,
      });
    }
  }
  if (overLimit.length > 0) {
    findings.push({
      code: 'MANIFEST_LIMIT',
      severity: 'warning',
      message: `${formatCount(overLimit.length)} manifest(s) not read: over the limit of ${formatCount(limits.maxManifests)} manifests per repository (crawl.maxManifests), e.g. ${overLimit[0]}`,
      path: overLimit[0],
    });
  }
  if (overBudget.length > 0) {
    findings.push({
      code: 'MANIFEST_LIMIT',
      severity: 'warning',
      message: `${formatCount(overBudget.length)} manifest(s) not read: the packages already read fill the limit of ${formatBytes(limits.maxFactsBytes)} of facts per repository (crawl.maxFactsBytes), e.g. ${overBudget[0]}`,
      path: overBudget[0],
    });
  }
  if (missing.length > 0) {
    findings.push({
      code: 'MANIFEST_NOT_READ',
      severity: 'info',
      message: `${formatCount(missing.length)} manifest(s) not read: their content is missing from the mirror, e.g. ${missing[0]}`,
      path: missing[0],
    });
  }
  if (tooLarge.length > 0) {
    findings.push({
      code: 'MANIFEST_NOT_READ',
      severity: 'info',
      message: `${formatCount(tooLarge.length)} manifest(s) not read: over the ${formatBytes(MAX_WANTED_BYTES)} limit on files Agora reads, e.g. ${tooLarge[0]}`,
      path: tooLarge[0],
    });
  }
  return { packages: dedupe(all), findings, description };
}

function dedupe(all: PackageFact[]): PackageFact[] {
  const published = new Set<string>();
  for (const p of all) if (p.role === 'publishes') published.add(`${namespaceOf(p.ecosystem)}\0${p.name}`);
  const seen = new Set<string>();
  const out: PackageFact[] = [];
  for (const p of all) {
    if (p.role === 'consumes' && published.has(`${namespaceOf(p.ecosystem)}\0${p.name}`)) continue;
    const key = [p.ecosystem, p.name, p.role, p.manifest, p.scope ?? ''].join('\0');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
