// Organisation views computed from the catalogue: teams, one team, the dashboard, the re-use graph and the
// standards matrix.

import type {
  CheckStatus,
  DashboardPoint,
  DashboardResponse,
  GraphResponse,
  OutsideContributor,
  StandardsQuery,
  StandardsResponse,
  TeamContributionElsewhere,
  TeamDetail,
  TeamSummary,
  TeamsResponse,
} from '../api-types.ts';
import type { Catalogue } from '../catalogue.ts';

const PASSING_LEVELS = new Set(['bronze', 'silver', 'gold']);

/** Every configured team, plus teams that only appear as owners. */
export function presentTeams(cat: Catalogue): TeamsResponse {
  const ids = new Set(cat.teams.teams.map((t) => t.id));
  for (const p of cat.projects) if (p.summary.owner.team) ids.add(p.summary.owner.team);
  const items = [...ids].map((id) => teamSummary(cat, id)).sort((a, b) => a.name.localeCompare(b.name));
  return { items };
}

/** One team, or null when unknown. */
export function presentTeam(cat: Catalogue, id: string): TeamDetail | null {
  const known =
    cat.teams.teams.some((t) => t.id === id) || cat.projects.some((p) => p.summary.owner.team === id);
  if (!known) return null;
  const owns = cat.projects.filter((p) => p.summary.owner.team === id);
  const elsewhere = new Map<string, TeamContributionElsewhere>();
  const people = new Map<string, Set<string>>();
  const outside = new Map<string, OutsideContributor>();
  for (const p of cat.projects) {
    const own = p.summary.owner.team;
    for (const a of p.authors365) {
      if (a.team === id && own !== id) {
        const e = elsewhere.get(p.summary.id) ?? {
          repo: { id: p.summary.id, name: p.summary.name, team: own },
          commits: 0,
          people: 0,
        };
        e.commits += a.commits;
        elsewhere.set(p.summary.id, e);
        const s = people.get(p.summary.id) ?? new Set();
        s.add(a.email);
        people.set(p.summary.id, s);
      }
      if (own === id && a.team !== id) {
        const o = outside.get(a.email) ?? {
          person: { name: a.name, email: a.email, team: a.team },
          commits: 0,
          repos: [],
        };
        o.commits += a.commits;
        o.repos.push(p.summary.id);
        outside.set(a.email, o);
      }
    }
  }
  for (const [repo, s] of people) {
    const e = elsewhere.get(repo);
    if (e) e.people = s.size;
  }
  return {
    ...teamSummary(cat, id),
    owns: owns.map((p) => p.summary).sort((a, b) => b.score - a.score),
    contributesTo: [...elsewhere.values()].sort((a, b) => b.commits - a.commits),
    outsideContributors: [...outside.values()].sort((a, b) => b.commits - a.commits),
  };
}

function teamSummary(cat: Catalogue, id: string): TeamSummary {
  const owned = cat.projects.filter((p) => p.summary.owner.team === id);
  const members = new Set<string>();
  let outbound = 0;
  let inbound = 0;
  const outsiders = new Set<string>();
  for (const p of cat.projects) {
    const own = p.summary.owner.team;
    for (const a of p.authors90) {
      if (a.team === id) {
        members.add(a.email);
        if (own !== id) outbound += a.commits;
      }
      if (own === id && a.team !== id) {
        inbound += a.commits;
        outsiders.add(a.email);
      }
    }
  }
  const configured = cat.teams.teams.find((t) => t.id === id);
  const declaredMembers = configured?.memberPatterns.filter((m) => !m.includes('*')).length ?? 0;
  return {
    id,
    name: cat.teams.nameOf(id) ?? id,
    repos: owned.length,
    members: Math.max(members.size, declaredMembers),
    outboundCommits90: outbound,
    inboundCommits90: inbound,
    outsideContributors90: outsiders.size,
    compliance:
      owned.length === 0
        ? 0
        : round3(owned.filter((p) => PASSING_LEVELS.has(p.summary.level)).length / owned.length),
  };
}

