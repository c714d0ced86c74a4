// build.gradle(.kts) and the version catalog: dependency coordinates found by pattern (Gradle scripts
// are programs, so this is a best-effort read); `group` + project name publish where both are visible.

import type { PackageFact } from '../facts.ts';
import { baseName, dirName } from '../paths.ts';
import { isRecord, ManifestCollector, type ManifestInput, type ManifestResult, ownValue } from './common.ts';
import { parseToml } from './parsers.ts';

const CONFIGURATION =
  '(implementation|api|compile|compileOnly|compileOnlyApi|runtimeOnly|runtime|testImplementation|testCompile|testCompileOnly|testRuntimeOnly|testFixturesImplementation|testFixturesApi|androidTestImplementation|debugImplementation|annotationProcessor|kapt|ksp|classpath|developmentOnly)';
// `implementation 'g:a:v'`, `implementation("g:a:v")`, `api(platform("g:a:v"))`.
const STRING_NOTATION = new RegExp(
  `\\b${CONFIGURATION}\\s*\\(?\\s*(?:(?:platform|enforcedPlatform|testFixtures)\\s*\\(\\s*)?["']([^"'\\s:$]+):([^"'\\s:$]+)(?::([^"'\\s@]+))?[^"'\\n]*["']`,
  'g',
);
// `implementation group: 'g', name: 'a', version: 'v'` and `implementation(group = "g", name = "a", version = "v")`.
const MAP_NOTATION = new RegExp(
  `\\b${CONFIGURATION}\\s*\\(?\\s*group\\s*[:=]\\s*["']([^"']+)["']\\s*,\\s*name\\s*[:=]\\s*["']([^"']+)["'](?:\\s*,\\s*version\\s*[:=]\\s*["']([^"']+)["'])?`,
  'g',
);
const GROUP = /^\s*(?:group\s*=?\s*|project\.group\s*=\s*)["']([^"'\s]+)["']/m;
const VERSION = /^\s*(?:version\s*=?\s*|project\.version\s*=\s*)["']([^"'\s]+)["']/m;
const ARTIFACT_ID = /\bartifactId\s*=?\s*["']([^"'\s]+)["']/;
const ARCHIVES_NAME = /\b(?:archivesBaseName|archivesName(?:\.set\()?)\s*=?\s*\(?["']([^"'\s]+)["']/;
const ROOT_NAME = /rootProject\.name\s*=\s*["']([^"'\s]+)["']/;

function scopeOf(configuration: string): PackageFact['scope'] {
  if (/^(test|androidTest)/.test(configuration)) return 'test';
  if (/^debug/.test(configuration)) return 'dev';
  if (/^(compileOnly|compileOnlyApi|annotationProcessor|kapt|ksp|classpath)$/.test(configuration))
    return 'build';
  return 'runtime';
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:"'])\/\/[^\n]*/g, '$1');
}

function readSibling(input: ManifestInput, names: string[]): string | null {
  for (const name of names) {
    const file = input.files.get(name);
    if (file?.text && !file.binary) return file.text;
  }
  return null;
}

/** Reads one build.gradle or build.gradle.kts. */
export function readGradleBuild(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('gradle', input.path);
  const text = stripComments(input.text);
  for (const m of text.matchAll(STRING_NOTATION)) out.consumes(`${m[2]}:${m[3]}`, m[4], scopeOf(m[1]));
  for (const m of text.matchAll(MAP_NOTATION)) out.consumes(`${m[2]}:${m[3]}`, m[4], scopeOf(m[1]));

  const dir = dirName(input.path);
  const prefix = dir ? `${dir}/` : '';
  const rootBuild = readSibling(input, ['build.gradle', 'build.gradle.kts']);
  const group = GROUP.exec(text)?.[1] ?? (rootBuild ? GROUP.exec(stripComments(rootBuild))?.[1] : undefined);
  const version = VERSION.exec(text)?.[1];
  let name = ARTIFACT_ID.exec(text)?.[1] ?? ARCHIVES_NAME.exec(text)?.[1];
  if (!name) {
    const settings = readSibling(input, [`${prefix}settings.gradle`, `${prefix}settings.gradle.kts`]);
    name = settings ? ROOT_NAME.exec(settings)?.[1] : undefined;
  }
  // A sub-project is named after its folder unless it says otherwise.
  if (!name && dir) name = baseName(dir);
  if (group && name && !group.includes('$') && !name.includes('$'))
    out.publishes(`${group}:${name}`, version);
  return out.result();
}

/** Reads a Gradle version catalog (`gradle/libs.versions.toml`): every library it declares. */
export function readVersionCatalog(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('gradle', input.path);
  const doc = parseToml(input.text);
  const versions = isRecord(doc.versions) ? doc.versions : {};
  const libraries = doc.libraries;
  if (libraries === undefined) return out.result();
  if (!isRecord(libraries)) {
    out.problem('"libraries" must be a table');
    return out.result();
  }
  for (const [alias, lib] of Object.entries(libraries)) {
    if (typeof lib === 'string') {
      const [g, a, v] = lib.split(':');
      if (g && a) out.consumes(`${g}:${a}`, v, undefined);
      else out.problem(`"libraries.${alias}" is not "group:name:version"`);
      continue;
    }
    if (!isRecord(lib)) {
      out.problem(`"libraries.${alias}" must be a string or a table`);
      continue;
    }
    const coords =
      typeof lib.module === 'string'
        ? lib.module
        : typeof lib.group === 'string' && typeof lib.name === 'string'
          ? `${lib.group}:${lib.name}`
          : null;
    if (!coords) {
      out.problem(`"libraries.${alias}" has no module or group/name`);
      continue;
    }
    let version: string | undefined;
    if (typeof lib.version === 'string') version = lib.version;
    else if (isRecord(lib.version) && typeof lib.version.ref === 'string') {
      const v = ownValue(versions, lib.version.ref);
      version = typeof v === 'string' ? v : undefined;
    }
    out.consumes(coords, version, undefined);
  }
  return out.result();
}
