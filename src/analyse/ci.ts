// Which CI systems a repository configures, and whether each configuration visibly runs tests: directly,
// or through what it calls in the repository: a script (`ci/run-build-and-tests.sh`, `./script/test`), an
// npm script (`npm run ci`), a Makefile target (`make ci`), followed a few steps deep.

import type { Snapshot } from '../snapshot/snapshot.ts';
import type { CiFact } from './facts.ts';
import { isRecord, ownValue } from './manifests/common.ts';
import { depthOf, isSymlinkMode } from './paths.ts';
import { MAKEFILES } from './tests.ts';

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
  /\b(npx\s+)?(jest|vitest|mocha|jasmine|karma|ava|tape|borp|uvu|qunit|playwright\s+test|cypress\s+run)\b/,
  /\bnode\s+--test\b|\btap\s+[\w./*-]*test|\bprove\b|\bbats\s/,
  /\bpytest\b|\bpy\.test\b|python[\d.]*\s+-m\s+(pytest|unittest|nose2?)\b|\bnox\b|\btox\b|\bhatch\s+(test|run\s+test)/,
  /\b(go|richgo)\s+test\b|\bgotest(sum)?\b|\bginkgo\b/,
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

// Scripts a CI configuration may call: in a scripts or CI folder, or a shell script at the root.
const CI_SCRIPT =
  /^(?:(?:\.?ci|scripts?|tools|build|\.github\/scripts|\.buildkite)\/(?:[^/.]+|[^/]+\.(?:sh|bash|ps1))|[^/]+\.(?:sh|bash))$/;
/** At most this many such scripts are read per repository. */
export const MAX_CI_SCRIPTS = 50;

/** True for a script a CI configuration may run, whose content tells whether it runs tests. */
export function isCiScriptPath(path: string): boolean {
  return depthOf(path) <= 2 && CI_SCRIPT.test(path);
}

// Repository paths in a command (`ci/run-build-and-tests.sh`, `./script/test`, `bash tools/ci.sh`).
const PATH_REF = /(?:^|[\s;&|('"=])(?:\.\/)?((?:[\w.-]+\/)*[\w.-]+)/g;
const NPM_SCRIPT_REF = /\b(?:(?:npm|pnpm|bun)\s+run(?:-script)?|yarn(?:\s+run)?)\s+([\w:.-]+)/g;
const MAKE_REF = /(?:\bmake|\$\(MAKE\)|\$\{MAKE\})\s+(?:-\S+\s+)*([\w.-]+)/g;
const MAX_STEPS = 3;

interface Follow {
  snapshot: Snapshot;
  blobs: Set<string>;
  npmScripts: Record<string, unknown> | null;
  makefile: string | null;
  seen: Set<string>;
}

function readable(snapshot: Snapshot, path: string): string | null {
  const file = snapshot.files.get(path);
  return file && !file.binary && file.text !== null ? file.text : null;
}

/** The recipe lines and prerequisites of a Makefile target, as one text; null when there is no such target. */
function makeTarget(makefile: string, target: string): string | null {
  const lines = makefile.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.startsWith(`${target}:`) && !line.startsWith(`${target} :`)) continue;
    if (line.slice(target.length).trimStart().startsWith(':=')) continue;
    const body = [line.slice(line.indexOf(':') + 1)];
    for (let j = i + 1; j < lines.length && lines[j].startsWith('\t') && body.length < 200; j++)
      body.push(lines[j]);
    return body.join('\n');
  }
  return null;
}

/** What a command text calls in the repository that runs tests, e.g. `ci/run-build-and-tests.sh`; null if nothing. */
function viaCalled(text: string, f: Follow, depth: number): string | null {
  if (depth > MAX_STEPS) return null;
  for (const m of text.matchAll(PATH_REF)) {
    const path = m[1];
    if (!f.blobs.has(path) || f.seen.has(path) || !isCiScriptPath(path)) continue;
    f.seen.add(path);
    // A script named for its tests (`run-build-and-tests.sh`, `script/test`) runs them.
    if (/test/i.test(path.slice(path.lastIndexOf('/') + 1))) return path;
    const body = readable(f.snapshot, path);
    if (body !== null && (runsTests(body) || viaCalled(body, f, depth + 1))) return path;
  }
  if (f.npmScripts) {
    for (const m of text.matchAll(NPM_SCRIPT_REF)) {
      const name = m[1];
      const key = `npm:${name}`;
      if (f.seen.has(key)) continue;
      f.seen.add(key);
      const script = ownValue(f.npmScripts, name);
      if (typeof script !== 'string') continue;
      if (runsTests(script) || viaCalled(script, f, depth + 1)) return `npm run ${name}`;
    }
  }
  if (mavenWithoutGoal(text)) {
    // `mvn -B -V` runs the root pom's <defaultGoal> (every Apache Commons repository: `clean verify …`).
    const goal = defaultGoal(f.snapshot);
    if (goal !== null && !f.seen.has('maven:defaultGoal')) {
      f.seen.add('maven:defaultGoal');
      if (runsTests(`mvn ${goal}`)) return 'pom.xml <defaultGoal>';
    }
  }
  if (f.makefile) {
    for (const m of text.matchAll(MAKE_REF)) {
      const target = m[1];
      const key = `make:${target}`;
      if (f.seen.has(key)) continue;
      f.seen.add(key);
      const body = makeTarget(f.makefile, target);
      if (body === null) continue;
      // Prerequisites first: `ci: lint test` runs the tests.
      const [prerequisites, ...recipe] = body.split('\n');
      if (/(?:^|\s)(?:test|tests|check|unit)(?:\s|$)/.test(prerequisites)) return `make ${target}`;
      const calls = prerequisites
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((p) => `make ${p}`);
      if (runsTests(recipe.join('\n')) || viaCalled([...recipe, ...calls].join('\n'), f, depth + 1))
        return `make ${target}`;
    }
  }
  return null;
}

// Maven options whose value is the next word (`-P ci`, `-pl core`, `-f pom.xml`).
const MAVEN_VALUE_OPTIONS = new Set([
  '-P',
  '--activate-profiles',
  '-pl',
  '--projects',
  '-f',
  '--file',
  '-s',
  '--settings',
  '-gs',
  '--global-settings',
  '-T',
  '--threads',
  '-rf',
  '--resume-from',
  '-l',
  '--log-file',
  '-t',
  '--toolchains',
]);

/** True when a command line runs Maven with options only, no goal or phase: the pom's default goal runs. */
export function mavenWithoutGoal(text: string): boolean {
  for (const line of text.split('\n')) {
    for (const m of line.matchAll(/(?:^|[\s;&|('"])(?:\.\/)?(?:mvnw?|mvnd)(?=\s|$)([^;&|\n]*)/g)) {
      const words = m[1].trim().split(/\s+/).filter(Boolean);
      let goal = false;
      for (let i = 0; i < words.length; i++) {
        if (words[i].startsWith('-')) {
          if (MAVEN_VALUE_OPTIONS.has(words[i])) i++;
          continue;
        }
        goal = true;
        break;
      }
      if (!goal) return true;
    }
  }
  return false;
}

/** The root pom.xml's `<defaultGoal>`, or null. */
function defaultGoal(snapshot: Snapshot): string | null {
  const pom = readable(snapshot, 'pom.xml');
  const m = pom === null ? null : /<defaultGoal>\s*([^<]{1,500}?)\s*<\/defaultGoal>/.exec(pom);
  return m ? m[1] : null;
}

function npmScriptsOf(snapshot: Snapshot): Record<string, unknown> | null {
  const text = readable(snapshot, 'package.json');
  if (text === null) return null;
  try {
    const json: unknown = JSON.parse(text);
    const scripts = isRecord(json) ? ownValue(json, 'scripts') : undefined;
    return isRecord(scripts) ? scripts : null;
  } catch {
    return null;
  }
}

/** One fact per CI configuration file; `runsTests` is null when its content was not readable. */
export function analyseCi(snapshot: Snapshot): CiFact[] {
  const facts: CiFact[] = [];
  let follow: Follow | null = null;
  for (const entry of snapshot.tree) {
    if (entry.type !== 'blob') continue;
    const system = ciSystemOf(entry.path);
    if (!system) continue;
    // A symlinked workflow has content only when the snapshot followed it to a file of the repository.
    const file = snapshot.files.get(entry.path);
    let result: boolean | null = null;
    let via: string | undefined;
    if (file && !file.binary && file.text !== null) {
      let found = runsTests(file.text, system);
      if (!found) {
        follow ??= {
          snapshot,
          blobs: new Set(
            snapshot.tree.filter((e) => e.type === 'blob' && !isSymlinkMode(e.mode)).map((e) => e.path),
          ),
          npmScripts: npmScriptsOf(snapshot),
          makefile: [...MAKEFILES].map((p) => readable(snapshot, p)).find((t) => t !== null) ?? null,
          seen: new Set(),
        };
        follow.seen.clear();
        via = viaCalled(withoutComments(file.text, system), follow, 1) ?? undefined;
        found = via !== undefined;
      }
      // A truncated file that shows no test command may hide one further down.
      result = found ? true : file.truncated ? null : false;
    }
    facts.push(
      via
        ? { system, path: entry.path, runsTests: result, via }
        : { system, path: entry.path, runsTests: result },
    );
  }
  return facts;
}
