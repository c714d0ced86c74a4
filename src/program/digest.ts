// The weekly digest of an organisation or a team: new projects, projects that reached a readiness level,
// notable cross-team contributions, pilot and campaign progress (with a reminder the week before a pilot's
// review), and new gigs (issue 11's gig board: open "help wanted" issues opened in the week, read only when some
// repo has its forge items ingested). One digest is rendered as an Atom entry (feeds.ts) and as chat webhook
// payloads (webhooks.ts).

import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { type CohortRepo, cohortRepos } from './cohort.ts';

export interface Digest {
  scope: { kind: 'org' | 'team'; id: string; name: string };
  /** The 7 days the digest covers: [start, end). ISO week label of its last day, e.g. `2026-W48`. */
  period: { start: string; end: string; week: string };
  newProjects: { id: string; name: string; team: string | null; description: string | null }[];
  levelsReached: { id: string; name: string; from: string | null; to: string }[];
  crossTeam: { team: string; repoId: string; repo: string; owner: string; commits: number; people: number }[];
  pilots: {
    id: string;
    title: string;
    start: string;
    review: string | null;
    daysToReview: number | null;
    reminder: boolean;
  }[];
  campaigns: {
    id: string;
    title: string;
    passing: number;
    total: number;
    target: string;
    daysLeft: number;
  }[];
  /** Gigs opened in the week (newest first, at most MAX_DIGEST_GIGS); empty without ingested forge items. */
  gigs: {
    repoId: string;
    repo: string;
    team: string | null;
    number: number;
    title: string;
    url: string | null;
    labels: string[];
    createdAt: string;
  }[];
}

/** At most this many new gigs in one digest. */
export const MAX_DIGEST_GIGS = 20;

const DAY = 86_400_000;

/** ISO-8601 week label (`2026-W48`) of a date. */
export function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / DAY + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/** What the digests of several weeks share: owners, repos, readiness history (read once). */
export interface DigestInputs {
  repos: CohortRepo[];
  firstSeen: Awaited<ReturnType<typeof import('../store/queries/program.ts').reposFirstSeen>>;
  readiness: import('../store/queries/checks.ts').ReadinessEvent[];
  levels: string[];
  /** The gig board (every non-archived repo's gigs), or empty when no repo has forge items ingested. */
  gigs: import('../gigs/gigs.ts').Gig[];
  /** The repos a portal viewer may see (feeds): the digest names and counts only these; absent: every repo. */
  keep?: (repoId: string) => boolean;
}

async function boardGigs(store: Store, loaded: LoadedConfig, now: Date): Promise<DigestInputs['gigs']> {
  const { ingestedRepoIds } = await import('../store/queries/forge-items.ts');
  if ((await ingestedRepoIds(store.db)).size === 0) return [];
  const [{ buildCatalogue }, { gigRepoOf }, { collectGigs }] = await Promise.all([
    import('../server/catalogue.ts'),
    import('../server/presenters/gigs.ts'),
    import('../gigs/collect.ts'),
  ]);
  const cat = await buildCatalogue(store, loaded, now);
  const repos = cat.projects.filter((p) => !p.summary.archived).map(gigRepoOf);
  return (await collectGigs(store.db, loaded.config, repos, cat.now)).gigs;
}

export async function digestInputs(
  store: Store,
  loaded: LoadedConfig,
  now: Date,
  keep?: (repoId: string) => boolean,
): Promise<DigestInputs> {
  const q = await import('../store/queries/program.ts');
  const { readinessHistory } = await import('../store/queries/checks.ts');
  const { rulesetFor } = await import('../checks/service.ts');
  const [repos, firstSeen, readiness, gigs] = await Promise.all([
    cohortRepos(store, loaded, now),
    q.reposFirstSeen(store.db),
    readinessHistory(store.db),
    boardGigs(store, loaded, now),
  ]);
  const levels = (await rulesetFor(loaded)).levels.map((l) => l.id);
  if (!keep) return { repos, firstSeen, readiness, gigs, levels };
  // Commits of repos left out here are never counted: cross-team contributions need the repo's owner.
  return {
    repos: repos.filter((r) => keep(r.id)),
    firstSeen: firstSeen.filter((r) => keep(r.id)),
    readiness: readiness.filter((r) => keep(r.repoId)),
    gigs: gigs.filter((g) => keep(g.repoId)),
    levels,
    keep,
  };
}

