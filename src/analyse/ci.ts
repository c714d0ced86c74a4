// Which CI systems a repository configures, and whether each configuration visibly runs tests.

import type { Snapshot } from '../snapshot/snapshot.ts';
import type { CiFact } from './facts.ts';
import { isSymlinkMode } from './paths.ts';

const SYSTEMS: [string, RegExp][] = [
  ['github-actions', /^\.github\/workflows\/[^/]+\.ya?ml$/i],
  ['gitlab-ci', /^\.gitlab-ci\.ya?ml$/i],
  ['gitlab-ci', /^\.gitlab\/ci\/[^/]+\.ya?ml$/i],
  ['jenkins', /^(?:[^/]+\/)?Jenkinsfile(?:\.[\w-]+)?$/],
  ['azure-pipelines', /^(?:\.azure-pipelines\/|\.azuredevops\/)?azure-pipelines[\w.-]*\.ya?ml$/i],
  ['azure-pipelines', /^\.azure-pipelines\/[^/]+\.ya?ml$/i],
  ['circleci', /^\.circleci\/config\.ya?ml$/i],
  ['travis', /^\.travis\.ya?ml$/i],
  ['bitbucket-pipelines', /^bitbucket-pipelines\.ya?ml$/i],
  ['drone', /^\.drone\.ya?ml$/i],
  ['buildkite', /^\.buildkite\/[^/]+\.(ya?ml|json|sh)$/i],
  ['woodpecker', /^\.woodpecker(?:\.ya?ml|\/[^/]+\.ya?ml)$/i],
  ['gitea-actions', /^\.(?:gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i],
];

// Commands that run a test suite. Maven's package/install/deploy and Gradle's build/check run tests too.
const TEST_COMMANDS: RegExp[] = [
  /\b(npm|pnpm|yarn|bun)\s+(?:-{1,2}[\w=@./-]+(?:\s+[\w@./][\w@./-]*)?\s+){0,4}(run\s+)?(test|t|coverage)(\b|:)/,
  /\b(npm|pnpm|yarn|bun)\s+run\s+[\w:-]*test[\w:-]*/,
  /\b(npx\s+)?(jest|vitest|mocha|jasmine|karma|playwright\s+test|cypress\s+run)\b/,
  /\bpytest\b|\bpy\.test\b|python[\d.]*\s+-m\s+(pytest|unittest|nose2?)\b|\bnox\b|\btox\b|\bhatch\s+(test|run\s+test)/,
  /\bgo\s+test\b|\bgotestsum\b|\bginkgo\b/,
  /\b(mvn|mvnw)\b(?![^\n]*-D(skipTests|maven\.test\.skip=true)\b)[^\n]*\b(test|verify|package|install|deploy)\b/,
  /\b(gradle|gradlew)\b(?![^\n]*\s-x\s+test\b)[^\n]*\b(test|check|build|connectedCheck)\b/,
  /\bcargo\s+(test|nextest)\b/,
  /\bdotnet\s+test\b|\bvstest\b/,
  /\bmake\s+(-\S+\s+)*(test|tests|check|ci|unit)\b|\bctest\b/,
  /\b(rspec|rake\s+(test|spec)|rails\s+test|minitest)\b/,
  /\bphpunit\b|\bpest\b|\bcodecept(ion)?\s+run\b/,
  /\bmix\s+test\b|\bsbt\b[^\n]*\btest\b|\bswift\s+test\b|\bflutter\s+test\b|\bdart\s+test\b|\bdeno\s+test\b/,
  /\bbazel(isk)?\s+test\b|\bmeson\s+test\b|\bstack\s+test\b|\bcabal\s+test\b|\blein\s+test\b|\bxcodebuild\b[^\n]*\btest\b/,
  // GitHub Actions and GitLab templates that exist to run tests.
  /uses:\s*[\w.-]+\/[\w.-]*test[\w.-]*@/i,
  /\bjunit\b|\btest-results\b|\bcoverage\s*:/i,
];

/** The CI system a path configures, or null. */
export function ciSystemOf(path: string): string | null {
  // CI configs sit in the root, in a dot-folder, or (Jenkinsfile) one folder down.
  if (path.charCodeAt(0) !== 46 && path.indexOf('/') !== path.lastIndexOf('/')) return null;
  for (const [system, re] of SYSTEMS) if (re.test(path)) return system;
  return null;
}

function withoutComments(text: string, system: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*#/.test(line)) continue;
    if (system === 'jenkins' && /^\s*\/\//.test(line)) continue;
    out.push(line.length > 4000 ? line.slice(0, 4000) : line);
  }
  return out.join('\n');
}

/** True when the text runs a known test command. */
export function runsTests(text: string, system = ''): boolean {
  const body = withoutComments(text, system);
  return TEST_COMMANDS.some((re) => re.test(body));
}

/** One fact per CI configuration file; `runsTests` is null when its content was not readable. */
export function analyseCi(snapshot: Snapshot): CiFact[] {
  const facts: CiFact[] = [];
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob') continue;
    const system = ciSystemOf(entry.path);
    if (!system) continue;
    const file = isSymlinkMode(entry.mode) ? undefined : snapshot.files.get(entry.path);
    let result: boolean | null = null;
    if (file && !file.binary && file.text !== null) {
      const found = runsTests(file.text, system);
      // A truncated file that shows no test command may hide one further down.
      result = found ? true : file.truncated ? null : false;
    }
    facts.push({ system, path: entry.path, runsTests: result });
  }
  return facts;
}
