// Project pages: the detail view (owners, contribute panel, checks, metrics, re-use links) and weekly activity.

import type { RepoMetrics } from '../../metrics/types.ts';
import type {
  ActivityResponse,
  CommunicationChannel,
  PersonRef,
  ProjectDetail,
  ProjectDoc,
  RepoLink,
  WindowMetrics,
} from '../api-types.ts';
import { type Catalogue, fileUrl, type ProjectRecord } from '../catalogue.ts';

/** The detail view of one project; `m` (the metrics service's view) wins over the catalogue's approximations. */
export function presentProject(
  cat: Catalogue,
  p: ProjectRecord,
  m: RepoMetrics | null = null,
  communication: string | null = null,
): ProjectDetail {
  const facts = p.facts;
  const docs: ProjectDoc[] = (facts.docs ?? []).map((d) => ({
    kind: d.kind,
    path: d.path,
    size: d.size,
    inherited: d.inherited === true,
    url: fileUrl(p.row, d.path),
  }));
  const inner = facts.innersource ?? null;
  const checks = cat.checks.results.get(p.summary.id) ?? [];
  return {
    ...p.summary,
    webUrl: p.row.web_url,
    forge: p.row.forge_type
      ? {
          type: p.row.forge_type,
          url: p.row.web_url,
          stars: nullableNumber(p.row.stars),
          forks: nullableNumber(p.row.forks),
          watchers: nullableNumber(p.row.watchers),
          openIssues: nullableNumber(p.row.open_issues),
          topics: p.summary.topics,
          visibility: p.row.visibility ?? null,
          ownerLogin: p.row.org,
          ownerAvatar: p.row.owner_avatar ?? null,
        }
      : null,
    defaultBranch: p.row.default_branch,
    docs,
    owners: (facts.owners ?? []).map((o) => ({
      owner: o.owner,
      kind: o.kind,
      source: o.source,
      pattern: o.pattern ?? null,
    })),
    trustedCommitters: trustedCommitters(p),
    innersource: inner
      ? {
          title: str(inner.title),
          motivation: str(inner.motivation),
          contributions: p.summary.contributions,
          skills: p.summary.skills,
          logo: str(inner.logo),
          docs: str(inner.docs),
          language: str(inner.language),
        }
      : null,
    channels: communicationChannels(p, communication),
    checks: { ruleset: cat.checks.ruleset, level: p.summary.level, results: checks },
    metrics: m
      ? metricsFrom(m, p)
      : {
          windows: [windowOf(p, 30), windowOf(p, 90), windowOf(p, 365)],
          busFactor: busFactor(p.authors365.map((a) => a.commits)),
          firstCommitAt: unixIso(p.row.first_commit_at),
          lastCommitAt: p.summary.lastCommitAt,
          contributorsByTeam: p.contributorsByTeam,
        },
    // Re-use links need the metrics service's owners; without it there are none to show.
    dependencies: m ? m.dependencies.map(linkFrom) : [],
    dependents: m ? m.dependents.map(linkFrom) : [],
    languageBytes: p.languageBytes,
    readmePath: facts.readme?.path ?? null,
    license: facts.license ?? null,
    ci: facts.ci ?? [],
    headSha: p.row.head_sha,
    lastCrawledAt: p.row.last_crawled_at,
  };
}

/** 52 weeks of commit counts, oldest first. */
export function presentActivity(cat: Catalogue, p: ProjectRecord): ActivityResponse {
  // The last week is the current one, not over yet.
  const last = cat.weekStarts.length - 1;
  return {
    weeks: cat.weekStarts.map((week, i) => ({
      week,
      commits: p.participation[i] ?? 0,
      ...(i === last ? { partial: true as const } : {}),
    })),
  };
}

