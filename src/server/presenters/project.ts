// Project pages: the detail view (owners, contribute panel, checks, metrics, re-use links, findings) and weekly
// activity. Every list is capped (`LIST_LIMIT`) with its full length in `totals`; the paged list routes serve the rest.

import { channelsIn, MAX_CHANNEL_TEXT } from '../../analyse/channels.ts';
import type { RepoMetrics } from '../../metrics/types.ts';
import { isoFromSeconds } from '../../safe-date.ts';
import type {
  ActivityResponse,
  CommunicationChannel,
  ContributorView,
  FindingView,
  PersonRef,
  ProjectDetail,
  ProjectDoc,
  ProjectFindings,
  ProjectMetrics,
  ProjectOwnerEntry,
  RepoLink,
  TeamContribution,
  WindowMetrics,
} from '../api-types.ts';
import { type Catalogue, fileUrl, type ProjectRecord } from '../catalogue.ts';

/** Items of each list a project response embeds at most. */
export const LIST_LIMIT = 50;
/** Findings a project response embeds at most (the page shows counts and the first ones). */
export const FINDINGS_LIMIT = 20;
/** Packages a re-use link names at most. */
export const LINK_PACKAGES_LIMIT = 20;

/**
 * The detail view of one project; `m` (the metrics service's view) wins over the catalogue's approximations.
 * Every list is capped; `totals` has their full lengths.
 */
export function presentProject(
  cat: Catalogue,
  p: ProjectRecord,
  m: RepoMetrics | null = null,
  communication: string | null = null,
  findings: ProjectFindings | null = null,
): ProjectDetail {
  const facts = p.facts;
  const docs = projectDocs(p);
  const owners = projectOwners(p);
  const inner = facts.innersource ?? null;
  const checks = cat.checks.results.get(p.summary.id) ?? [];
  const channels = communicationChannels(p, communication);
  const metrics: ProjectMetrics = m
    ? metricsFrom(m, p)
    : {
        windows: [windowOf(p, 30), windowOf(p, 90), windowOf(p, 365)],
        busFactor: busFactor(p.authors365.map((a) => a.commits)),
        firstCommitAt: isoFromSeconds(p.row.first_commit_at),
        lastCommitAt: p.summary.lastCommitAt,
        contributorsByTeam: p.contributorsByTeam,
        asOf: null,
      };
  // Re-use links need the metrics service's owners; without it there are none to show.
  const dependencies = m ? m.dependencies : [];
  const dependents = m ? m.dependents : [];
  const ci = facts.ci ?? [];
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
    docs: docs.slice(0, LIST_LIMIT),
    owners: owners.slice(0, LIST_LIMIT),
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
    channels: channels.slice(0, LIST_LIMIT),
    checks: { ruleset: cat.checks.ruleset, level: p.summary.level, results: checks.slice(0, LIST_LIMIT) },
    metrics: { ...metrics, contributorsByTeam: metrics.contributorsByTeam.slice(0, LIST_LIMIT) },
    dependencies: dependencies.slice(0, LIST_LIMIT).map(linkFrom),
    dependents: dependents.slice(0, LIST_LIMIT).map(linkFrom),
    languageBytes: p.languageBytes.slice(0, LIST_LIMIT),
    readmePath: facts.readme?.path ?? null,
    license: facts.license ?? null,
    ci: ci.slice(0, LIST_LIMIT),
    headSha: p.row.head_sha,
    lastCrawledAt: p.row.last_crawled_at,
    findings: findings ?? { total: 0, bySeverity: { error: 0, warning: 0, info: 0 }, items: [] },
    totals: {
      docs: docs.length,
      owners: owners.length,
      channels: channels.length,
      checks: checks.length,
      contributorsByTeam: metrics.contributorsByTeam.length,
      dependencies: dependencies.length,
      dependents: dependents.length,
      languages: p.languageBytes.length,
      ci: ci.length,
      findings: findings?.total ?? 0,
    },
  };
}

