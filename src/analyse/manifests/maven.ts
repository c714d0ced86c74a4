// pom.xml: `groupId:artifactId` publishes (the group inherited from <parent> when absent); dependencies
// and build plugins consume. `${property}` references are resolved from <properties> and project fields.

import type { PackageFact } from '../facts.ts';
import { isRecord, ManifestCollector, type ManifestInput, type ManifestResult, ownValue } from './common.ts';
import { parseXml, textOf } from './xml.ts';

const SCOPES: Record<string, PackageFact['scope']> = {
  compile: 'runtime',
  runtime: 'runtime',
  test: 'test',
  provided: 'build',
  system: 'build',
  import: 'build',
};

/** Reads one pom.xml. */
export function readPom(input: ManifestInput): ManifestResult {
  const out = new ManifestCollector('maven', input.path);
  const doc = parseXml(input.text);
  const project = doc.project;
  if (!isRecord(project)) {
    out.problem('no <project> element');
    return out.result();
  }
  const parent = isRecord(project.parent) ? project.parent : {};
  const props = new Map<string, string>();
  if (isRecord(project.properties)) {
    for (const [k, v] of Object.entries(project.properties)) {
      const t = textOf(v);
      if (t !== undefined) props.set(k, t);
    }
  }
  const groupId = textOf(project.groupId) ?? textOf(parent.groupId);
  const artifactId = textOf(project.artifactId);
  const version = textOf(project.version) ?? textOf(parent.version);
  for (const [k, v] of [
    ['groupId', groupId],
    ['artifactId', artifactId],
    ['version', version],
  ] as const) {
    if (v === undefined) continue;
    props.set(`project.${k}`, v);
    props.set(`pom.${k}`, v);
  }
  if (textOf(parent.groupId)) props.set('project.parent.groupId', textOf(parent.groupId)!);
  if (textOf(parent.version)) props.set('project.parent.version', textOf(parent.version)!);
  const resolve = (s: string | undefined): string | undefined =>
    s === undefined ? s : interpolate(s, props);

  out.describe(textOf(project.description));
  if (groupId && artifactId) out.publishes(`${resolve(groupId)}:${resolve(artifactId)}`, resolve(version));
  else out.problem('<artifactId> or <groupId> missing: the published coordinates are unknown');

  const deps = isRecord(project.dependencies) ? project.dependencies.dependency : undefined;
  for (const dep of Array.isArray(deps) ? deps : []) {
    if (!isRecord(dep)) continue;
    const g = resolve(textOf(dep.groupId));
    const a = resolve(textOf(dep.artifactId));
    if (!g || !a) {
      out.problem('a <dependency> lacks <groupId> or <artifactId>');
      continue;
    }
    const scope =
      textOf(dep.optional) === 'true'
        ? 'optional'
        : (ownValue(SCOPES, textOf(dep.scope) ?? 'compile') ?? 'runtime');
    out.consumes(`${g}:${a}`, resolve(textOf(dep.version)), scope);
  }
  const build = isRecord(project.build) ? project.build : {};
  const plugins = isRecord(build.plugins) ? build.plugins.plugin : undefined;
  for (const plugin of Array.isArray(plugins) ? plugins : []) {
    if (!isRecord(plugin)) continue;
    const a = resolve(textOf(plugin.artifactId));
    if (!a) continue;
    // Maven's default plugin group.
    const g = resolve(textOf(plugin.groupId)) ?? 'org.apache.maven.plugins';
    out.consumes(`${g}:${a}`, resolve(textOf(plugin.version)), 'build');
  }
  return out.result();
}

function interpolate(s: string, props: Map<string, string>): string {
  let current = s;
  // A few rounds resolve nested references; a cycle stops here rather than looping.
  for (let i = 0; i < 5 && current.includes('${'); i++) {
    current = current.replace(/\$\{([^}]{1,100})\}/g, (whole, key: string) => props.get(key) ?? whole);
  }
  return current;
}