function metricsFrom(m: RepoMetrics, p: ProjectRecord): ProjectDetail['metrics'] {
  const w365 = m.windows.find((w) => w.days === 365);
  return {
    windows: m.windows.map((w) => ({
      days: w.days,
      commits: w.commits,
      contributors: w.activeContributors,
      outsideCommits: w.outsideCommits,
      outsideShare: w.outsideShare ?? 0,
      outsideContributors: w.outsideContributors,
      outsideTeams: w.outsideTeams,
      busFactor: w.busFactor,
    })),
    busFactor: w365?.busFactor ?? busFactor(p.authors365.map((a) => a.commits)),
    firstCommitAt: m.firstCommitAt,
    lastCommitAt: m.lastCommitAt,
    contributorsByTeam: m.contributorsByTeam.map((t) => ({
      team: t.team,
      teamName: t.name,
      own: !t.outside,
      commits: t.commits,
      contributors: t.contributors,
    })),
  };
}

function linkFrom(l: RepoMetrics['dependencies'][number]): RepoLink {
  return {
    id: l.repoId,
    name: l.name,
    team: l.team,
    packages: l.packages.map((x) => x.name),
    crossTeam: l.crossTeam,
  };
}

function windowOf(p: ProjectRecord, days: number): WindowMetrics {
  // Windows shorter than 90 days are approximated from the 90-day authors (per-author counts are per 90 days).
  const authors = days <= 90 ? p.authors90 : p.authors365;
  const commits = days === 30 ? p.commits30 : days === 90 ? p.commits90 : p.commits365;
  const own = p.summary.owner.team;
  const outside = authors.filter((a) => own !== null && a.team !== own);
  const outsideCommits = outside.reduce((s, a) => s + a.commits, 0);
  const total = authors.reduce((s, a) => s + a.commits, 0);
  return {
    days,
    commits,
    contributors: authors.length,
    outsideCommits: days === 30 ? Math.min(outsideCommits, commits) : outsideCommits,
    outsideShare: total === 0 ? 0 : Math.round((outsideCommits / total) * 1000) / 1000,
    outsideContributors: outside.length,
    outsideTeams: new Set(outside.map((a) => a.team ?? '?')).size,
    busFactor: busFactor(authors.map((a) => a.commits)),
  };
}

/** The fewest people who made at least half the commits. */
export function busFactor(commits: number[]): number {
  const sorted = [...commits].sort((a, b) => b - a);
  const total = sorted.reduce((s, n) => s + n, 0);
  if (total === 0) return 0;
  let acc = 0;
  for (let i = 0; i < sorted.length; i++) {
    acc += sorted[i];
    if (acc * 2 >= total) return i + 1;
  }
  return sorted.length;
}

function trustedCommitters(p: ProjectRecord): PersonRef[] {
  const own = p.summary.owner.team;
  const byEmail = new Map(p.authors365.map((a) => [a.email, a]));
  const out: PersonRef[] = [];
  for (const o of p.facts.owners ?? []) {
    if (o.kind === 'email') {
      const a = byEmail.get(o.owner.toLowerCase());
      out.push({ name: a?.name ?? o.owner, email: o.owner.toLowerCase(), team: a?.team ?? null });
    }
  }
  if (out.length > 0) return out;
  // Without named owners, the owning team's most active committers of the year are the ones to ask.
  return p.authors365
    .filter((a) => own === null || a.team === own)
    .sort((a, b) => b.commits - a.commits)
    .slice(0, 3)
    .map((a) => ({ name: a.name, email: a.email, team: a.team }));
}

const CHAT =
  /(^|\.)(slack\.com|teams\.microsoft\.com|matrix\.to|discord\.(gg|com)|gitter\.im|zulipchat\.com|chat\.|mattermost\.|rocket\.chat)/i;
const FORUM = /(^|\.)(discourse\.|forum\.|community\.)|\/discussions\b|\/forum\b|\/c\/|groups\.google\.com/i;
const TRACKER =
  /\/issues\b|\/-\/issues|\/browse\/|(^|\.)jira\.|atlassian\.net|youtrack|\/projects\/[^/]+\/issues|bugzilla/i;
