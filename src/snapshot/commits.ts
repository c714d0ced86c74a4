// Reads a repository's commits (all of HEAD's history, or only those since the last crawled sha) as
// CommitRecords, streamed: identities mapped by `.mailmap`, emails lower-cased, names decoded defensively,
// absurd dates clamped and unparsable authors recorded as findings. When git stops at a missing object, the
// commits still readable (up to the gap) are read one by one from their objects.

import type { CommitRecord, Finding } from '../analyse/facts.ts';
import { AgoraError } from '../errors.ts';
import { runGit, streamGit } from '../git/exec.ts';
import { CatFileReader } from '../git/parse/cat-file.ts';
import { type LogMode, logArgs, parseLog, type RawCommit } from '../git/parse/log.ts';

export interface ReadCommitsOptions {
  /** Last crawled sha: only commits in `since..head` are read. */
  since?: string | null;
  head: string;
  /** Time-out for the whole history read. */
  timeoutMs: number;
  /** Read line counts (`--numstat`, needs blobs); false reads changed files only (`--raw`, no blobs). */
  lineCounts: boolean;
  /** An organisation-wide mailmap file, applied after the repository's own `.mailmap`. */
  mailmapFile?: string;
  /**
   * What the caller already knows of `.mailmap` at `head` from the tree it listed: 'absent' (no such file),
   * 'readable' (its blob is in the object store), 'unreadable' (listed, blob missing: a finding). Unknown (the
   * default) costs one git process to find out.
   */
  mailmapAtHead?: 'absent' | 'readable' | 'unreadable';
  classifyBot?: (name: string, email: string) => boolean;
  /** Told what could not be read (line counts, part of the history). Without it those problems throw. */
  onFinding?: (finding: Finding) => void;
  /** Latest plausible commit time (unix seconds); default a day after now. Later times are clamped. */
  maxTime?: number;
}

/** Earliest plausible commit time: 1970-01-01 (git cannot write earlier ones; negative times are damage). */
export const MIN_COMMIT_TIME = 0;
const DAY = 86_400;
/** At most this many commits are read one by one past a gap git's own walk stops at. */
const MAX_RECOVERED = 200_000;

export const MAX_NAME_LENGTH = 256;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes identity bytes: UTF-8 when valid, else Latin-1 (the usual legacy encoding); capped in length. */
export function decodeIdentity(bytes: Buffer, max = MAX_NAME_LENGTH): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = bytes.toString('latin1');
  }
  // Control characters have no place in a name and would upset terminals and CSV exports.
  text = text.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return text.length > max ? Array.from(text).slice(0, max).join('') : text;
}

/** The default bot test: GitHub/GitLab bot accounts and common automation identities. */
export function isBotIdentity(name: string, email: string): boolean {
  return (
    /\[bot\]$/i.test(name) ||
    /\[bot\]@/i.test(email) ||
    /^(dependabot|renovate|github-actions|greenkeeper|snyk-bot)\b/i.test(name) ||
    /^(noreply|no-reply)@github\.com$/i.test(email)
  );
}

function toRecord(
  raw: RawCommit,
  lineCounts: boolean,
  classify: (n: string, e: string) => boolean,
): CommitRecord {
  const authorName = raw.brokenAuthor ? '' : decodeIdentity(raw.name);
  const authorEmail = decodeIdentity(raw.email, 320).toLowerCase();
  const onlyBinary = raw.binaryFiles > 0 && raw.binaryFiles === raw.filesChanged;
  const counted = lineCounts && !onlyBinary;
  return {
    sha: raw.sha,
    parents: raw.parents,
    authorName,
    authorEmail,
    authorTime: raw.authorTime,
    committerTime: raw.committerTime,
    filesChanged: raw.filesChanged,
    additions: counted ? raw.additions : null,
    deletions: counted ? raw.deletions : null,
    isBot: classify(authorName, authorEmail),
  };
}

