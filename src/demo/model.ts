// The plan of a synthetic organisation: people, teams, repositories, packages and who uses
// what. Pure and seeded; the history writer turns a plan into git repositories.

import { FIRST_NAMES, LAST_NAMES, REPO_NOUNS, SHARED_REPO_NAMES, TEAM_NAMES } from './names.ts';
import { createRng, deriveSeed, type Rng } from './prng.ts';

export const LANGUAGES = ['typescript', 'java', 'go', 'python', 'rust', 'csharp', 'ruby', 'php'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How well a repository is documented, from everything the InnerSource base standard asks for to nothing. */
export const QUALITIES = ['exemplary', 'good', 'partial', 'minimal', 'none'] as const;
export type Quality = (typeof QUALITIES)[number];

/** Package families: repos in one family can consume each other's packages. */
export type PackageFamily = 'npm' | 'jvm' | 'go' | 'pypi' | 'cargo' | 'nuget' | 'rubygems' | 'composer';
export type ManifestKind =
  | 'npm'
  | 'maven'
  | 'gradle'
  | 'go'
  | 'pypi'
  | 'requirements'
  | 'cargo'
  | 'nuget'
  | 'rubygems'
  | 'composer';

export interface PackageRef {
  family: PackageFamily;
  name: string;
  /** Index of the repo that publishes it. */
  repo: number;
}

export interface Person {
  id: number;
  name: string;
  email: string;
  /** A second address the person sometimes commits with; merged by `.mailmap`. */
  altEmail?: string;
  team: number;
  /** Moved to another team on this date (epoch seconds, and the ISO day). */
  move?: { team: number; at: number; day: string };
  tz: string;
}

export interface Team {
  key: string;
  name: string;
  /** `domain`: emails under `<team>.example.com`, matched by a glob; `list`: emails listed one by one. */
  emailStyle: 'domain' | 'list';
  handle: string;
  /** Whether the config declares this team's repos with a glob. */
  declaresRepos: boolean;
}

export interface Bot {
  key: 'dependabot' | 'renovate' | 'release';
  name: string;
  email: string;
}

export interface RepoPlan {
  index: number;
  name: string;
  team: number;
  language: Language;
  manifest: ManifestKind | null;
  quality: Quality;
  commits: number;
  /** Epoch seconds of the first and the last commit. */
  start: number;
  end: number;
  /** Target share of commits by people outside the owning team. */
  outsideShare: number;
  publishes: PackageRef | null;
  consumes: PackageRef[];
  /** A second manifest from another ecosystem (the cross-ecosystem repo), at `web/package.json` etc. */
  extra: { manifest: ManifestKind; consumes: PackageRef[] } | null;
  mailmap: boolean;
  ci: 'tests' | 'lint' | null;
  ciSystem: 'github-actions' | 'gitlab-ci' | 'jenkins';
  bots: Bot['key'][];
  /** A deliberately malformed metadata file, to exercise findings. */
  broken: 'innersource' | 'catalog' | null;
}

export interface OrgPlan {
  seed: number;
  org: string;
  /** Epoch seconds: the newest commit is at most this. */
  now: number;
  people: Person[];
  teams: Team[];
  repos: RepoPlan[];
  bots: Bot[];
}

export interface PlanOptions {
  repos: number;
  people: number;
  teams: number;
  years: number;
  commits: number;
  seed: number;
  now: number;
}

const DAY = 86_400;
const LIBRARY_NAME =
  /sdk|client|core|utils|kit|schemas|testing|config|logging|money|retry|i18n|tracing|flags|design|bus|limiter|fixtures/;
const TIMEZONES = ['+0000', '+0100', '+0200', '-0500', '+0530', '+0900', '-0800', '+0100', '+0000'];

export const BOTS: readonly Bot[] = [
  { key: 'dependabot', name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
  { key: 'renovate', name: 'renovate[bot]', email: '29139614+renovate[bot]@users.noreply.github.com' },
  { key: 'release', name: 'Release Bot', email: 'release-bot@example.com' },
];

const FAMILY_OF: Record<Language, PackageFamily> = {
  typescript: 'npm',
  java: 'jvm',
  go: 'go',
  python: 'pypi',
  rust: 'cargo',
  csharp: 'nuget',
  ruby: 'rubygems',
  php: 'composer',
};

/** The package family a manifest belongs to. */
export function familyOf(language: Language): PackageFamily {
  return FAMILY_OF[language];
}

/** Builds the whole plan from the options; the same options give the same plan. */
export function planOrg(opts: PlanOptions): OrgPlan {
  const rng = createRng(deriveSeed(opts.seed, 'org'));
  const teams = planTeams(opts.teams);
  const start = opts.now - Math.round(opts.years * 365.25 * DAY);
  const people = planPeople(rng, opts.people, teams, start, opts.now);
  const repos = planRepos(rng, opts, teams, start);
  planPackages(rng, repos);
  return { seed: opts.seed, org: 'acme', now: opts.now, people, teams, repos, bots: [...BOTS] };
}

function planTeams(count: number): Team[] {
  const teams: Team[] = [];
  for (let i = 0; i < count; i++) {
    const base = TEAM_NAMES[i % TEAM_NAMES.length];
    const key = i < TEAM_NAMES.length ? base : `${base}${Math.floor(i / TEAM_NAMES.length) + 1}`;
    teams.push({
      key,
      name: key.charAt(0).toUpperCase() + key.slice(1),
      emailStyle: i % 2 === 0 ? 'domain' : 'list',
      handle: `@acme/${key}`,
      declaresRepos: i % 3 === 2,
    });
  }
  return teams;
}

function planPeople(rng: Rng, count: number, teams: Team[], start: number, now: number): Person[] {
  const people: Person[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let local = `${first}.${last}`;
    for (let n = 2; used.has(local); n++) local = `${first}.${last}${n}`;
    used.add(local);
    // Every team gets a member first; the rest are spread with some teams larger than others.
    const team = i < teams.length ? i : rng.weighted(teams.map((_, t) => 1 + ((t * 7) % 5)));
    const t = teams[team];
    const email = t.emailStyle === 'domain' ? `${local}@${t.key}.example.com` : `${local}@example.com`;
    const person: Person = {
      id: i,
      name: `${cap(first)} ${cap(last)}`,
      email,
      team,
      tz: rng.pick(TIMEZONES),
    };
    if (rng.chance(0.15)) person.altEmail = `${local.replace('.', '')}@users.noreply.github.com`;
    people.push(person);
  }
  // A few people change teams; they come from listed teams, so `since`/`until` entries express it.
  const movers = Math.max(teams.length >= 2 && count >= teams.length + 1 ? 1 : 0, Math.round(count * 0.02));
  const candidates = people.filter((p) => teams[p.team].emailStyle === 'list' && p.id >= teams.length);
  rng.shuffle(candidates);
  for (const p of candidates.slice(0, movers)) {
    let to = rng.int(0, teams.length - 2);
    if (to >= p.team) to++;
    const at = Math.floor((start + (now - start) * rng.float(0.35, 0.85)) / DAY) * DAY;
    p.move = { team: to, at, day: new Date(at * 1000).toISOString().slice(0, 10) };
  }
  return people;
}

function planRepos(rng: Rng, opts: PlanOptions, teams: Team[], start: number): RepoPlan[] {
  const names = new Set<string>();
  const shared = rng.shuffle([...SHARED_REPO_NAMES]);
  const weights = commitWeights(rng, opts.repos);
  const counts = allocate(opts.commits, weights);
  const teamWeights = teams.map(() => rng.float(0.5, 2));
  const repos: RepoPlan[] = [];
  for (let i = 0; i < opts.repos; i++) {
    const team = i < teams.length ? i : rng.weighted(teamWeights);
    let name =
      shared.length > 0 && rng.chance(0.15) ? shared.pop()! : `${teams[team].key}-${rng.pick(REPO_NOUNS)}`;
    const base = name;
    for (let n = 2; names.has(name); n++) name = `${base}-${n}`;
    names.add(name);
    const language = LANGUAGES[rng.weighted([5, 4, 3, 4, 1.5, 2, 1, 1.5])];
    const quality = QUALITIES[rng.weighted([2, 2.5, 2.5, 2, 1])];
    const commits = counts[i];
    const span = opts.now - start;
    let first = start + Math.floor(span * rng.next() ** 1.5 * 0.95);
    if (rng.chance(0.05)) first = opts.now - rng.int(5, 80) * DAY;
    const dormant = rng.chance(0.2);
    let last = dormant
      ? first + Math.floor((opts.now - first) * rng.float(0.3, 0.8))
      : opts.now - rng.int(0, 3 * DAY);
    last = Math.max(last, first + commits * 60);
    const ciChance = { exemplary: 1, good: 0.8, partial: 0.4, minimal: 0.15, none: 0 }[quality];
    const ci = rng.chance(ciChance) ? (quality === 'partial' || rng.chance(0.15) ? 'lint' : 'tests') : null;
    repos.push({
      index: i,
      name,
      team,
      language,
      manifest: manifestFor(rng, language, quality),
      quality,
      commits,
      start: first,
      end: Math.min(last, opts.now),
      outsideShare: rng.chance(0.15) ? rng.float(0, 0.03) : rng.float(0.08, 0.32),
      publishes: null,
      consumes: [],
      extra: null,
      mailmap: rng.chance(0.3),
      ci,
      ciSystem: rng.chance(0.85) ? 'github-actions' : rng.chance(0.5) ? 'gitlab-ci' : 'jenkins',
      bots: [],
      broken: null,
    });
  }
  // A couple of repos carry malformed metadata so crawls meet untrusted input.
  const metaRepos = repos.filter((r) => r.quality === 'exemplary' || r.quality === 'good');
  if (metaRepos.length >= 4) {
    metaRepos[1].broken = 'innersource';
    metaRepos[3].broken = 'catalog';
  }
  return repos;
}

function manifestFor(rng: Rng, language: Language, quality: Quality): ManifestKind | null {
  if ((quality === 'none' || quality === 'minimal') && rng.chance(0.1)) return null;
  switch (language) {
    case 'typescript':
      return 'npm';
    case 'java':
      return rng.chance(0.5) ? 'maven' : 'gradle';
    case 'go':
      return 'go';
    case 'python':
      return rng.chance(0.7) ? 'pypi' : 'requirements';
    case 'rust':
      return 'cargo';
    case 'csharp':
      return 'nuget';
    case 'ruby':
      return 'rubygems';
    case 'php':
      return 'composer';
  }
}

/** Skewed sizes: most repos are small, a few are large (log-normal). */
function commitWeights(rng: Rng, n: number): number[] {
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    const u1 = Math.max(rng.next(), 1e-9);
    const u2 = rng.next();
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    weights.push(Math.exp(normal * 1.1));
  }
  return weights;
}

/** Splits `total` into integers proportional to `weights` (largest remainder), each at least 1 when possible. */
export function allocate(total: number, weights: number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const floor = total >= n ? 1 : 0;
  const rest = total - floor * n;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const counts = exact.map((x) => floor + Math.floor(x));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) counts[order[k][1]]++;
  return counts;
}

