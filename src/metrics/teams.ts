// Teams and who is in them when: the config's `teams:` (emails, logins, globs, with since/until) plus
// CODEOWNERS handles no team declares. A person's team is the one they were in at the time of a commit.

import picomatch from 'picomatch';
import type { TeamConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import { loginFromEmail } from './identities.ts';

export interface TeamDef {
  id: string;
  name: string;
  /** False for a CODEOWNERS handle that no config team declares. */
  defined: boolean;
  /** Lower-cased CODEOWNERS handles, `@org/team`. */
  handles: string[];
  /** Declared ownership: globs over repo names. */
  repoGlobs: string[];
}

export interface Membership {
  team: string;
  /** The member entry as written in the config. */
  entry: string;
  kind: 'email' | 'glob' | 'login';
  /** Unix seconds; inclusive start, exclusive end; null = unbounded. */
  since: number | null;
  until: number | null;
  matches(identity: string): boolean;
}

export interface TeamModel {
  teams: Map<string, TeamDef>;
  memberships: Membership[];
  /** Every since/until instant, ascending: team membership is constant between two of them. */
  breakpoints: number[];
  /** The team an identity belonged to at `time` (unix s), or null (unaffiliated). Throws on a conflict. */
  teamAt(identity: string, time: number): string | null;
  /** The team a CODEOWNERS handle, catalog owner ref or team name means, or null. */
  teamForRef(ref: string): string | null;
  /** Adds a team for a CODEOWNERS handle that no config team declares; returns its id. */
  addUndefinedHandle(handle: string): string;
}

const GLOB_CHARS = /[*?[\]{}!]/;

function toUnix(date: string | undefined): number | null {
  if (!date) return null;
  const ms = Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function makeMembership(team: string, member: TeamConfig['members'][number]): Membership {
  const m = typeof member === 'string' ? { value: member } : member;
  const since = typeof member === 'string' ? null : toUnix(member.since);
  const until = typeof member === 'string' ? null : toUnix(member.until);
  const emailOrLogin = 'value' in m ? m.value : (m.email ?? m.login ?? '');
  const isLogin = 'value' in m ? !m.value.includes('@') || m.value.startsWith('@') : !m.email;
  if (isLogin) {
    const login = emailOrLogin.replace(/^@/, '').toLowerCase();
    return {
      team,
      entry: emailOrLogin,
      kind: 'login',
      since,
      until,
      matches: (identity) => identity === login || loginFromEmail(identity) === login,
    };
  }
  const pattern = emailOrLogin.toLowerCase();
  if (GLOB_CHARS.test(pattern)) {
    const test = picomatch(pattern, { nocase: true, dot: true });
    return { team, entry: emailOrLogin, kind: 'glob', since, until, matches: (identity) => test(identity) };
  }
  return {
    team,
    entry: emailOrLogin,
    kind: 'email',
    since,
    until,
    matches: (identity) => identity === pattern,
  };
}

function overlaps(a: Membership, b: Membership): boolean {
  const aStart = a.since ?? Number.NEGATIVE_INFINITY;
  const aEnd = a.until ?? Number.POSITIVE_INFINITY;
  const bStart = b.since ?? Number.NEGATIVE_INFINITY;
  const bEnd = b.until ?? Number.POSITIVE_INFINITY;
  return aStart < bEnd && bStart < aEnd;
}

function conflictError(identity: string, a: Membership, b: Membership): AgoraError {
  return new AgoraError(
    'CONFIG_INVALID',
    `${identity} is in two teams at once: "${a.team}" (member ${a.entry}) and "${b.team}" (member ${b.entry}); give one of them since/until dates or remove one`,
    { details: { person: identity, teams: [a.team, b.team] } },
  );
}

function slug(ref: string): string {
  return ref
    .trim()
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/^[a-z]+:/, '')
    .split('/')
    .pop() as string;
}

/**
 * Builds the team model from the config's `teams:`. Throws AgoraError('CONFIG_INVALID') naming both teams when
 * the same email or login is listed in two teams for overlapping periods.
 */
export function buildTeamModel(teamsConfig: Record<string, TeamConfig>): TeamModel {
  const teams = new Map<string, TeamDef>();
  const memberships: Membership[] = [];
  for (const [id, t] of Object.entries(teamsConfig)) {
    teams.set(id, {
      id,
      name: t.name ?? id,
      defined: true,
      handles: t.handles.map((h) => h.toLowerCase()),
      repoGlobs: t.repos,
    });
    for (const member of t.members) memberships.push(makeMembership(id, member));
  }
  // Static check: the same literal email or login in two teams at overlapping times.
  const byEntry = new Map<string, Membership[]>();
  for (const m of memberships) {
    if (m.kind === 'glob') continue;
    const key = `${m.kind}:${m.entry.replace(/^@/, '').toLowerCase()}`;
    const list = byEntry.get(key) ?? [];
    for (const other of list)
      if (other.team !== m.team && overlaps(other, m)) throw conflictError(m.entry, other, m);
    list.push(m);
    byEntry.set(key, list);
  }
  const breakpoints = [
    ...new Set(memberships.flatMap((m) => [m.since, m.until]).filter((t): t is number => t !== null)),
  ].sort((a, b) => a - b);

  const cache = new Map<string, Membership[]>();
  function membershipsOf(identity: string): Membership[] {
    let list = cache.get(identity);
    if (!list) {
      list = memberships.filter((m) => m.matches(identity));
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) {
          if (list[i].team !== list[j].team && overlaps(list[i], list[j]))
            throw conflictError(identity, list[i], list[j]);
        }
      }
      cache.set(identity, list);
    }
    return list;
  }

  const refIndex = new Map<string, string>();
  function indexTeam(t: TeamDef) {
    for (const h of t.handles) refIndex.set(h, t.id);
  }
  for (const t of teams.values()) indexTeam(t);

  return {
    teams,
    memberships,
    breakpoints,
    teamAt(identity, time) {
      for (const m of membershipsOf(identity)) {
        if ((m.since === null || time >= m.since) && (m.until === null || time < m.until)) return m.team;
      }
      return null;
    },
    teamForRef(ref) {
      const lower = ref.trim().toLowerCase();
      const direct = refIndex.get(lower) ?? refIndex.get(lower.startsWith('@') ? lower : `@${lower}`);
      if (direct) return direct;
      const s = slug(ref);
      for (const t of teams.values()) {
        if (t.id.toLowerCase() === s || t.name.toLowerCase() === s) return t.id;
      }
      return null;
    },
    addUndefinedHandle(handle) {
      const id = handle.trim().toLowerCase();
      if (!teams.has(id)) {
        const t: TeamDef = { id, name: handle.trim(), defined: false, handles: [id], repoGlobs: [] };
        teams.set(id, t);
        indexTeam(t);
      }
      return id;
    },
  };
}

/** Config member entries that match none of `identities` (each a warning for `agora teams`). */
export function unmatchedMembers(model: TeamModel, identities: Iterable<string>): Membership[] {
  const all = [...identities];
  return model.memberships.filter((m) => !all.some((id) => m.matches(id)));
}

/**
 * Checks every identity against every membership and throws CONFIG_INVALID for the first person in two teams
 * at overlapping times (globs included).
 */
export function checkMembershipConflicts(model: TeamModel, identities: Iterable<string>): void {
  for (const id of identities) model.teamAt(id, 0);
}
