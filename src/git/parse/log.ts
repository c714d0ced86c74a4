// Streaming parser of `git log -z` in Agora's machine format, with `--numstat` (lines) or `--raw` (files only).
// It scans bytes for NUL separators chunk by chunk, so history is never held whole and never split as text.

/** The `--format` every history read uses: a 0x01 marker, then NUL-separated fields (see `parseLog`). */
export const LOG_FORMAT = '%x01%H %P%x00%aN%x00%aE%x00%at %ct';
const HEADER_FIELDS = 4;

export type LogMode = 'numstat' | 'raw';

/** One commit as git printed it; names and emails still bytes (decoding is the caller's policy). */
export interface RawCommit {
  sha: string;
  parents: number;
  /** The parents' ids (a history read that stops at a missing object goes on from them). */
  parentIds: string[];
  name: Buffer;
  email: Buffer;
  /**
   * git could not parse the author line (no `<email>`: git then prints the placeholders `%aN`/`%aE`
   * themselves and no author time); name and email are then empty and the time NaN.
   */
  brokenAuthor: boolean;
  authorTime: number;
  committerTime: number;
  filesChanged: number;
  /** Sums over text files; binary files (`-\t-`) add nothing. Zero in `raw` mode. */
  additions: number;
  deletions: number;
  /** Files `--numstat` reported as binary. */
  binaryFiles: number;
}

/** git log arguments for a range (`since..head`, or all of `head`'s history) in the given mode. */
export function logArgs(mode: LogMode, head: string, since?: string | null): string[] {
  return [
    'log',
    '-z',
    `--format=${LOG_FORMAT}`,
    '--encoding=UTF-8',
    '--use-mailmap',
    '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    '--no-relative',
    mode === 'numstat' ? '--numstat' : '--raw',
    '--end-of-options',
    since ? `${since}..${head}` : head,
    '--',
  ];
}

// Parser states (plain numbers: the hot loop compares them per token).
const State = { Start: 0, Header: 1, Diff: 2, RawPath: 3 } as const;
type State = (typeof State)[keyof typeof State];

/** Parses a stream of `git log -z` output (as produced with `logArgs`) into commits, as they complete. */
export async function* parseLog(source: AsyncIterable<Buffer>, mode: LogMode): AsyncGenerator<RawCommit> {
  const parser = new LogParser(mode);
  for await (const chunk of source) {
    parser.push(chunk);
    const ready = parser.take();
    for (const commit of ready) yield commit;
  }
  parser.end();
  for (const commit of parser.take()) yield commit;
}

/** The synchronous core of `parseLog`: push chunks, take completed commits. */
export class LogParser {
  private readonly numstat: boolean;
  private state: State = State.Start;
  private field = 0;
  private current: RawCommit | null = null;
  private firstDiffToken = false;
  private pending: Buffer[] = [];
  private out: RawCommit[] = [];
  /** Tokens that did not fit the format (kept as a count so a caller can report them). */
  malformed = 0;

