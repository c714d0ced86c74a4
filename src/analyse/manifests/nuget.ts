// .NET projects (*.csproj/*.fsproj/*.vbproj) and packages.config: PackageReference consumes; a packable
// library publishes its PackageId (else AssemblyName, else the file name), as `dotnet pack` would.

import type { PackageFact } from '../facts.ts';
import { baseName } from '../paths.ts';
import { isRecord, ManifestCollector, type ManifestInput, type ManifestResult } from './common.ts';
import { parseXml, textOf } from './xml.ts';

function asArray(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Reads one MSBuild project file. */
export function readMsbuildProject(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('nuget', input.path);
  const doc = parseXml(input.text);
  const project = doc.Project;
  if (!isRecord(project)) {
    out.problem('no <Project> element');
    return out.result();
  }
  const props = new Map<string, string>();
  for (const group of asArray(project.PropertyGroup)) {
    if (!isRecord(group)) continue;
    for (const [k, v] of Object.entries(group)) {
      const t = textOf(v);
      if (t !== undefined && !k.startsWith('@')) props.set(k.toLowerCase(), t);
    }
  }
  let testProject = props.get('istestproject') === 'true';
  for (const group of asArray(project.ItemGroup)) {
    if (!isRecord(group)) continue;
    for (const ref of asArray(group.PackageReference)) {
      if (!isRecord(ref)) continue;
      const name = textOf(ref['@Include']) ?? textOf(ref['@Update']);
      if (!name) {
        out.problem('a <PackageReference> has no Include');
        continue;
      }
      if (/^(Microsoft\.NET\.Test\.Sdk|xunit|NUnit|MSTest\.TestFramework)$/i.test(name)) testProject = true;
      const version = textOf(ref['@Version']) ?? textOf(ref.Version);
      const privateAssets = (textOf(ref['@PrivateAssets']) ?? textOf(ref.PrivateAssets))?.toLowerCase();
      const scope: PackageFact['scope'] = privateAssets === 'all' ? 'build' : 'runtime';
      out.consumes(name, version, scope);
    }
  }
  if (testProject) for (const p of out.packages) p.scope = 'test';
  const description = props.get('description');
  if (description && !description.includes('$(')) out.describe(description);
  const packable = props.get('ispackable');
  const explicit =
    packable === 'true' || props.get('generatepackageonbuild') === 'true' || props.has('packageid');
  const library = (props.get('outputtype') ?? 'library').toLowerCase() === 'library';
  const sdkStyle = typeof project['@Sdk'] === 'string';
  if (packable !== 'false' && !testProject && (explicit || (sdkStyle && library))) {
    const name =
      props.get('packageid') ??
      props.get('assemblyname') ??
      baseName(input.path).replace(/\.(cs|fs|vb)proj$/i, '');
    if (!name.includes('$(')) out.publishes(name, props.get('packageversion') ?? props.get('version'));
  }
  return out.result();
}

/** Reads a legacy packages.config. */
export function readPackagesConfig(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('nuget', input.path);
  const doc = parseXml(input.text);
  const packages = isRecord(doc.packages) ? doc.packages.package : undefined;
  for (const p of asArray(packages)) {
    if (!isRecord(p)) continue;
    const id = textOf(p['@id']);
    if (!id) continue;
    out.consumes(
      id,
      textOf(p['@version']),
      textOf(p['@developmentDependency']) === 'true' ? 'dev' : 'runtime',
    );
  }
  return out.result();
}