function checkRev(rev: string, what: string): void {
  if (!rev || rev.startsWith('-') || /[\s\0]/.test(rev)) {
    throw new AgoraError('GIT_FAILED', `invalid ${what} revision`, { details: { rev } });
  }
}

/**
 * Mailmap config: the repo's `.mailmap` at `head` (works for bare repos too) and an optional org file. A
 * `.mailmap` whose blob a blobless mirror lacks would make git log fail outright, so it is checked first
 * (one call) and left out, with a finding, when absent.
 */
async function mailmapArgs(
  gitDir: string,
  head: string,
  opts: Pick<ReadCommitsOptions, 'mailmapFile' | 'timeoutMs' | 'mailmapAtHead'>,
  report: (finding: Finding) => void,
): Promise<string[]> {
  const file = ['-c', `mailmap.file=${opts.mailmapFile ?? '/dev/null'}`];
  if (opts.mailmapAtHead === 'absent') return ['-c', 'mailmap.blob=', ...file];
  if (opts.mailmapAtHead === 'readable') return ['-c', `mailmap.blob=${head}:.mailmap`, ...file];
  const unavailable = () =>
    report({
      code: 'MAILMAP_UNAVAILABLE',
      severity: 'info',
      message:
        'the repository has a .mailmap whose content could not be read; identities are not merged by it',
      path: '.mailmap',
    });
  if (opts.mailmapAtHead === 'unreadable') {
    unavailable();
    return ['-c', 'mailmap.blob=', ...file];
  }
  const check = await runGit(['cat-file', '--batch-check'], {
    gitDir,
    input: `${head}:.mailmap\n`,
    timeoutMs: opts.timeoutMs,
    okExitCodes: [128],
  });
  const reply = check.stdout.toString('latin1').trim();
  if (check.exitCode === 0 && / blob \d+$/.test(reply))
    return ['-c', `mailmap.blob=${head}:.mailmap`, ...file];
  if (check.exitCode !== 0) unavailable();
  return ['-c', 'mailmap.blob=', ...file];
}

/**
 * Streams the commits of `since..head` (or all of `head`'s history), newest first. When line counts cannot be
 * read (a blob missing) it falls back to file counts and reports `LINE_COUNTS_UNAVAILABLE`; when part of the
 * history cannot be read it yields what was read and reports `HISTORY_INCOMPLETE`. Times outside
 * [1970, maxTime] are replaced (by the other of author/committer time when that one is plausible, else the
 * nearest bound) and reported as `COMMIT_DATE_INVALID`; authors git cannot parse as `AUTHOR_UNREADABLE`.
 * Time-outs throw.
 */
export async function* readCommits(gitDir: string, opts: ReadCommitsOptions): AsyncGenerator<CommitRecord> {
  const maxTime = opts.maxTime ?? Math.floor(Date.now() / 1000) + DAY;
  const dates = { count: 0, example: '' };
  const authors = { count: 0, example: '' };
  for await (const c of readHistory(gitDir, opts)) {
    if (c.brokenAuthor) {
      authors.count++;
      authors.example ||= c.record.sha;
    }
    // An unparsable author has no time at all: that is the author finding, not a date one.
    if (clampTimes(c.record, maxTime) && !c.brokenAuthor) {
      dates.count++;
      dates.example ||= c.record.sha;
    }
    yield c.record;
  }
  if (dates.count > 0) {
    opts.onFinding?.({
      code: 'COMMIT_DATE_INVALID',
      severity: 'warning',
      message: `${dates.count} commit${dates.count === 1 ? ' has' : 's have'} a date before 1970 or in the future (e.g. ${dates.example.slice(0, 12)}); stored with the nearest plausible date`,
    });
  }
  if (authors.count > 0) {
    opts.onFinding?.({
      code: 'AUTHOR_UNREADABLE',
      severity: 'warning',
      message: `${authors.count} commit${authors.count === 1 ? ' has' : 's have'} an author line git cannot parse (e.g. ${authors.example.slice(0, 12)}); stored without author name and email`,
    });
  }
}

