// Git's wildmatch (with WM_PATHNAME, as `.gitattributes` and CODEOWNERS use it) in time linear in the
// pattern times the path, never exponential: patterns come from repositories, and a regular expression
// built from `*a*a*a*a*…b` backtracks for minutes on a long file name.
//
// Semantics: `*` is any run of characters except `/`; `?` one character except `/`; `[...]` a class
// (`!` or `^` negates; ranges; `[:alpha:]` and the other POSIX names; `\` escapes); `**` as a whole
// segment is any number of folders (`**/x`, `a/**/b`; a trailing `/**` is everything inside); `**` inside a
// segment is a plain `*`. Matching is case-sensitive, as git's is by default.
//
// How: each segment is matched with the classic wildcard algorithm that, on a mismatch, retries only from
// the most recent `*` (a later `*` subsumes what an earlier one could try); segments are matched against
// folders with the same algorithm, `**` playing the part of `*`. Both levels are O(n·m).

type CharTest = (code: number) => boolean;
/** One unit of a segment: a literal char code, a class or `?` (a test), or `*` (STAR). */
type Token = number | CharTest | typeof STAR;
const STAR = Symbol('star');
/** A segment of the pattern: its tokens, or GLOBSTAR for a `**` segment. */
type Segment = SegmentMatcher | typeof GLOBSTAR;
const GLOBSTAR = Symbol('globstar');

const ANY: CharTest = () => true;
const SLASH = 47;

const POSIX: Record<string, CharTest> = {
  alnum: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  alpha: (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122),
  blank: (c) => c === 32 || c === 9,
  cntrl: (c) => c < 32 || c === 127,
  digit: (c) => c >= 48 && c <= 57,
  graph: (c) => c > 32 && c < 127,
  lower: (c) => c >= 97 && c <= 122,
  print: (c) => c >= 32 && c < 127,
  punct: (c) => (c > 32 && c < 48) || (c > 57 && c < 65) || (c > 90 && c < 97) || (c > 122 && c < 127),
  space: (c) => c === 32 || (c >= 9 && c <= 13),
  upper: (c) => c >= 65 && c <= 90,
  xdigit: (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102),
};

/** Parses a class starting after `[`; returns its test and the index after `]`, or null when unterminated. */
function parseClass(p: string, start: number): { test: CharTest; end: number } | null {
  let i = start;
  const negated = p[i] === '!' || p[i] === '^';
  if (negated) i++;
  const tests: CharTest[] = [];
  let first = true;
  while (i < p.length) {
    let c = p[i];
    if (c === ']' && !first) {
      const any = (code: number) => tests.some((t) => t(code));
      // A class never matches `/` (WM_PATHNAME), negated or not.
      return { test: negated ? (code) => code !== SLASH && !any(code) : any, end: i + 1 };
    }
    first = false;
    if (c === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      const name = close < 0 ? '' : p.slice(i + 2, close);
      if (close >= 0 && Object.hasOwn(POSIX, name)) {
        tests.push(POSIX[name]);
        i = close + 2;
        continue;
      }
      if (close >= 0) return null; // an unknown class name: wildmatch gives up on the pattern
    }
    if (c === '\\') {
      i++;
      if (i >= p.length) return null;
      c = p[i];
    }
    const lo = c.charCodeAt(0);
    if (p[i + 1] === '-' && i + 2 < p.length && p[i + 2] !== ']') {
      let j = i + 2;
      if (p[j] === '\\') j++;
      if (j >= p.length) return null;
      const hi = p.charCodeAt(j);
      tests.push((code) => code >= lo && code <= hi);
      i = j + 1;
      continue;
    }
    tests.push((code) => code === lo);
    i++;
  }
  return null;
}

/** Tokens of one segment (no `/` in it); null when the pattern cannot match anything. */
function parseSegment(seg: string): Token[] | null {
  const tokens: Token[] = [];
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') {
      if (tokens[tokens.length - 1] !== STAR) tokens.push(STAR); // `**` inside a segment is `*`
    } else if (c === '?') tokens.push(ANY);
    else if (c === '[') {
      const cls = parseClass(seg, i + 1);
      if (!cls) return null;
      tokens.push(cls.test);
      i = cls.end - 1;
    } else if (c === '\\') {
      if (i + 1 >= seg.length) return null; // a trailing backslash matches nothing in wildmatch
      tokens.push(seg.charCodeAt(++i));
    } else tokens.push(seg.charCodeAt(i));
  }
  return tokens;
}

function tokenMatches(token: Token, code: number): boolean {
  return typeof token === 'number' ? token === code : (token as CharTest)(code);
}

/** A compiled segment: its tokens plus cheap facts that reject most names before the real match. */
interface SegmentMatcher {
  tokens: Token[];
  /** Characters a name needs at least (every token but `*`). */
  minLength: number;
  /** False when the segment has no `*`: the name's length is then exactly minLength. */
  hasStar: boolean;
  /** Literal char codes the name must end with (the tokens after the last `*` or class). */
  suffix: number[];
}

