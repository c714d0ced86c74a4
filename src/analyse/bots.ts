// Tells automated commit authors (dependency updaters, CI, forge bots) from people, so collaboration
// metrics count humans only. Extra identities come from the config as emails, names or globs.

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
  /^(jenkins|ci|build|buildbot|autobuild|ci-bot|gitlab-ci|travis|bamboo|teamcity)@/,
  /^[^@]*[-_.]bot@/,
];

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

/** True when a commit author is automation rather than a person. */
export function isBot(name: string, email: string, extra: readonly string[] = []): boolean {
  const n = name.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  if (n.endsWith('[bot]') || e.includes('[bot]@')) return true;
  if (BOT_NAMES.has(n)) return true;
  if (/(^|[\s_-])bot$/.test(n) && !/\s/.test(n.replace(/[\s_-]bot$/, ''))) return true;
  for (const re of BOT_EMAILS) if (re.test(e)) return true;
  for (const entry of extra) {
    const match = extraMatcher(entry);
    if (match(e) || match(n)) return true;
  }
  return false;
}
