// Writes one synthetic repository's whole history as a `git fast-import` stream: a scaffold
// commit, then years of small human edits, cross-team contributions and bot bumps.

import { CODE_STYLES, type RepoNames, randomUnit, repoNames, type TextKind, type Unit } from './code.ts';
import { ciFiles, docFiles } from './docs.ts';
import {
  bumpVersion,
  companionFiles,
  externalDeps,
  type ManifestState,
  manifestPath,
  renderManifest,
} from './manifests.ts';
import { type Bot, type OrgPlan, type Person, type RepoPlan, teamAt } from './model.ts';
import { OBJECTS, VERBS } from './names.ts';
import { createRng, deriveSeed, type Rng } from './prng.ts';

interface TextFile {
  lines: string[];
  kind: TextKind;
  test: boolean;
  unit: Unit;
  /** Lines at the start and end that edits leave alone (package line, closing brace). */
  head: number;
  tail: number;
}

interface Author {
  name: string;
  email: string;
  tz: string;
}

export interface RepoHistoryStats {
  commits: number;
  botCommits: number;
  outsideCommits: number;
  authors: Set<string>;
}

const GITIGNORE: Record<string, string[]> = {
  typescript: ['node_modules/', 'dist/'],
  java: ['target/', 'build/', '.gradle/'],
  go: ['/bin/'],
  python: ['__pycache__/', '.venv/', '*.pyc'],
  rust: ['target/'],
  csharp: ['bin/', 'obj/'],
  ruby: ['.bundle/', 'vendor/'],
  php: ['vendor/'],
};

/**
 * Yields the fast-import stream of one repo, chunk by chunk (one chunk per commit), and fills
 * `stats`. Depends only on the plan and the repo's index, so repos can be generated in any order.
 */