  constructor(mode: LogMode) {
    this.numstat = mode === 'numstat';
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(0, start);
      if (end < 0) break;
      if (this.pending.length > 0) {
        this.pending.push(chunk.subarray(start, end));
        const token = Buffer.concat(this.pending);
        this.pending = [];
        this.token(token, 0, token.length);
      } else {
        this.token(chunk, start, end);
      }
      start = end + 1;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  /** Flushes the last token and commit. */
  end(): void {
    if (this.pending.length > 0) {
      const token = Buffer.concat(this.pending);
      this.pending = [];
      this.token(token, 0, token.length);
    }
    this.finish();
  }

  take(): RawCommit[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private finish(): void {
    if (this.current && this.state !== State.Header) this.out.push(this.current);
    this.current = null;
  }

  private token(buf: Buffer, start: number, end: number): void {
    switch (this.state) {
      case State.Header:
        this.headerField(buf, start, end);
        return;
      case State.RawPath:
        // The path after a `--raw` record: positional, so a path starting with 0x01 is still a path.
        this.state = State.Diff;
        return;
      case State.Start:
      case State.Diff: {
        if (end > start && buf[start] === 0x01) {
          this.finish();
          this.current = {
            sha: '',
            parents: 0,
            parentIds: [],
            brokenAuthor: false,
            name: EMPTY,
            email: EMPTY,
            authorTime: 0,
            committerTime: 0,
            filesChanged: 0,
            additions: 0,
            deletions: 0,
            binaryFiles: 0,
          };
          this.state = State.Header;
          this.field = 0;
          this.headerField(buf, start + 1, end);
          return;
        }
        if (this.state === State.Start || !this.current) {
          if (end > start) this.malformed++;
          return;
        }
        // The first diff record follows the header after a newline.
        if (this.firstDiffToken && end > start && buf[start] === 0x0a) start++;
        this.firstDiffToken = false;
        if (end <= start) return;
        this.diffToken(this.current, buf, start, end);
        return;
      }
    }
  }

  private headerField(buf: Buffer, start: number, end: number): void {
    const c = this.current!;
    switch (this.field) {
      case 0: {
        // `<sha> <parent> <parent>…`
        const text = buf.toString('latin1', start, end);
        const sp = text.indexOf(' ');
        c.sha = sp < 0 ? text : text.slice(0, sp);
        c.parentIds =
          sp < 0
            ? []
            : text
                .slice(sp + 1)
                .split(' ')
                .filter(Boolean);
        c.parents = c.parentIds.length;
        break;
      }
      case 1:
        c.name = Buffer.from(buf.subarray(start, end));
        break;
      case 2:
        c.email = Buffer.from(buf.subarray(start, end));
        // git prints a placeholder it cannot expand as itself: the author line has no parsable identity.
        if (c.name.equals(NAME_PLACEHOLDER) && c.email.equals(EMAIL_PLACEHOLDER)) {
          c.brokenAuthor = true;
          c.name = EMPTY;
          c.email = EMPTY;
        }
        break;
      case 3: {
        const sp = buf.indexOf(0x20, start);
        if (sp < 0 || sp >= end) {
          c.authorTime = readInt(buf, start, end);
          c.committerTime = c.authorTime;
        } else {
          c.authorTime = readInt(buf, start, sp);
          c.committerTime = readInt(buf, sp + 1, end);
        }
        break;
      }
    }
    this.field++;
    if (this.field === HEADER_FIELDS) {
      this.state = State.Diff;
      this.firstDiffToken = true;
    }
  }

  private diffToken(c: RawCommit, buf: Buffer, start: number, end: number): void {
    if (!this.numstat) {
      if (buf[start] === 0x3a /* : */) {
        c.filesChanged++;
        this.state = State.RawPath;
      } else {
        this.malformed++;
      }
      return;
    }
    // `<added>\t<deleted>\t<path>`, or `-\t-\t<path>` for a binary file.
    if (buf[start] === 0x2d /* - */) {
      c.filesChanged++;
      c.binaryFiles++;
      return;
    }
    let i = start;
    let added = 0;
    while (i < end && buf[i] >= 0x30 && buf[i] <= 0x39) added = added * 10 + (buf[i++] - 0x30);
    if (i === start || buf[i] !== 0x09) {
      this.malformed++;
      return;
    }
    const j0 = ++i;
    let deleted = 0;
    while (i < end && buf[i] >= 0x30 && buf[i] <= 0x39) deleted = deleted * 10 + (buf[i++] - 0x30);
    if (i === j0) {
      this.malformed++;
      return;
    }
    c.filesChanged++;
    c.additions += added;
    c.deletions += deleted;
  }
}

const EMPTY = Buffer.alloc(0);
const NAME_PLACEHOLDER = Buffer.from('%aN');
const EMAIL_PLACEHOLDER = Buffer.from('%aE');

/** A decimal integer; NaN when there are no digits (git printed no time for an unparsable identity). */
function readInt(buf: Buffer, start: number, end: number): number {
  let n = 0;
  let i = start;
  let sign = 1;
  if (buf[i] === 0x2d) {
    sign = -1;
    i++;
  }
  const first = i;
  for (; i < end; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return i === first ? Number.NaN : sign * n;
}