/** The digest of the 7 days before `end`, for the organisation or (with `team`) one team. */
export async function buildDigest(
  store: Store,
  loaded: LoadedConfig,
  opts: { end: Date; team?: string; inputs?: DigestInputs },
): Promise<Digest> {
  const end = opts.end;
  const start = new Date(end.getTime() - 7 * DAY);
  if (opts.team && !loaded.config.teams[opts.team])
    throw new AgoraError('NOT_FOUND', `no team ${opts.team} in the config`);
  const inputs = opts.inputs ?? (await digestInputs(store, loaded, end));
  const teamOf = new Map(inputs.repos.map((r) => [r.id, r.team]));
  const nameOf = new Map(inputs.repos.map((r) => [r.id, r.name]));
  const mine = (repoId: string) => !opts.team || teamOf.get(repoId) === opts.team;
  const inWeek = (iso: string) => {
    const t = Date.parse(iso);
    return t >= start.getTime() && t < end.getTime();
  };

  const newProjects = inputs.firstSeen
    .filter((r) => inWeek(r.firstSeenAt) && mine(r.id))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, 50)
    .map((r) => ({ id: r.id, name: r.name, team: teamOf.get(r.id) ?? null, description: r.description }));

  const rank = (level: string | null) => (level === null ? -1 : inputs.levels.indexOf(level));
  const before = new Map<string, string | null>();
  const after = new Map<string, string | null>();
  for (const e of inputs.readiness) {
    const t = Date.parse(e.evaluatedAt);
    if (t < start.getTime()) before.set(e.repoId, e.level);
    if (t < end.getTime()) after.set(e.repoId, e.level);
  }
  const levelsReached: Digest['levelsReached'] = [];
  for (const [id, level] of after) {
    const was = before.get(id) ?? null;
    if (level !== null && rank(level) > rank(was) && mine(id) && nameOf.has(id))
      levelsReached.push({ id, name: nameOf.get(id) as string, from: was, to: level });
  }
  levelsReached.sort((a, b) => a.name.localeCompare(b.name));

  const q = await import('../store/queries/program.ts');
  const { identityModel } = await import('../metrics/service.ts');
  const ids = identityModel(loaded);
  const groups = new Map<string, { team: string; repoId: string; commits: number; people: Set<string> }>();
  for (const c of await q.commitsBetween(
    store.db,
    Math.floor(start.getTime() / 1000),
    Math.floor(end.getTime() / 1000),
  )) {
    const owner = teamOf.get(c.repoId) ?? null;
    const identity = ids.identity(c.email);
    const team = ids.teamAt(identity, c.time);
    if (!owner || !team || team === owner) continue;
    if (opts.team && team !== opts.team && owner !== opts.team) continue;
    const key = `${team}\0${c.repoId}`;
    const g = groups.get(key) ?? { team, repoId: c.repoId, commits: 0, people: new Set<string>() };
    g.commits++;
    g.people.add(identity);
    groups.set(key, g);
  }
  const crossTeam = [...groups.values()]
    .sort((a, b) => b.commits - a.commits || a.repoId.localeCompare(b.repoId))
    .slice(0, 10)
    .map((g) => ({
      team: g.team,
      repoId: g.repoId,
      repo: nameOf.get(g.repoId) ?? g.repoId,
      owner: teamOf.get(g.repoId) as string,
      commits: g.commits,
      people: g.people.size,
    }));

  const pilots: Digest['pilots'] = [];
  const { mergedPilots } = await import('./portal-pilots.ts');
  const withPortal = (await mergedPilots(store, loaded)).loaded;
  for (const [id, p] of Object.entries(withPortal.config.pilots ?? {})) {
    if (opts.team && !p.teams.includes(opts.team)) continue;
    const review = p.review?.slice(0, 10) ?? null;
    const daysToReview = review ? Math.ceil((Date.parse(review) - end.getTime()) / DAY) : null;
    pilots.push({
      id,
      title: p.title ?? id,
      start: p.start.slice(0, 10),
      review,
      daysToReview,
      reminder: daysToReview !== null && daysToReview >= 0 && daysToReview <= 7,
    });
  }
  const campaigns: Digest['campaigns'] = [];
  const { campaignStatus } = await import('./campaigns.ts');
  for (const id of Object.keys(loaded.config.campaigns ?? {})) {
    const s = await campaignStatus(store, loaded, id, { now: end, keep: inputs.keep });
    if (opts.team && !s.repos.some((r) => r.team === opts.team)) continue;
    const repos = opts.team ? s.repos.filter((r) => r.team === opts.team) : s.repos;
    campaigns.push({
      id,
      title: s.title,
      passing: repos.filter((r) => r.passing).length,
      total: repos.length,
      target: s.target,
      daysLeft: s.daysLeft,
    });
  }
  const gigs: Digest['gigs'] = inputs.gigs
    .filter((g) => inWeek(g.createdAt) && (!opts.team || g.team === opts.team))
    .slice(0, MAX_DIGEST_GIGS)
    .map((g) => ({
      repoId: g.repoId,
      repo: g.repoName,
      team: g.team,
      number: g.number,
      title: g.title,
      url: g.url,
      labels: g.gigLabels,
      createdAt: g.createdAt,
    }));
  const teamName = opts.team ? (loaded.config.teams[opts.team]?.name ?? opts.team) : 'organisation';
  return {
    scope: opts.team
      ? { kind: 'team', id: opts.team, name: teamName }
      : { kind: 'org', id: 'org', name: 'organisation' },
    period: {
      start: start.toISOString(),
      end: end.toISOString(),
      week: isoWeek(new Date(end.getTime() - 1)),
    },
    newProjects,
    levelsReached,
    crossTeam,
    pilots,
    campaigns,
    gigs,
  };
}

