// The SAP InnerSource portal's `repos.json` (project-portal-for-innersource): GitHub REST field names plus
// `_InnerSourceMetadata`, so an existing SAP portal shows Agora's data unchanged.

import { isoFromSeconds } from '../safe-date.ts';
import type { Catalogue, ProjectRecord } from '../server/catalogue.ts';

export interface SapRepo {
  id: number;
  name: string;
  full_name: string;
  html_url: string;
  description: string | null;
  owner: { login: string; avatar_url: string };
  language: string | null;
  stargazers_count: number;
  forks_count: number;
  watchers_count: number;
  open_issues_count: number;
  created_at: string | null;
  updated_at: string | null;
  pushed_at: string | null;
  license: { key: string; name: string; spdx_id: string } | null;
  default_branch: string;
  topics: string[];
  _InnerSourceMetadata: {
    topics: string[];
    /** 52 weekly commit counts, oldest first; the last is this week (GitHub's participation stats). */
    participation: number[];
    /** The contribution guidelines file, relative to the repo root. */
    guidelines?: string;
    score: number;
    title?: string;
    motivation?: string;
    contributions?: string[];
    skills?: string[];
    logo?: string;
    docs?: string;
    language?: string;
  };
}

export interface SapExportOptions {
  /** Public URL of the Agora portal; links to repos without a forge URL point at their portal page. */
  portalUrl?: string;
}

/** The catalogue as the SAP portal's repos.json array, best score first. */
export function toSapPortal(cat: Catalogue, opts: SapExportOptions = {}): SapRepo[] {
  return [...cat.projects]
    .sort((a, b) => b.summary.score - a.summary.score || a.summary.id.localeCompare(b.summary.id))
    .map((p) => sapRepo(p, opts));
}

function sapRepo(p: ProjectRecord, opts: SapExportOptions): SapRepo {
  const s = p.summary;
  const row = p.row;
  const inner = (p.facts.innersource ?? {}) as Record<string, unknown>;
  const contributing = (p.facts.docs ?? []).find((d) => d.kind === 'contributing' && !d.inherited);
  const portalPage = opts.portalUrl
    ? `${opts.portalUrl.replace(/\/+$/, '')}/projects/${encodeURIComponent(s.id)}`
    : `/projects/${encodeURIComponent(s.id)}`;
  const lastCommit = isoFromSeconds(row.last_commit_at);
  const firstCommit = isoFromSeconds(row.first_commit_at);
  const meta: SapRepo['_InnerSourceMetadata'] = {
    topics: s.topics,
    participation: p.participation.slice(-52),
    score: s.score,
  };
  if (contributing) meta.guidelines = contributing.path;
  for (const key of ['title', 'motivation', 'logo', 'docs', 'language'] as const) {
    if (typeof inner[key] === 'string' && inner[key]) meta[key] = inner[key] as string;
  }
  if (s.contributions.length) meta.contributions = s.contributions;
  if (s.skills.length) meta.skills = s.skills;
  const spdx = p.facts.license?.spdx ?? null;
  return {
    id: numericId(s.id),
    name: s.name,
    full_name: s.fullName,
    html_url: row.web_url ?? portalPage,
    description: s.description,
    owner: { login: row.org ?? s.owner.team ?? row.source, avatar_url: row.owner_avatar ?? s.logoUrl ?? '' },
    language: s.primaryLanguage,
    stargazers_count: row.stars ?? 0,
    forks_count: row.forks ?? 0,
    watchers_count: row.watchers ?? 0,
    open_issues_count: row.open_issues ?? 0,
    created_at: row.forge_created_at ?? firstCommit,
    updated_at: lastCommit ?? row.last_crawled_at,
    pushed_at: lastCommit,
    license: spdx ? { key: spdx.toLowerCase(), name: spdx, spdx_id: spdx } : null,
    default_branch: row.default_branch ?? 'main',
    topics: s.topics,
    _InnerSourceMetadata: meta,
  };
}

/** A stable positive 31-bit number from a repo id (FNV-1a): the SAP portal expects numeric GitHub-like ids. */
export function numericId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 1 || 1;
}
