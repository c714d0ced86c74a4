// Rule types about files and folders by path and content: existence, absence, directories, and regex
// searches in file contents (also the targets of the repolinter import).

import { DOC_KINDS } from '../../analyse/facts.ts';
import { findDoc, knownPaths, matchesAny, regexFlags, regexSource } from './helpers.ts';
import { fail, notApplicable, notEvaluated, pass, ruleType, type Zod } from './rule-type.ts';

const globs = (z: Zod) => z.array(z.string().min(1)).min(1);

const TREE_UNKNOWN =
  'the full file list of this repository is not stored; run `agora check PATH` on a working tree';

export const fileExists = ruleType({
  type: 'file-exists',
  summary:
    'A document of a kind (README, CONTRIBUTING…) or a file matching a glob exists; org defaults count unless `inherit: false`.',
  options: (z) =>
    z
      .object({
        type: z.literal('file-exists'),
        kind: z.enum(DOC_KINDS).optional(),
        paths: globs(z).optional(),
        inherit: z.boolean().default(true),
        /** Folders matching `paths` count too (repolinter `dirs: true`). */
        dirs: z.boolean().default(false),
      })
      .strict()
      .refine((o) => o.kind || o.paths, 'file-exists needs `kind` or `paths`'),
  evaluate(subject, o) {
    if (o.kind) {
      const found = findDoc(subject, o.kind, o.inherit);
      if (found) {
        const where = found.inherited
          ? `${found.doc.path} (inherited from the organisation's .github repository)`
          : found.doc.path;
        return pass(`found ${where}`, { path: found.doc.path, inherited: found.inherited });
      }
    }
    if (o.paths) {
      const { paths, complete } = knownPaths(subject);
      const hit = paths.find((p) => matchesAny(p, o.paths ?? []));
      if (hit) return pass(`found ${hit}`, { path: hit });
      const folder = o.dirs ? [...foldersOf(paths)].find((d) => matchesFolder(d, o.paths ?? [])) : undefined;
      if (folder) return pass(`found folder ${folder}/`, { path: folder });
      if (o.inherit && subject.inherited) {
        const orgHit = [...subject.inherited.files.keys()].find((p) => matchesAny(p, o.paths ?? []));
        if (orgHit) return pass(`found ${orgHit} (inherited)`, { path: orgHit, inherited: true });
      }
      if (!complete && !o.kind) return notEvaluated(TREE_UNKNOWN);
    }
    return fail(o.kind ? `no ${o.kind.replace(/_/g, ' ')} file` : `no file matches ${o.paths?.join(', ')}`);
  },
});

export const fileNotExists = ruleType({
  type: 'file-not-exists',
  summary: 'No file matches the globs.',
  options: (z) => z.object({ type: z.literal('file-not-exists'), paths: globs(z) }).strict(),
  evaluate(subject, o) {
    const { paths, complete } = knownPaths(subject);
    const hits = paths.filter((p) => matchesAny(p, o.paths));
    if (hits.length > 0)
      return fail(
        `found ${hits.slice(0, 5).join(', ')}${hits.length > 5 ? ` and ${hits.length - 5} more` : ''}`,
        { path: hits[0] },
      );
    if (!complete) return notEvaluated(TREE_UNKNOWN);
    return pass(`no file matches ${o.paths.join(', ')}`);
  },
});

export const directoryExists = ruleType({
  type: 'directory-exists',
  summary: 'A folder matching one of the globs exists.',
  options: (z) => z.object({ type: z.literal('directory-exists'), paths: globs(z) }).strict(),
  evaluate(subject, o) {
    const { paths, complete } = knownPaths(subject);
    for (const d of foldersOf(paths))
      if (matchesFolder(d, o.paths)) return pass(`found folder ${d}/`, { path: d });
    if (!complete) return notEvaluated(TREE_UNKNOWN);
    return fail(`no folder matches ${o.paths.join(', ')}`);
  },
});

/** Every folder that holds one of the paths (a tree lists files only; folders are their prefixes). */
function foldersOf(paths: readonly string[]): Set<string> {
  const dirs = new Set<string>();
  for (const p of paths) {
    let i = p.lastIndexOf('/');
    while (i > 0) {
      const d = p.slice(0, i);
      if (dirs.has(d)) break;
      dirs.add(d);
      i = d.lastIndexOf('/');
    }
  }
  return dirs;
}

/** A folder matches a glob written with or without its trailing slash (`.github/ISSUE_TEMPLATE/`). */
function matchesFolder(dir: string, globs: readonly string[]): boolean {
  return matchesAny(dir, globs) || matchesAny(`${dir}/`, globs);
}

const contentsOptions = (z: Zod) => ({
  paths: globs(z),
  pattern: regexSource(z),
  flags: regexFlags(z),
  /** Every matching file must satisfy it (repolinter `globsAll`), rather than at least one. */
  all: z.boolean().default(false),
  /** How to name the pattern in messages. */
  label: z.string().optional(),
});

type Subject = Parameters<typeof fileExists.evaluate>[0];
type ContentsOptions = { paths: string[]; pattern: string; flags?: string; label?: string };

/**
 * What a contents rule reads: the texts of the files matching its globs (in order), the matching files whose
 * content was not read, its pattern and how messages name it; or its result when no file matches.
 */
function readMatching(subject: Subject, o: ContentsOptions) {
  const { paths, complete } = knownPaths(subject);
  const matched = paths.filter((p) => matchesAny(p, o.paths));
  if (matched.length === 0) {
    return {
      none: complete ? notApplicable(`no file matches ${o.paths.join(', ')}`) : notEvaluated(TREE_UNKNOWN),
    };
  }
  const texts: { path: string; text: string }[] = [];
  const unread: string[] = [];
  for (const path of matched) {
    const text = subject.files.get(path)?.text ?? null;
    if (text === null) unread.push(path);
    else texts.push({ path, text });
  }
  const re = new RegExp(o.pattern, (o.flags ?? '').replace('g', ''));
  return { texts, unread, re, label: o.label ?? `/${o.pattern}/` };
}

function notRead(unread: string[]) {
  return notEvaluated(`the content of ${unread.join(', ')} was not read (binary, too large or not stored)`);
}

export const fileContents = ruleType({
  type: 'file-contents',
  summary: 'Files matching the globs contain the pattern (a regular expression).',
  options: (z) => z.object({ type: z.literal('file-contents'), ...contentsOptions(z) }).strict(),
  evaluate(subject, o) {
    const read = readMatching(subject, o);
    if (read.none) return read.none;
    const { texts, unread, re, label } = read;
    const without: string[] = [];
    for (const { path, text } of texts) {
      if (!re.test(text)) without.push(path);
      else if (!o.all) return pass(`${path} contains ${label}`, { path });
    }
    if (without.length > 0)
      return fail(`${without.join(', ')} ${without.length > 1 ? 'do' : 'does'} not contain ${label}`, {
        path: without[0],
      });
    if (unread.length > 0) return notRead(unread);
    return pass(`every matching file contains ${label}`);
  },
});

export const fileNotContents = ruleType({
  type: 'file-not-contents',
  summary: 'No file matching the globs contains the pattern.',
  options: (z) => z.object({ type: z.literal('file-not-contents'), ...contentsOptions(z) }).strict(),
  evaluate(subject, o) {
    const read = readMatching(subject, o);
    if (read.none) return read.none;
    const { texts, unread, re, label } = read;
    const hit = texts.find((t) => re.test(t.text));
    if (hit) return fail(`${hit.path} contains ${label}`, { path: hit.path });
    if (unread.length > 0) return notRead(unread);
    return pass(`no matching file contains ${label}`);
  },
});