function planPackages(rng: Rng, repos: RepoPlan[]): void {
  const byFamily = new Map<PackageFamily, PackageRef[]>();
  for (const repo of repos) {
    if (!repo.manifest || repo.manifest === 'requirements') continue;
    const library = LIBRARY_NAME.test(repo.name);
    if (!rng.chance(library ? 0.6 : 0.2)) continue;
    const family = familyOf(repo.language);
    const ref: PackageRef = { family, name: packageName(family, repo.name), repo: repo.index };
    repo.publishes = ref;
    const list = byFamily.get(family) ?? [];
    list.push(ref);
    byFamily.set(family, list);
  }
  for (const repo of repos) {
    if (!repo.manifest) continue;
    const pool = (byFamily.get(familyOf(repo.language)) ?? []).filter((p) => p.repo !== repo.index);
    if (pool.length === 0) continue;
    // Early publishers are the popular ones: a few packages are used everywhere.
    const weights = pool.map((_, k) => 1 / (k + 1));
    const want = Math.min(pool.length, rng.weighted([3, 4, 3, 2, 1]));
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < want && tries < want * 4; tries++) chosen.add(rng.weighted(weights));
    repo.consumes = [...chosen].sort((a, b) => a - b).map((k) => pool[k]);
  }
  // One cycle: two publishers of the same family that consume each other.
  for (const list of byFamily.values()) {
    if (list.length < 2) continue;
    const [a, b] = [repos[list[0].repo], repos[list[1].repo]];
    if (!a.consumes.includes(list[1])) a.consumes.push(list[1]);
    if (!b.consumes.includes(list[0])) b.consumes.push(list[0]);
    break;
  }
  // One cross-ecosystem repo: a non-npm repo with a web front end that consumes npm packages.
  const npm = byFamily.get('npm') ?? [];
  const host = repos.find((r) => r.manifest && r.language !== 'typescript');
  if (host && npm.length > 0) host.extra = { manifest: 'npm', consumes: npm.slice(0, 2) };
  for (const repo of repos) {
    if (!repo.manifest) continue;
    if (rng.chance(0.5)) repo.bots.push(rng.chance(0.6) ? 'dependabot' : 'renovate');
    if (repo.publishes && rng.chance(0.5)) repo.bots.push('release');
  }
}

/** The package name a repo publishes under, as its ecosystem spells it. */
export function packageName(family: PackageFamily, repo: string): string {
  switch (family) {
    case 'npm':
      return `@acme/${repo}`;
    case 'jvm':
      return `com.acme:${repo}`;
    case 'go':
      return `git.example.com/acme/${repo}`;
    case 'nuget':
      return `Acme.${pascal(repo)}`;
    case 'composer':
      return `acme/${repo}`;
    default:
      return `acme-${repo}`;
  }
}

export function pascal(name: string): string {
  return name
    .split(/[-_.]/)
    .map((p) => cap(p))
    .join('');
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The team a person belongs to at a moment (epoch seconds). */
export function teamAt(person: Person, at: number): number {
  return person.move && at >= person.move.at ? person.move.team : person.team;
}