/** Totals, 12 monthly points, the most active and the newest projects. */
export function presentDashboard(
  cat: Catalogue,
  points: { repo_id: string; author_email: string; author_time: number }[],
): DashboardResponse {
  const projects = cat.projects;
  const contributors90 = new Set<string>();
  const crossTeam90 = new Set<string>();
  let commits90 = 0;
  let outside90 = 0;
  for (const p of projects) {
    for (const a of p.authors90) {
      contributors90.add(a.email);
      commits90 += a.commits;
      if (p.summary.owner.team !== null && a.team !== p.summary.owner.team) {
        outside90 += a.commits;
        crossTeam90.add(a.email);
      }
    }
  }
  const months = new Map<string, { commits: number; outside: number; cross: Set<string> }>();
  const nowMonth = new Date(cat.now * 1000);
  const keys: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(nowMonth.getUTCFullYear(), nowMonth.getUTCMonth() - i, 1));
    const key = d.toISOString().slice(0, 7);
    keys.push(key);
    months.set(key, { commits: 0, outside: 0, cross: new Set() });
  }
  for (const pt of points) {
    const key = new Date(pt.author_time * 1000).toISOString().slice(0, 7);
    const m = months.get(key);
    const p = cat.byId.get(pt.repo_id);
    if (!m || !p) continue;
    m.commits++;
    const team = cat.teams.teamOfEmail(pt.author_email);
    if (p.summary.owner.team !== null && team !== p.summary.owner.team) {
      m.outside++;
      m.cross.add(pt.author_email);
    }
  }
  const compliance =
    projects.length === 0
      ? 0
      : round3(projects.filter((p) => PASSING_LEVELS.has(p.summary.level)).length / projects.length);
  const series: DashboardPoint[] = keys.map((month, i) => {
    const m = months.get(month) ?? { commits: 0, outside: 0, cross: new Set<string>() };
    return {
      month,
      compliance:
        cat.checks.compliance.get(month) ??
        (i === keys.length - 1 && cat.checks.levels.size > 0 ? compliance : null),
      outsideShare: m.commits === 0 ? 0 : round3(m.outside / m.commits),
      crossTeamContributors: m.cross.size,
      reuseEdges: i === keys.length - 1 ? cat.edges.length : null,
    };
  });
  const teams = new Set(projects.map((p) => p.summary.owner.team).filter((t) => t !== null));
  for (const t of cat.teams.teams) teams.add(t.id);
  const mostActive = [...projects]
    .sort((a, b) => b.commits90 - a.commits90 || b.summary.score - a.summary.score)
    .slice(0, 6);
  const newest = [...projects]
    .sort(
      (a, b) =>
        Number(b.row.first_commit_at ?? 0) - Number(a.row.first_commit_at ?? 0) ||
        a.summary.name.localeCompare(b.summary.name),
    )
    .slice(0, 6);
  return {
    totals: {
      repos: projects.length,
      teams: teams.size,
      contributors90: contributors90.size,
      commits90,
      compliance,
      outsideShare90: commits90 === 0 ? 0 : round3(outside90 / commits90),
      crossTeamContributors90: crossTeam90.size,
      reuseEdges: cat.edges.length,
      crossTeamReuseEdges: cat.edges.filter((e) => e.crossTeam).length,
    },
    series,
    mostActive: mostActive.map((p) => p.summary),
    newest: newest.map((p) => p.summary),
  };
}

/** Repos that take part in re-use, and the edges between them; `team` keeps edges touching that team. */
export function presentGraph(cat: Catalogue, team?: string): GraphResponse {
  const teamOf = (id: string) => cat.byId.get(id)?.summary.owner.team ?? null;
  const edges = team ? cat.edges.filter((e) => teamOf(e.from) === team || teamOf(e.to) === team) : cat.edges;
  const ids = new Set<string>();
  for (const e of edges) {
    ids.add(e.from);
    ids.add(e.to);
  }
  if (team) for (const p of cat.projects) if (p.summary.owner.team === team) ids.add(p.summary.id);
  const nodes = [...ids]
    .map((id) => cat.byId.get(id))
    .filter((p) => p !== undefined)
    .map((p) => ({ id: p.summary.id, name: p.summary.name, team: p.summary.owner.team }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { nodes, edges };
}

/** The repos × rules matrix. */
export function presentStandards(cat: Catalogue, q: StandardsQuery): StandardsResponse {
  const rules = q.rule ? cat.checks.rules.filter((r) => r.id === q.rule) : cat.checks.rules;
  const repos: StandardsResponse['repos'] = [];
  for (const p of cat.projects) {
    if (q.team && p.summary.owner.team !== q.team) continue;
    const results: Record<string, CheckStatus> = {};
    for (const r of cat.checks.results.get(p.summary.id) ?? []) {
      if (q.rule && r.rule !== q.rule) continue;
      results[r.rule] = r.status;
    }
    if (q.failing === '1' && !Object.values(results).includes('fail')) continue;
    repos.push({
      id: p.summary.id,
      name: p.summary.name,
      team: p.summary.owner.team,
      level: p.summary.level,
      results,
    });
  }
  repos.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { rules, repos };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
