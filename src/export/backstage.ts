// Backstage catalog entities (`catalog-info.yaml`, multi-document YAML): one Component per project, with
// `dependsOn` from the re-use graph, and one Group per owning team, so a Backstage instance can ingest what
// Agora discovered without a descriptor in every repo and every owner reference resolves.

import { stringify } from 'yaml';
import type { ReuseEdge } from '../metrics/types.ts';
import type { Catalogue, ProjectRecord } from '../server/catalogue.ts';

export interface ComponentEntity {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Component';
  metadata: {
    name: string;
    title?: string;
    description?: string;
    tags: string[];
    annotations: Record<string, string>;
    links?: { url: string; title: string }[];
  };
  spec: { type: string; lifecycle: string; owner: string; system?: string; dependsOn?: string[] };
}

export interface GroupEntity {
  apiVersion: 'backstage.io/v1alpha1';
  kind: 'Group';
  metadata: { name: string; title?: string; description?: string; annotations?: Record<string, string> };
  spec: { type: 'team'; children: string[]; profile?: { displayName: string } };
}

export type BackstageEntity = ComponentEntity | GroupEntity;

/** What the entities need beyond the project records: the re-use graph's edges (consumer → publisher). */
export interface BackstageInputs {
  edges: readonly Pick<ReuseEdge, 'from' | 'to'>[];
}

/** The Group that owns projects Agora found no owner for, so no reference dangles. */
export const UNOWNED_GROUP = 'unowned';

/** One Component entity per project, then one Group per owner they name (teams first, then `unowned`). */
export function toBackstageEntities(
  cat: Catalogue,
  inputs: BackstageInputs = { edges: [] },
): BackstageEntity[] {
  const used = new Map<string, number>();
  const projects = [...cat.projects].sort((a, b) => a.summary.id.localeCompare(b.summary.id));
  const names = new Map<string, string>();
  for (const p of projects) {
    const base = entityName(p.facts.catalog?.name ?? p.summary.name);
    const n = used.get(base) ?? 0;
    used.set(base, n + 1);
    names.set(p.summary.id, n === 0 ? base : entityName(`${base.slice(0, 58)}-${n + 1}`));
  }
  const dependsOn = new Map<string, Set<string>>();
  for (const e of inputs.edges) {
    const to = names.get(e.to);
    if (!to || !names.has(e.from) || e.from === e.to) continue;
    const set = dependsOn.get(e.from) ?? new Set<string>();
    set.add(`component:${to}`);
    dependsOn.set(e.from, set);
  }
  const components = projects.map((p) =>
    entity(p, names.get(p.summary.id) as string, [...(dependsOn.get(p.summary.id) ?? [])].sort()),
  );
  return [...components, ...groups(cat, components)];
}

/** A Group for every `group:` owner the components name (a catalog-info owner in another namespace is theirs). */
function groups(cat: Catalogue, components: ComponentEntity[]): GroupEntity[] {
  const out = new Map<string, GroupEntity>();
  const teamByName = new Map<string, string>();
  for (const p of cat.projects)
    if (p.summary.owner.team) teamByName.set(entityName(p.summary.owner.team), p.summary.owner.team);
  for (const c of components) {
    // `group:x`, `group:default/x` or a bare `x` (Backstage reads an owner without a kind as a Group).
    const m = /^(?:group:(?:default\/)?)?([A-Za-z0-9][A-Za-z0-9\-_.]*)$/.exec(c.spec.owner);
    if (!m || out.has(m[1])) continue;
    const name = m[1];
    const team = teamByName.get(name);
    const g: GroupEntity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name },
      spec: { type: 'team', children: [] },
    };
    if (name === UNOWNED_GROUP && !team) {
      g.metadata.description =
        'Repositories Agora found no owning team for (no CODEOWNERS, config or catalog-info owner).';
    } else if (team) {
      const title = cat.teamName(team) ?? team;
      g.metadata.annotations = { 'agora.dev/team': team };
      if (title !== name) {
        g.metadata.title = title;
        g.spec.profile = { displayName: title };
      }
    }
    out.set(name, g);
  }
  return [...out.values()].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** The entities as one multi-document YAML text. */
export function toBackstageYaml(cat: Catalogue, inputs?: BackstageInputs): string {
  return toBackstageEntities(cat, inputs)
    .map((e) => `---\n${stringify(e, { lineWidth: 0 })}`)
    .join('');
}

/**
 * The component type: catalog-info's; else `library` for a repo that publishes a package and has no container,
 * process or deployment descriptor (a Dockerfile, compose file, Procfile, Helm chart…); else `service`.
 */
export function componentType(p: ProjectRecord): string {
  const declared = p.facts.catalog?.type;
  if (declared) return declared;
  const publishes = (p.facts.packages ?? []).some((x) => x.role === 'publishes');
  const runs = (p.facts.serviceFiles ?? []).length > 0;
  return publishes && !runs ? 'library' : 'service';
}

function entity(p: ProjectRecord, name: string, dependsOn: string[]): ComponentEntity {
  const s = p.summary;
  const cat = p.facts.catalog ?? null;
  const annotations: Record<string, string> = { 'agora.dev/repo-id': s.id };
  if (p.row.web_url)
    annotations['backstage.io/source-location'] = `url:${p.row.web_url.replace(/\/+$/, '')}/`;
  // The forge plugins' annotations (GitHub and GitLab read the project slug: `org/repo`, `group/sub/project`).
  if (p.row.forge_type === 'github') annotations['github.com/project-slug'] = p.row.full_name;
  if (p.row.forge_type === 'gitlab') annotations['gitlab.com/project-slug'] = p.row.full_name;
  if (s.owner.provenance !== 'unknown') annotations['agora.dev/owner-provenance'] = s.owner.provenance;
  annotations['agora.dev/readiness'] = s.level;
  annotations['agora.dev/activity-score'] = String(s.score);
  const tags = [
    ...new Set(
      [...s.topics, ...(cat?.tags ?? []), ...(s.primaryLanguage ? [s.primaryLanguage] : [])].map(tag),
    ),
  ]
    .filter((t) => t.length > 0)
    .slice(0, 20);
  const links: { url: string; title: string }[] = [];
  if (s.contributeUrl && /^https?:/.test(s.contributeUrl))
    links.push({ url: s.contributeUrl, title: 'Contribute' });
  const e: ComponentEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, tags, annotations },
    spec: {
      type: componentType(p),
      lifecycle: cat?.lifecycle ?? (s.archived ? 'deprecated' : 'production'),
      owner: cat?.owner ?? `group:${s.owner.team ? entityName(s.owner.team) : UNOWNED_GROUP}`,
    },
  };
  if (s.title) e.metadata.title = s.title;
  if (s.description) e.metadata.description = s.description;
  if (links.length) e.metadata.links = links;
  if (cat?.system) e.spec.system = cat.system;
  if (dependsOn.length) e.spec.dependsOn = dependsOn;
  return e;
}

/** Backstage names: [a-zA-Z0-9] separated by [-_.], at most 63 characters. */
export function entityName(raw: string): string {
  const cleaned = raw
    .replace(/[^A-Za-z0-9\-_.]+/g, '-')
    .replace(/[-_.]{2,}/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '')
    .slice(0, 63)
    .replace(/[-_.]+$/g, '');
  return cleaned || 'unnamed';
}

/** Backstage tags: lower-case [a-z0-9+#] separated by '-', at most 63 characters. */
function tag(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
}
