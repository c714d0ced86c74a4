// The one definition of a bot: tells automated commit authors (dependency updaters, CI, forge bots) from
// people, so collaboration metrics count humans only. The crawl stores its answer per commit and the metrics
// ask it again with the same rules. The config adds identities (`bots.add`) and takes people back
// (`bots.notBots`), as emails, names or globs; `notBots` wins over every other rule.

import picomatch from 'picomatch';

const BOT_NAMES = new Set([
  'dependabot',
  'dependabot-preview',
  'renovate',
  'renovate-bot',
  'renovatebot',
  'github-actions',
  'github actions',
  'gitlab bot',
  'gitlab-bot',
  'greenkeeper',
  'snyk-bot',
  'snyk bot',
  'pre-commit-ci',
  'imgbot',
  'allcontributors',
  'semantic-release-bot',
  'mergify',
  'codecov',
  'jenkins',
  'travis ci',
  'travis-ci',
  'circleci',
  'azure pipelines',
  'weblate',
  'transifex',
  'crowdin bot',
]);

const BOT_EMAILS: RegExp[] = [
  // GitHub Apps: `123+name[bot]@users.noreply.github.com`.
  /\[bot\]@users\.noreply\.github\.com$/,
  /^(\d+\+)?(dependabot|renovate|github-actions|actions-user)(\[bot\])?@/,
  // GitLab project, group and service-account bots: project_42_bot_3f2a…@noreply.gitlab.example.com.
  /^(project|group)_\d+_bot(_[0-9a-f]+|\d*)@/,
  /^(noreply|no-reply)@github\.com$/,
  /^bot@renovateapp\.com$/,
  // Service accounts by their mailbox. Not `travis@` (a person called Travis): Travis CI writes from its domain.
  /^(jenkins|ci|build|buildbot|autobuild|ci-bot|gitlab-ci|bamboo|teamcity)@/,
  /@travis-ci\.(org|com)$/,
  /^[^@]*[-_.]bot@/,
];

/** The config's bot rules: identities that are bots, and identities that are people whatever they look like. */
export interface BotRules {
  add: readonly string[];
  notBots: readonly string[];
}

/** The config's `bots:` in either form: a list (identities to add) or `{ add, notBots }`. */
export type BotConfig = readonly string[] | { add?: readonly string[]; notBots?: readonly string[] };

/** Normalises the config's `bots:` (the old list form means `add`). */
export function botRules(config: BotConfig | undefined): BotRules {
  if (config === undefined) return { add: [], notBots: [] };
  if (isList(config)) return { add: config, notBots: [] };
  return { add: config.add ?? [], notBots: config.notBots ?? [] };
}

function isList(config: BotConfig): config is readonly string[] {
  return Array.isArray(config);
}

const matcherCache = new Map<string, (value: string) => boolean>();

function extraMatcher(entry: string): (value: string) => boolean {
  const cached = matcherCache.get(entry);
  if (cached) return cached;
  const lower = entry.toLowerCase();
  let match: (value: string) => boolean;
  if (/[*?[\]{}]/.test(entry)) {
    try {
      const test = picomatch(lower, { nocase: true, dot: true });
      match = (value) => test(value);
    } catch {
      match = (value) => value === lower;
    }
  } else {
    match = (value) => value === lower;
  }
  if (matcherCache.size < 10_000) matcherCache.set(entry, match);
  return match;
}

function listed(entries: readonly string[], n: string, e: string): boolean {
  for (const entry of entries) {
    const match = extraMatcher(entry);
    if (match(e) || match(n)) return true;
  }
  return false;
}

/** True when the config says this identity is a person (`bots.notBots`), whatever the other rules say. */
export function isDeclaredPerson(name: string, email: string, config: BotConfig = []): boolean {
  const { notBots } = botRules(config);
  return notBots.length > 0 && listed(notBots, name.trim().toLowerCase(), email.trim().toLowerCase());
}

/**
 * True when a commit author is automation rather than a person. An empty name (a read without names) is
 * judged by the email and the config alone.
 */
export function isBot(name: string, email: string, config: BotConfig = []): boolean {
  const rules = botRules(config);
  const n = name.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  if (rules.notBots.length > 0 && listed(rules.notBots, n, e)) return false;
  if (n.endsWith('[bot]') || e.includes('[bot]@')) return true;
  if (BOT_NAMES.has(n)) return true;
  if (/(^|[\s_-])bot$/.test(n) && !/\s/.test(n.replace(/[\s_-]bot$/, ''))) return true;
  for (const re of BOT_EMAILS) if (re.test(e)) return true;
  return listed(rules.add, n, e);
}