const LISTS = /(^|\.)(lists\.|listserv\.)|\/mailman\/|\/mailing-?lists?\b/i;

/** The kind of a communication link: chat, mailing-list, forum, issue-tracker, or link. */
export function channelKind(url: string): string {
  if (/^mailto:/i.test(url)) return 'mailing-list';
  let host = '';
  let path = '';
  try {
    const u = new URL(url);
    host = u.hostname;
    path = u.pathname;
  } catch {
    return 'link';
  }
  const where = `${host}${path}`;
  if (CHAT.test(host)) return 'chat';
  if (LISTS.test(host) || LISTS.test(path)) return 'mailing-list';
  if (FORUM.test(host) || FORUM.test(path) || /groups\.google\.com/i.test(where)) return 'forum';
  if (TRACKER.test(host) || TRACKER.test(path)) return 'issue-tracker';
  return 'link';
}

const MD_LINK = /\[([^\]\n]{0,200})\]\(\s*<?((?:https?:\/\/|mailto:)[^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/gi;
const BARE_URL = /(?<![(<"'=])\b(?:https?:\/\/[^\s)>\]"'`]+|mailto:[^\s)>\]"'`]+)/gi;

/** Links of a Markdown text as channels: every link in COMMUNICATION.md, recognised kinds only from a README. */
function linksOf(text: string, all: boolean): CommunicationChannel[] {
  const out: CommunicationChannel[] = [];
  const body = text.slice(0, 50_000);
  for (const m of body.matchAll(MD_LINK)) {
    const url = m[2].replace(/[.,;:]+$/, '');
    const kind = channelKind(url);
    if (!all && kind === 'link') continue;
    const label = m[1].replace(/[*_`]/g, '').trim();
    out.push({ kind, label: label || bareLabel(url), url });
  }
  const rest = body.replace(MD_LINK, ' ');
  for (const m of rest.matchAll(BARE_URL)) {
    const url = m[0].replace(/[.,;:]+$/, '');
    const kind = channelKind(url);
    if (!all && kind === 'link') continue;
    out.push({ kind, label: bareLabel(url), url });
  }
  // COMMUNICATION.md often names a list by its address alone ("Mailing list: team@example.com").
  if (all) {
    for (const m of rest.replace(BARE_URL, ' ').matchAll(EMAIL)) {
      out.push({ kind: 'mailing-list', label: m[0], url: `mailto:${m[0]}` });
    }
  }
  return out;
}

const EMAIL = /\b[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,200}\.[a-z]{2,}\b/gi;

function bareLabel(url: string): string {
  return url.replace(/^mailto:|^https?:\/\//i, '').replace(/\/$/, '');
}

/**
 * Channels to reach the team: every link of COMMUNICATION.md (chat, mailing list, forum, issue tracker, other),
 * then chat, list, forum and tracker links of the README; the COMMUNICATION.md file itself comes first.
 */
export function communicationChannels(
  p: ProjectRecord,
  communication: string | null = null,
): CommunicationChannel[] {
  const out: CommunicationChannel[] = [];
  const seen = new Set<string>();
  const comm = (p.facts.docs ?? []).find((d) => d.kind === 'communication');
  if (comm) {
    out.push({ kind: 'link', label: comm.path, url: fileUrl(p.row, comm.path) });
    seen.add(out[0].url);
  }
  const found = [...(communication ? linksOf(communication, true) : []), ...linksOf(p.readmeText, false)];
  for (const c of found) {
    if (seen.has(c.url)) continue;
    seen.add(c.url);
    out.push(c);
    if (out.length >= 12) break;
  }
  return out;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function unixIso(v: number | null): string | null {
  return v === null ? null : new Date(Number(v) * 1000).toISOString();
}

/** A count as a number (PostgreSQL may hand integers back as text), or null. */
function nullableNumber(v: number | string | null | undefined): number | null {
  return v === null || v === undefined ? null : Number(v);
}