/** The digest as Markdown lines (chat payloads and the feed's entries are built from the same sections). */
export function digestSections(
  d: Digest,
  link: (path: string) => string,
): { title: string; lines: string[] }[] {
  const out: { title: string; lines: string[] }[] = [];
  const project = (id: string, name: string) => `[${name}](${link(`/projects/${encodeURIComponent(id)}`)})`;
  if (d.newProjects.length)
    out.push({
      title: 'New projects',
      lines: d.newProjects.map(
        (p) =>
          `${project(p.id, p.name)}${p.team ? ` (${p.team})` : ''}${p.description ? ` — ${p.description}` : ''}`,
      ),
    });
  if (d.levelsReached.length)
    out.push({
      title: 'Reached a level',
      lines: d.levelsReached.map((l) => `${project(l.id, l.name)}: ${l.from ?? 'none'} → **${l.to}**`),
    });
  if (d.crossTeam.length)
    out.push({
      title: 'Cross-team contributions',
      lines: d.crossTeam.map(
        (c) =>
          `${c.team} → ${project(c.repoId, c.repo)} (owned by ${c.owner}): ${c.commits} commit${c.commits === 1 ? '' : 's'} by ${c.people} ${c.people === 1 ? 'person' : 'people'}`,
      ),
    });
  if (d.gigs.length)
    out.push({
      title: 'New gigs',
      lines: d.gigs.map((g) => {
        // A forge title is untrusted: no marks that would make a link or emphasis of its own. The forge's
        // link stays in the digest's JSON; lines link only to the portal (feeds keep portal links only).
        const title = g.title
          .replace(/[[\]()<>*`]/g, ' ')
          .replace(/\s+/g, ' ')
          .trim();
        return `${title} — ${project(g.repoId, g.repo)} #${g.number}${g.team ? ` (${g.team})` : ''}: ${g.labels.join(', ')}`;
      }),
    });
  if (d.campaigns.length)
    out.push({
      title: 'Campaigns',
      lines: d.campaigns.map(
        (c) =>
          `[${c.title}](${link(`/campaigns/${encodeURIComponent(c.id)}`)}): ${c.passing} of ${c.total} repos pass, target ${c.target} (${c.daysLeft} days left)`,
      ),
    });
  if (d.pilots.length)
    out.push({
      title: 'Pilots',
      lines: d.pilots.map(
        (p) =>
          `[${p.title}](${link(`/pilots/${encodeURIComponent(p.id)}`)}): started ${p.start}${p.review ? `, review ${p.review}` : ''}${p.reminder ? ` — **review in ${p.daysToReview} day${p.daysToReview === 1 ? '' : 's'}: prepare \`agora pilot report ${p.id}\`**` : ''}`,
      ),
    });
  return out;
}
