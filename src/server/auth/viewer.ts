// Who is asking: the viewer of one request (a signed-in person, an API token, an anonymous visitor, or — with
// `server.auth.mode: none` on loopback — the local user), what they may do (scopes) and which repos they see.

import picomatch from 'picomatch';
import type { AuthConfig, LoadedConfig } from '../../config/schema.ts';
import type { TokenScope } from '../../store/queries/auth.ts';

export type Role = 'viewer' | 'admin';

/** What a route needs: `open` (anyone: health, webhooks, sign-in), `read`, `crawl` (start crawls), `admin`. */
export type RouteAccess = 'open' | TokenScope;

export interface Viewer {
  kind: 'local' | 'anonymous' | 'user' | 'token';
  /** How the request proved it: nothing, a session cookie, proxy headers, a bearer token, or a feed token. */
  via: 'none' | 'session' | 'proxy' | 'token' | 'feed';
  /** A stable label for logs and audit (an email, a token id); never a secret. */
  label: string;
  email: string | null;
  name: string | null;
  groups: string[];
  teams: string[];
  /** Forge logins (lower-cased) that are this person's: forge collaborators of a private repo see it. */
  logins: string[];
  /** The signed-in person as their sign-in named them (people only). */
  person: SessionUser | null;
  role: Role;
  scopes: ReadonlySet<TokenScope>;
  /** Every repo, whatever its visibility (the local user of `mode: none`, admins, admin tokens). */
  seesAll: boolean;
  /** Internal repos (every signed-in person and token). */
  seesInternal: boolean;
}

/** The signed-in person as a session keeps it. */
export interface SessionUser {
  subject: string;
  email: string | null;
  name: string | null;
  groups: string[];
  /** Their forge login, from the claim or header the config names (`oidc.loginClaim`, `proxy.loginHeader`). */
  login?: string | null;
}

const ALL: ReadonlySet<TokenScope> = new Set(['read', 'crawl', 'admin']);
const READ: ReadonlySet<TokenScope> = new Set(['read']);
const NONE: ReadonlySet<TokenScope> = new Set();

/** The auth settings with every default filled in (`server.auth` absent means `mode: none`). */
export function authConfigOf(loaded: LoadedConfig): AuthConfig {
  return (
    loaded.config.server.auth ?? {
      mode: 'none',
      anonymous: false,
      admins: { people: [], groups: [] },
      groupTeams: {},
      access: [],
      session: { idleMinutes: 60, absoluteHours: 12 },
    }
  );
}

/** `mode: none`: no sign-in; the person at this machine sees everything and starts crawls only with a token. */
export const LOCAL_VIEWER: Viewer = Object.freeze({
  kind: 'local',
  via: 'none',
  label: 'local',
  email: null,
  name: null,
  groups: [],
  teams: [],
  logins: [],
  person: null,
  role: 'viewer',
  scopes: READ,
  seesAll: true,
  seesInternal: true,
});

/** Not signed in: public repos when anonymous browsing is on, nothing otherwise. */
export function anonymousViewer(auth: AuthConfig): Viewer {
  return {
    kind: 'anonymous',
    via: 'none',
    label: 'anonymous',
    email: null,
    name: null,
    groups: [],
    teams: [],
    logins: [],
    person: null,
    role: 'viewer',
    scopes: auth.anonymous ? READ : NONE,
    seesAll: false,
    seesInternal: false,
  };
}

/**
 * A person signed in (OIDC session, trusted proxy, or their feed token): admin by email or group, teams by group
 * and by config, forge logins from their sign-in and from config members that give both email and login.
 */
export function userViewer(
  auth: AuthConfig,
  user: SessionUser,
  via: 'session' | 'proxy' | 'feed',
  people: { teamOfEmail(email: string): string | null; loginsOfEmail(email: string): string[] },
): Viewer {
  const email = user.email?.toLowerCase() ?? null;
  const admin =
    (email !== null && matchesAny(auth.admins.people, email)) ||
    user.groups.some((g) => auth.admins.groups.includes(g));
  const teams = new Set<string>();
  for (const g of user.groups) {
    const t = auth.groupTeams[g];
    if (t) teams.add(t);
  }
  const own = email ? people.teamOfEmail(email) : null;
  if (own) teams.add(own);
  const logins = new Set(email ? people.loginsOfEmail(email) : []);
  if (user.login) logins.add(user.login.trim().replace(/^@/, '').toLowerCase());
  return {
    kind: 'user',
    via,
    label: email ?? user.subject,
    email,
    name: user.name,
    groups: user.groups,
    teams: [...teams].sort(),
    logins: [...logins].filter((l) => l.length > 0).sort(),
    person: user,
    role: admin ? 'admin' : 'viewer',
    scopes: admin ? ALL : READ,
    seesAll: admin,
    seesInternal: true,
  };
}

/** An API token: `crawl` and `admin` include `read`; an admin token sees every repo, others what any signed-in person sees. */
export function tokenViewer(id: string, scopes: readonly TokenScope[]): Viewer {
  const s = new Set<TokenScope>(scopes);
  if (s.has('admin')) for (const x of ALL) s.add(x);
  if (s.has('crawl')) s.add('read');
  return {
    kind: 'token',
    via: 'token',
    label: `token:${id}`,
    email: null,
    name: null,
    groups: [],
    teams: [],
    logins: [],
    person: null,
    role: s.has('admin') ? 'admin' : 'viewer',
    scopes: s,
    seesAll: s.has('admin'),
    seesInternal: true,
  };
}

/** The deprecated single admin token (`server.adminToken`, AGORA_ADMIN_TOKEN): an admin-scoped token. */
export const LEGACY_ADMIN_VIEWER: Viewer = Object.freeze({ ...tokenViewer('admin-token', ['admin']) });

export function matchesAny(globs: readonly string[], value: string): boolean {
  return globs.some((g) => picomatch.isMatch(value, g.toLowerCase(), { nocase: true, dot: true }));
}
