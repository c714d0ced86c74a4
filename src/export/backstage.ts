// Backstage catalog entities (`catalog-info.yaml`, multi-document YAML): one Component per project, so a
// Backstage instance can ingest what Agora discovered without a descriptor in every repo.

import { stringify } from 'yaml';
import type { Catalogue, ProjectRecord } from '../server/catalogue.ts';

export interface BackstageEntity {
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
  spec: { type: string; lifecycle: string; owner: string; system?: string };
}

/** One Component entity per project. */
export function toBackstageEntities(cat: Catalogue): BackstageEntity[] {
  const used = new Map<string, number>();
  return [...cat.projects]
    .sort((a, b) => a.summary.id.localeCompare(b.summary.id))
    .map((p) => {
      const base = entityName(p.facts.catalog?.name ?? p.summary.name);
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      return entity(p, n === 0 ? base : entityName(`${base.slice(0, 58)}-${n + 1}`));
    });
}

/** The entities as one multi-document YAML text. */
export function toBackstageYaml(cat: Catalogue): string {
  return toBackstageEntities(cat)
    .map((e) => `---\n${stringify(e, { lineWidth: 0 })}`)
    .join('');
}

function entity(p: ProjectRecord, name: string): BackstageEntity {
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
  const e: BackstageEntity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, tags, annotations },
    spec: {
      type: cat?.type ?? 'service',
      lifecycle: cat?.lifecycle ?? (s.archived ? 'deprecated' : 'production'),
      owner: cat?.owner ?? (s.owner.team ? `group:${entityName(s.owner.team)}` : 'unknown'),
    },
  };
  if (s.title) e.metadata.title = s.title;
  if (s.description) e.metadata.description = s.description;
  if (links.length) e.metadata.links = links;
  if (cat?.system) e.spec.system = cat.system;
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