/** The project's documents, each with a link to the file. */
export function projectDocs(p: ProjectRecord): ProjectDoc[] {
  return (p.facts.docs ?? []).map((d) => ({
    kind: d.kind,
    path: d.path,
    size: d.size,
    inherited: d.inherited === true,
    url: fileUrl(p.row, d.path),
  }));
}

/** Declared owners (CODEOWNERS, catalog-info, innersource.json). */
export function projectOwners(p: ProjectRecord): ProjectOwnerEntry[] {
  return (p.facts.owners ?? []).map((o) => ({
    owner: o.owner,
    kind: o.kind,
    source: o.source,
    pattern: o.pattern ?? null,
  }));
}

/** People who committed in the last 365 days (bots excluded), most commits first. */
export function projectContributors(p: ProjectRecord): ContributorView[] {
  return [...p.authors365]
    .sort((a, b) => b.commits - a.commits || a.email.localeCompare(b.email))
    .map((a) => ({ name: a.name, email: a.email, team: a.team, commits: a.commits }));
}

/** Contributors by team over the last 365 days: the metrics service's view, else the catalogue's. */
export function projectContributorsByTeam(p: ProjectRecord, m: RepoMetrics | null): TeamContribution[] {
  return m ? metricsFrom(m, p).contributorsByTeam : p.contributorsByTeam;
}

/** Stored findings as the API shows them. */
export function findingView(f: {
  code: string;
  severity: string;
  message: string;
  path: string | null;
}): FindingView {
  const severity = f.severity === 'error' || f.severity === 'warning' ? f.severity : 'info';
  return { code: f.code, severity, message: f.message, path: f.path };
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

function metricsFrom(m: RepoMetrics, p: ProjectRecord): ProjectMetrics {
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
    asOf: m.now,
    contributorsByTeam: m.contributorsByTeam.map((t) => ({
      team: t.team,
      teamName: t.name,
      own: !t.outside,
      commits: t.commits,
      contributors: t.contributors,
    })),
  };
}

/** A re-use link as the API shows it, naming at most `LINK_PACKAGES_LIMIT` packages. */
export function linkFrom(l: RepoMetrics['dependencies'][number]): RepoLink {
  return {
    id: l.repoId,
    name: l.name,
    team: l.team,
    packages: l.packages.slice(0, LINK_PACKAGES_LIMIT).map((x) => x.name),
    packagesTotal: l.packages.length,
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

/**
 * Only this much of a README or COMMUNICATION.md is searched for channels when a project page is answered: the
 * search runs on the server's event loop, and its link patterns cost up to ~2 000 steps per `[` (a README of
 * 20 KB of `[a](` took 80-490 ms there at the analyser's own 100 KB limit). Channels are listed near the top.
 */
export const PRESENTED_CHANNEL_TEXT = 8_000;

/** Link reference definitions (`[chat]: https://…`), usually at the end of a README, whose uses are at the top. */
const DEFINITION_LINE = /^ {0,3}\[[^\]\n]{1,200}\]:[^\n]*$/gm;

/** The head of a document, and the reference definitions of the rest (so `[![chat][b]][chat]` still resolves). */
export function channelText(text: string): string {
  if (text.length <= PRESENTED_CHANNEL_TEXT) return text;
  const rest = text.slice(PRESENTED_CHANNEL_TEXT, MAX_CHANNEL_TEXT).match(DEFINITION_LINE) ?? [];
  return `${text.slice(0, PRESENTED_CHANNEL_TEXT)}\n\n${rest.join('\n')}`;
}

/** A document's channels as the page shows them, labelled by their link text or their address. */
function linksOf(text: string, all: boolean): CommunicationChannel[] {
  return channelsIn(channelText(text), all).map((c) => ({
    kind: c.kind,
    label: c.text || bareLabel(c.url),
    url: c.url,
  }));
}

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

/** A count as a number (PostgreSQL may hand integers back as text), or null. */
function nullableNumber(v: number | string | null | undefined): number | null {
  return v === null || v === undefined ? null : Number(v);
}