/** Replaces implausible times of a commit in place; true when one was. */
function clampTimes(c: CommitRecord, maxTime: number): boolean {
  const ok = (t: number) => Number.isFinite(t) && t >= MIN_COMMIT_TIME && t <= maxTime;
  const clamp = (t: number) => (Number.isFinite(t) && t > maxTime ? maxTime : MIN_COMMIT_TIME);
  const authorOk = ok(c.authorTime);
  const committerOk = ok(c.committerTime);
  if (authorOk && committerOk) return false;
  if (!authorOk) c.authorTime = committerOk ? c.committerTime : clamp(c.authorTime);
  if (!committerOk) c.committerTime = c.authorTime;
  return true;
}

interface HistoryCommit {
  record: CommitRecord;
  brokenAuthor: boolean;
}

async function* readHistory(gitDir: string, opts: ReadCommitsOptions): AsyncGenerator<HistoryCommit> {
  checkRev(opts.head, 'head');
  if (opts.since) checkRev(opts.since, 'since');
  const classify = opts.classifyBot ?? isBotIdentity;
  const report = (finding: Finding, cause: unknown) => {
    if (!opts.onFinding) throw cause;
    opts.onFinding(finding);
  };
  const deadline = Date.now() + opts.timeoutMs;
  let mode: LogMode = opts.lineCounts ? 'numstat' : 'raw';
  let skip = 0;
  let linesLost: { finding: Finding; cause: unknown } | null = null;
  const mailmap = await mailmapArgs(gitDir, opts.head, opts, (f) => opts.onFinding?.(f));
  // What was yielded, and the parents it named: where a read past a gap goes on from.
  const yielded = new Set<string>();
  const parentsOf: string[] = [];
  const emit = (raw: RawCommit): HistoryCommit => {
    yielded.add(raw.sha);
    for (const p of raw.parentIds) parentsOf.push(p);
    return { record: toRecord(raw, mode === 'numstat', classify), brokenAuthor: raw.brokenAuthor };
  };
  for (;;) {
    const git = streamGit([...mailmap, ...logArgs(mode, opts.head, opts.since)], {
      gitDir,
      timeoutMs: Math.max(1, deadline - Date.now()),
    });
    let seen = 0;
    let failure: unknown = null;
    let finished = false;
    // One commit is held back until the next starts or git exits cleanly: if git dies while printing a
    // commit's diff, that commit's counts are partial and it must come from the retry instead.
    let held: RawCommit | null = null;
    try {
      for await (const raw of parseLog(git.stdout, mode)) {
        if (held) {
          // A retry in `raw` mode repeats the commits already yielded (same order); skip them.
          if (seen >= skip) yield emit(held);
          seen++;
        }
        held = raw;
      }
      finished = true;
    } finally {
      if (!finished) git.kill();
    }
    try {
      await git.done;
    } catch (err) {
      if (err instanceof AgoraError && err.code === 'GIT_TIMEOUT') throw err;
      failure = err;
    }
    if (held && (failure === null || mode === 'raw')) {
      if (seen >= skip) yield emit(held);
      seen++;
    }
    if (failure === null) {
      if (linesLost) report(linesLost.finding, linesLost.cause);
      return;
    }
    // A head or since the repository does not know is the caller's error, not damage to report.
    if (
      seen === 0 &&
      /unknown revision|bad revision|ambiguous argument|invalid object name/i.test(String(failure))
    ) {
      throw failure;
    }
    const message = failure instanceof Error ? failure.message : String(failure);
    if (mode === 'numstat') {
      // Retry without line counts; report the loss only if that retry reads the history (a missing blob),
      // not when it fails the same way (a missing commit or tree, reported below).
      linesLost = {
        finding: {
          code: 'LINE_COUNTS_UNAVAILABLE',
          severity: 'info',
          message: `line counts could not be read after ${seen} commits (a blob is missing); files changed only: ${message}`,
        },
        cause: failure,
      };
      mode = 'raw';
      skip = seen;
      continue;
    }
    // git's walk stops at the first commit whose parent is missing, even when more is readable (that commit
    // itself, other branches of merges): read those from their objects, without their changed files.
    let recovered = 0;
    if (!opts.since && opts.onFinding) {
      const start = yielded.size === 0 ? [opts.head] : parentsOf.filter((p) => !yielded.has(p));
      for await (const raw of readCommitObjects(gitDir, start, yielded, deadline)) {
        recovered++;
        yield { record: toRecord(raw, false, classify), brokenAuthor: raw.brokenAuthor };
      }
    }
    report(
      {
        code: 'HISTORY_INCOMPLETE',
        severity: 'warning',
        message:
          `history could not be read past ${Math.max(seen, skip)} commits (an object is missing)` +
          (recovered > 0 ? `; ${recovered} more read up to the gap, without their changed files` : '') +
          `: ${message}`,
      },
      failure,
    );
    return;
  }
}

