// Reads a repository's commits (all of HEAD's history, or only those since the last crawled sha) as
// CommitRecords, streamed: identities mapped by `.mailmap`, emails lower-cased, names decoded defensively.

import { isBot } from '../analyse/bots.ts';
import type { CommitRecord, Finding } from '../analyse/facts.ts';
import { AgoraError } from '../errors.ts';
import { runGit, streamGit } from '../git/exec.ts';
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
}

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

function toRecord(
  raw: RawCommit,
  lineCounts: boolean,
  classify: (n: string, e: string) => boolean,
): CommitRecord {
  const authorName = decodeIdentity(raw.name);
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
 * history cannot be read it yields what was read and reports `HISTORY_INCOMPLETE`. Time-outs throw.
 */
export async function* readCommits(gitDir: string, opts: ReadCommitsOptions): AsyncGenerator<CommitRecord> {
  checkRev(opts.head, 'head');
  if (opts.since) checkRev(opts.since, 'since');
  // The one definition of a bot (the crawl passes the config's rules to it).
  const classify = opts.classifyBot ?? ((name: string, email: string) => isBot(name, email));
  const report = (finding: Finding, cause: unknown) => {
    if (!opts.onFinding) throw cause;
    opts.onFinding(finding);
  };
  const deadline = Date.now() + opts.timeoutMs;
  let mode: LogMode = opts.lineCounts ? 'numstat' : 'raw';
  let skip = 0;
  let linesLost: { finding: Finding; cause: unknown } | null = null;
  const mailmap = await mailmapArgs(gitDir, opts.head, opts, (f) => opts.onFinding?.(f));
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
          if (seen >= skip) yield toRecord(held, mode === 'numstat', classify);
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
      if (seen >= skip) yield toRecord(held, mode === 'numstat', classify);
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
    report(
      {
        code: 'HISTORY_INCOMPLETE',
        severity: 'warning',
        message: `history could not be read past ${Math.max(seen, skip)} commits (an object is missing): ${message}`,
      },
      failure,
    );
    return;
  }
}