function segmentMatcher(tokens: Token[]): SegmentMatcher {
  let minLength = 0;
  for (const t of tokens) if (t !== STAR) minLength++;
  const suffix: number[] = [];
  for (let k = tokens.length - 1; k >= 0 && typeof tokens[k] === 'number'; k--)
    suffix.unshift(tokens[k] as number);
  return { tokens, minLength, hasStar: minLength !== tokens.length, suffix };
}

/** Matches one segment against `s[from, to)`, which holds no `/`. O(length × tokens), never exponential. */
function matchSegment(m: SegmentMatcher, s: string, from: number, to: number): boolean {
  const length = to - from;
  if (m.hasStar ? length < m.minLength : length !== m.minLength) return false;
  for (let k = m.suffix.length - 1, i = to - 1; k >= 0; k--, i--)
    if (s.charCodeAt(i) !== m.suffix[k]) return false;
  const tokens = m.tokens;
  let t = 0;
  let i = from;
  let starT = -1;
  let starI = 0;
  while (i < to) {
    if (t < tokens.length) {
      const token = tokens[t];
      if (token === STAR) {
        starT = t++;
        starI = i;
        continue;
      }
      if (tokenMatches(token, s.charCodeAt(i))) {
        t++;
        i++;
        continue;
      }
    }
    if (starT < 0) return false;
    // Let the last `*` take one more character, and retry the rest from there.
    t = starT + 1;
    i = ++starI;
  }
  while (t < tokens.length && tokens[t] === STAR) t++;
  return t === tokens.length;
}

/** A path split into its segments once, so that many globs can test it. */
export interface SplitPath {
  path: string;
  /** Start and end (exclusive) offset of each segment. */
  starts: number[];
  ends: number[];
}

/** Splits a `/`-separated path into segment offsets. */
export function splitPath(path: string): SplitPath {
  const starts: number[] = [0];
  const ends: number[] = [];
  for (let i = 0; i < path.length; i++) {
    if (path.charCodeAt(i) === SLASH) {
      ends.push(i);
      starts.push(i + 1);
    }
  }
  ends.push(path.length);
  return { path, starts, ends };
}

export interface Glob {
  /** True when the whole path matches. */
  test(path: string): boolean;
  /** True when the path's segments from `from` on match (for patterns relative to a folder). */
  testSplit(path: SplitPath, from?: number): boolean;
}

/**
 * Compiles a `/`-separated wildmatch pattern (no leading `/`: the caller anchors it); null when the
 * pattern can match nothing (an unterminated class, a trailing backslash).
 */
export function compileGlob(pattern: string): Glob | null {
  const segments: Segment[] = [];
  const parts = pattern.split('/');
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    if (part === '**') {
      if (segments[segments.length - 1] === GLOBSTAR) continue;
      // A trailing `/**` is everything inside: at least one more segment.
      if (k === parts.length - 1 && k > 0) segments.push(segmentMatcher([STAR]));
      segments.push(GLOBSTAR);
      continue;
    }
    const tokens = parseSegment(part);
    if (!tokens) return null;
    segments.push(segmentMatcher(tokens));
  }
  // Without `**` the path has exactly as many segments as the pattern.
  const fixed = !segments.includes(GLOBSTAR);
  return {
    test: (path) => matchPath(segments, splitPath(path), 0, fixed),
    testSplit: (path, from = 0) => matchPath(segments, path, from, fixed),
  };
}

/** Compiles a pattern for one name (a segment, no `/`): a `.gitattributes` pattern without a slash. */
export function compileNameGlob(pattern: string): ((s: string, from?: number) => boolean) | null {
  if (pattern.includes('/')) return null;
  const tokens = parseSegment(pattern);
  if (!tokens) return null;
  const m = segmentMatcher(tokens);
  return (s, from = 0) => matchSegment(m, s, from, s.length);
}

function matchPath(segments: Segment[], split: SplitPath, from: number, fixed: boolean): boolean {
  const { path, starts, ends } = split;
  const n = starts.length;
  if (fixed && n - from !== segments.length) return false;
  let p = 0;
  let s = from;
  let starP = -1;
  let starS = 0;
  while (s < n) {
    if (p < segments.length) {
      const seg = segments[p];
      if (seg === GLOBSTAR) {
        starP = p++;
        starS = s;
        continue;
      }
      if (matchSegment(seg, path, starts[s], ends[s])) {
        p++;
        s++;
        continue;
      }
    }
    if (starP < 0) return false;
    // Let the last `**` take one more folder, and retry the rest from there.
    p = starP + 1;
    s = ++starS;
  }
  while (p < segments.length && segments[p] === GLOBSTAR) p++;
  return p === segments.length;
}