/**
 * The commits reachable from `start` whose objects are present, read one by one (breadth first, each once,
 * skipping `done`), as header-only raw commits (no changed files, no mailmap). Stops at missing objects.
 */
async function* readCommitObjects(
  gitDir: string,
  start: readonly string[],
  done: Set<string>,
  deadline: number,
): AsyncGenerator<RawCommit> {
  const reader = new CatFileReader(gitDir, { timeoutMs: Math.max(1, deadline - Date.now()) });
  const queue = [...new Set(start)].filter((sha) => SHA_RE.test(sha) && !done.has(sha));
  const queued = new Set(queue);
  let read = 0;
  try {
    while (queue.length > 0 && read < MAX_RECOVERED && Date.now() < deadline) {
      const sha = queue.shift()!;
      const obj = await reader.read(sha, 1 << 20);
      if (obj.missing || obj.type !== 'commit') continue;
      const raw = parseCommitObject(sha, obj.content);
      read++;
      done.add(sha);
      yield raw;
      for (const p of raw.parentIds) {
        if (done.has(p) || queued.has(p)) continue;
        queued.add(p);
        queue.push(p);
      }
    }
  } finally {
    await reader.close();
  }
}

const SHA_RE = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const IDENT_RE = /^(.*?) ?<([^<>]*)> (-?\d+)(?: [+-]\d{4})?$/s;

/** A commit object's header as a raw commit (author from its `author` line; no changed files). */
export function parseCommitObject(sha: string, content: Buffer): RawCommit {
  const headerEnd = content.indexOf('\n\n');
  const lines = content
    .subarray(0, headerEnd < 0 ? content.length : headerEnd)
    .toString('latin1')
    .split('\n');
  const raw: RawCommit = {
    sha,
    parents: 0,
    parentIds: [],
    name: Buffer.alloc(0),
    email: Buffer.alloc(0),
    brokenAuthor: true,
    authorTime: Number.NaN,
    committerTime: Number.NaN,
    filesChanged: 0,
    additions: 0,
    deletions: 0,
    binaryFiles: 0,
  };
  for (const line of lines) {
    if (line.startsWith('parent ')) raw.parentIds.push(line.slice(7).trim());
    else if (line.startsWith('author ')) {
      const m = IDENT_RE.exec(line.slice(7));
      if (m) {
        raw.name = Buffer.from(m[1], 'latin1');
        raw.email = Buffer.from(m[2], 'latin1');
        raw.authorTime = Number(m[3]);
        raw.brokenAuthor = false;
      }
    } else if (line.startsWith('committer ')) {
      const m = IDENT_RE.exec(line.slice(10));
      if (m) raw.committerTime = Number(m[3]);
    }
  }
  raw.parents = raw.parentIds.length;
  return raw;
}