export function* repoHistory(
  plan: OrgPlan,
  repo: RepoPlan,
  options: { rich: boolean },
  stats: RepoHistoryStats,
): Generator<string> {
  const rng = createRng(deriveSeed(plan.seed, 'repo', repo.index));
  const names = repoNames(repo.name);
  const team = plan.teams[repo.team];
  const style = CODE_STYLES[repo.language];
  const files = new Map<string, TextFile>();
  const editable: string[] = [];
  const staticFiles: Record<string, string[]> = {};

  const insiders = rng.shuffle(
    plan.people.filter((p) => p.team === repo.team || p.move?.team === repo.team).map((p) => p.id),
  );
  const outsiders = rng
    .shuffle(plan.people.filter((p) => p.team !== repo.team).map((p) => p.id))
    .slice(0, rng.int(1, 6));
  const insiderWeights = insiders.map((_, k) => 1 / (k + 1) ** 1.1);
  const outsiderWeights = outsiders.map((_, k) => 1 / (k + 1));

  function addUnit(unit: Unit, withTest: boolean): void {
    addText(style.sourcePath(names, unit), repo.language, unit, false, rng.int(2, 6));
    if (withTest) addText(style.testPath(names, unit), repo.language, unit, true, rng.int(1, 4));
  }
  function addText(path: string, kind: TextKind, unit: Unit, test: boolean, blocks: number): void {
    if (files.has(path)) return;
    const s = CODE_STYLES[kind];
    const head = s.header(names, unit, test);
    const tail = s.footer(test);
    const body: string[] = [];
    for (let i = 0; i < blocks; i++) body.push(...s.block(rng, unit, test));
    files.set(path, {
      lines: [...head, ...body, ...tail],
      kind,
      test,
      unit,
      head: head.length,
      tail: tail.length,
    });
    editable.push(path);
  }

  // The scaffold: code, tests, docs of the repo's quality, manifests, CI.
  const units = { exemplary: [3, 8], good: [3, 8], partial: [2, 6], minimal: [1, 5], none: [1, 5] }[
    repo.quality
  ];
  const testChance = { exemplary: 0.9, good: 0.8, partial: 0.5, minimal: 0.3, none: 0.3 }[repo.quality];
  for (let i = rng.int(units[0], units[1]); i > 0; i--) addUnit(randomUnit(rng), rng.chance(testChance));
  if (repo.quality === 'exemplary' || repo.quality === 'good')
    for (let i = rng.int(1, 3); i > 0; i--)
      addText(`docs/${randomUnit(rng).kebab}.md`, 'markdown', randomUnit(rng), false, 2);
  Object.assign(staticFiles, languageFiles(repo, names));
  Object.assign(staticFiles, docFiles(rng, { repo, team, org: plan.org, rich: options.rich }));
  Object.assign(staticFiles, ciFiles(repo));
  staticFiles['.gitignore'] = GITIGNORE[repo.language];
  if (repo.mailmap) staticFiles['.mailmap'] = mailmap(plan, [...insiders, ...outsiders]);

  const manifests: { state: ManifestState; path: string }[] = [];
  if (repo.manifest) {
    const state: ManifestState = {
      kind: repo.manifest,
      repo: repo.name,
      publishes: repo.publishes?.name ?? null,
      version: `${rng.int(0, 3)}.${rng.int(0, 9)}.0`,
      internal: repo.consumes.map((p) => p.name),
      external: externalDeps(rng, repo.manifest),
    };
    manifests.push({ state, path: manifestPath(state) });
    Object.assign(staticFiles, companionFiles(state));
  }
  if (repo.extra) {
    const state: ManifestState = {
      kind: repo.extra.manifest,
      repo: `${repo.name}-web`,
      publishes: null,
      version: '0.1.0',
      internal: repo.extra.consumes.map((p) => p.name),
      external: externalDeps(rng, repo.extra.manifest),
    };
    manifests.push({ state, path: manifestPath(state, 'web/') });
  }

  const times = commitTimes(rng, repo);
  const changelog: string[] = [];
  for (let c = 0; c < times.length; c++) {
    const at = times[c];
    const out: string[] = [];
    let author: Author;
    let message: string;
    if (c === 0) {
      author = pickInsider(at) ?? pickAnyone(at);
      message = 'Initial commit';
      for (const [path, f] of files) out.push(modify(path, f.lines));
      for (const [path, lines] of Object.entries(staticFiles)) out.push(modify(path, lines));
      for (const m of manifests) out.push(modify(m.path, renderManifest(m.state)));
      stats.commits++;
      yield commitText(author, at, message, out);
      continue;
    }
    const bot = pickBot();
    if (bot) {
      const change = botChange(bot);
      if (change) {
        stats.commits++;
        stats.botCommits++;
        stats.authors.add(bot.email);
        yield commitText({ name: bot.name, email: bot.email, tz: '+0000' }, at, change.message, change.out);
        continue;
      }
    }
    const outside = rng.chance(repo.outsideShare);
    const picked = outside ? (pickOutsider(at) ?? pickInsider(at)) : (pickInsider(at) ?? pickOutsider(at));
    author = picked ?? pickAnyone(at);
    message = `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}${rng.chance(0.4) ? ` (#${rng.int(1, 900)})` : ''}`;
    humanChange(out);
    stats.commits++;
    yield commitText(author, at, message, out);
  }

  function toAuthor(p: Person): Author {
    const email = p.altEmail && rng.chance(0.3) ? p.altEmail : p.email;
    return { name: p.name, email, tz: p.tz };
  }
  function pickInsider(at: number): Author | null {
    if (insiders.length === 0) return null;
    for (let tries = 0; tries < 8; tries++) {
      const p = plan.people[insiders[rng.weighted(insiderWeights)]];
      if (teamAt(p, at) === repo.team) return used(p, false);
    }
    for (const id of insiders)
      if (teamAt(plan.people[id], at) === repo.team) return used(plan.people[id], false);
    return null;
  }
  function pickOutsider(at: number): Author | null {
    if (outsiders.length === 0) return null;
    const p = plan.people[outsiders[rng.weighted(outsiderWeights)]];
    return used(p, teamAt(p, at) !== repo.team);
  }
  function pickAnyone(at: number): Author {
    const p = plan.people[rng.int(0, plan.people.length - 1)];
    return used(p, teamAt(p, at) !== repo.team);
  }
  function used(p: Person, outside: boolean): Author {
    const a = toAuthor(p);
    stats.authors.add(a.email);
    if (outside) stats.outsideCommits++;
    return a;
  }
  function pickBot(): Bot | null {
    if (repo.bots.length === 0) return null;
    const r = rng.next();
    if (r < 0.03) {
      const key = repo.bots.find((b) => b !== 'release');
      return key ? plan.bots.find((b) => b.key === key)! : null;
    }
    if (r < 0.04 && repo.bots.includes('release')) return plan.bots.find((b) => b.key === 'release')!;
    return null;
  }
  function botChange(bot: Bot): { message: string; out: string[] } | null {
    const m = manifests[0];
    if (!m) return null;
    if (bot.key === 'release') {
      m.state.version = bumpVersion(rng, m.state.version);
      changelog.unshift(`## ${m.state.version}`, '', `- ${rng.pick(VERBS)} ${rng.pick(OBJECTS)}`, '');
      return {
        message: `chore(release): ${m.state.version}`,
        out: [
          modify(m.path, renderManifest(m.state)),
          modify('CHANGELOG.md', ['# Changelog', '', ...changelog]),
        ],
      };
    }
    if (m.state.external.length === 0) return null;
    const dep = rng.pick(m.state.external);
    const old = dep.version;
    dep.version = bumpVersion(rng, old);
    const message =
      bot.key === 'dependabot'
        ? `Bump ${dep.name} from ${old} to ${dep.version}`
        : `Update dependency ${dep.name} to v${dep.version}`;
    return { message, out: [modify(m.path, renderManifest(m.state))] };
  }
  function humanChange(out: string[]): void {
    const count = 1 + rng.weighted([40, 25, 15, 12, 8]);
    const touched = new Set<string>();
    if (rng.chance(editable.length > 60 ? 0.005 : 0.02)) {
      const unit = randomUnit(rng);
      const before = editable.length;
      if (rng.chance(0.15)) addText(`docs/${unit.kebab}.md`, 'markdown', unit, false, rng.int(1, 3));
      else addUnit(unit, rng.chance(testChance));
      for (const path of editable.slice(before)) {
        touched.add(path);
        out.push(modify(path, files.get(path)!.lines));
      }
    } else if (editable.length > 4 && rng.chance(0.007)) {
      const k = rng.int(0, editable.length - 1);
      const [path] = editable.splice(k, 1);
      files.delete(path);
      touched.add(path);
      out.push(`D ${path}\n`);
    }
    for (let tries = 0; touched.size < count && tries < count * 3 && editable.length > 0; tries++) {
      const path = editable[rng.int(0, editable.length - 1)];
      if (touched.has(path)) continue;
      touched.add(path);
      const f = files.get(path)!;
      editFile(f);
      out.push(modify(path, f.lines));
    }
  }
  function editFile(f: TextFile): void {
    const s = CODE_STYLES[f.kind];
    const ops = rng.int(1, 2);
    for (let i = 0; i < ops; i++) {
      const lo = f.head;
      const hi = f.lines.length - f.tail;
      const bodyLength = hi - lo;
      const r = rng.next();
      if (bodyLength > 40 ? r < 0.7 : bodyLength > 3 && r < 0.15) {
        const at = lo + rng.int(0, bodyLength - 1);
        f.lines.splice(at, Math.min(rng.int(1, bodyLength > 40 ? 8 : 3), hi - at));
      } else if (bodyLength > 0 && r < 0.55) {
        const at = lo + rng.int(0, bodyLength - 1);
        const line = s.statement(rng);
        f.lines[at] = line === f.lines[at] ? `${line} // ${rng.int(0, 1e6)}` : line;
      } else if (r < 0.85) {
        const at = lo + rng.int(0, bodyLength);
        const add: string[] = [];
        for (let k = rng.int(1, 4); k > 0; k--) add.push(s.statement(rng));
        f.lines.splice(at, 0, ...add);
      } else {
        f.lines.splice(lo + rng.int(0, bodyLength), 0, ...s.block(rng, f.unit, f.test));
      }
    }
  }
}

/** Commit times: the first at the repo's start, the rest spread to its end, never decreasing. */
function commitTimes(rng: Rng, repo: RepoPlan): number[] {
  const times = [repo.start];
  const span = Math.max(1, repo.end - repo.start);
  const rest: number[] = [];
  for (let i = 1; i < repo.commits; i++) rest.push(repo.start + 1 + Math.floor(rng.next() * span));
  rest.sort((a, b) => a - b);
  return times.concat(rest);
}

function languageFiles(repo: RepoPlan, names: RepoNames): Record<string, string[]> {
  switch (repo.language) {
    case 'typescript':
      return { 'tsconfig.json': ['{', '  "compilerOptions": { "strict": true, "module": "NodeNext" }', '}'] };
    case 'python':
      return { [`src/${names.snake}/__init__.py`]: [`"""${names.pascal}."""`] };
    case 'rust':
      return { 'src/lib.rs': [`//! ${names.pascal}.`] };
    case 'go':
      return { [`cmd/${repo.name}/main.go`]: ['package main', '', 'func main() {}'] };
    default:
      return {};
  }
}

function mailmap(plan: OrgPlan, ids: number[]): string[] {
  const lines = ['# Merge the addresses people have committed with.'];
  for (const id of [...new Set(ids)].sort((a, b) => a - b)) {
    const p = plan.people[id];
    if (p.altEmail) lines.push(`${p.name} <${p.email}> <${p.altEmail}>`);
  }
  return lines;
}

function modify(path: string, lines: string[]): string {
  const content = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  return `M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
}

function commitText(author: Author, at: number, message: string, changes: string[]): string {
  const who = `${author.name} <${author.email}> ${at} ${author.tz}`;
  const msg = `${message}\n`;
  return `commit refs/heads/main\nauthor ${who}\ncommitter ${who}\ndata ${Buffer.byteLength(msg)}\n${msg}${changes.join('')}\n`;
}
