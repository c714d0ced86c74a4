// Reads the response time a repository promises guests ("we answer within 2 business days", "PRs are
// reviewed within 48 hours") from CONTRIBUTING prose and from innersource.json, so the standards can compare
// the promise with what the forge shows. Pure and bounded: a capped text, linear regexes, no I/O.
//
// Only statements by the host count: a sentence needs a response word (respond, reply, answer, review,
// triage, acknowledge, get back, response time, SLA, turnaround) and a duration introduced as a bound
// ("within", "in", "under", "less than", "no later than", "up to", "at most", or "is/of" after "SLA",
// "response time" or "turnaround"). Demands on the contributor ("please respond within 2 weeks", "if you do
// not reply within 14 days the issue is closed"), frequencies ("we review PRs twice a week") and vague
// amounts ("within a few days") are not promises.

import type { DocFact, PromiseTerm, PromiseUnit, ResponsePromise } from './facts.ts';
import { INNERSOURCE_PATHS } from './innersource-json.ts';
import { isRecord } from './manifests/common.ts';

/** What a promise covers. */
export type PromiseTarget = 'pull-requests' | 'issues';

/** Only this much of a document is read; a promise is stated in prose near the top. */
export const MAX_PROMISE_TEXT = 100_000;
/** Sentences longer than this are cut (a table row or a minified blob is no promise). */
const MAX_SENTENCE = 600;
const MAX_QUOTE = 200;

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'twenty-four': 24,
  'forty-eight': 48,
  'seventy-two': 72,
  'a couple of': 2,
  couple: 2,
};

const NUM = String.raw`(\d{1,3}(?:[.,]5)?|a couple of|twenty-four|forty-eight|seventy-two|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|thirty)`;
// An optional lower end of a range: "1-2", "1 to 2", "one or two", "24–48".
const RANGE = String.raw`(?:(?:\d{1,3}|one|two|three|four|five|six|seven)\s*(?:-|–|—|to|or)\s*)?`;
const UNIT = String.raw`(business|working|work|week)?[\s-]*(minutes?|mins?|hours?|hrs?|h|days?|weekdays?|weeks?|wks?)\b`;
const BOUND =
  '(?:within|in|under|less than|no later than|no more than|not more than|up to|at most|at the latest in|by)';

/** A duration introduced as a bound. */
const BOUNDED = new RegExp(
  String.raw`\b${BOUND}\s+(?:the\s+)?(?:next\s+)?${RANGE}${NUM}?[\s-]*${UNIT}`,
  'gi',
);
/** "next business day", "same working day". */
const NEXT_DAY = /\b(next|same|following)\s+(business|working|work)?\s*day\b/gi;
/** A duration anywhere after "SLA", "response time" or "turnaround" ("Our SLA is 3 business days"). */
const STATED = new RegExp(
  String.raw`\b(?:sla|response[\s-]times?|turn-?around(?:\s+time)?|time to first response)\b[^.;]{0,60}?\b(?:is|of|:|=|are|—|-)\s*(?:about\s+|roughly\s+)?${RANGE}${NUM}[\s-]*${UNIT}`,
  'gi',
);
/** "a 48-hour SLA", "our 2 business day turnaround". */
const ADJECTIVE = new RegExp(
  String.raw`\b${NUM}[\s-]+(business|working)?[\s-]*(hour|day|week)[\s-]+(?:response|sla|turn-?around|review)`,
  'gi',
);

/** Words that mark a statement about answering guests. */
const RESPONSE_WORD =
  /\b(respond\w*|response|repl(?:y|ies|ied)|answer\w*|review\w*|triag\w*|acknowledg\w*|get back|feedback|looks? at|sla|turn-?around)\b/i;
/** The contributor is the subject: a demand, not a promise. */
const CONTRIBUTOR_SUBJECT =
  /\b(?:you|please|contributors?|authors?|submitters?|reporters?)\s+(?:(?:do not|don't|doesn't|does not|must|should|need to|have to|will|can|are expected to|is expected to|fail to|are asked to|kindly)\s+)*(?:respond|reply|answer|get back|address)/i;
const STALE = /\b(stale|inactiv\w*|auto-?clos\w*|will be closed|gets? closed|no activity)\b/i;
/** Kinds of items, to tell what a promise covers. */
const PR_WORD =
  /\b(pull[\s-]requests?|merge[\s-]requests?|PRs?|MRs?|patch(?:es)?|code reviews?|changes?|contributions?|submissions?)\b/gi;
const ISSUE_WORD = /\b(issues?|bugs?|bug reports?|questions?|tickets?|feature requests?|reports?)\b/gi;

/** Parses a number word or digits; null for vague amounts. */
function amountOf(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return 1;
  const s = raw.toLowerCase().trim();
  if (/^\d/.test(s)) {
    const n = Number(s.replace(',', '.'));
    return Number.isFinite(n) && n > 0 ? n : null;
  }
  return NUMBER_WORDS[s] ?? null;
}

function unitOf(qualifier: string | undefined, unit: string): PromiseUnit | null {
  const q = (qualifier ?? '').toLowerCase();
  const u = unit.toLowerCase();
  const business =
    q === 'business' || q === 'working' || q === 'work' || q === 'week' || u.startsWith('weekday');
  if (u.startsWith('min')) return business ? null : 'minutes';
  if (u === 'h' || u.startsWith('hour') || u.startsWith('hr')) return business ? 'business-hours' : 'hours';
  if (u.startsWith('day') || u.startsWith('weekday')) return business ? 'business-days' : 'days';
  if (u.startsWith('week') || u.startsWith('wk')) return business ? null : 'weeks';
  return null;
}

/** Calendar hours a promise allows: business time widened by the weekends it may span. */
export function calendarHours(amount: number, unit: PromiseUnit): number {
  switch (unit) {
    case 'minutes':
      return amount / 60;
    case 'hours':
      return amount;
    case 'business-hours':
      return calendarHours(Math.ceil(amount / 8), 'business-days');
    case 'days':
      return amount * 24;
    case 'business-days': {
      const days = Math.ceil(amount);
      return (days + 2 * Math.ceil(days / 5)) * 24;
    }
    case 'weeks':
      return amount * 168;
  }
}

function term(amount: number, unit: PromiseUnit, quote: string, path: string): PromiseTerm | null {
  const hours = calendarHours(amount, unit);
  // Over a quarter is no response promise (a release cadence, a retention period).
  if (!(hours > 0) || hours > 24 * 92) return null;
  const short = quote.length > MAX_QUOTE ? `${quote.slice(0, MAX_QUOTE - 1)}…` : quote;
  return { amount, unit, hours, quote: short, path };
}

/** Markdown reduced to prose sentences: no code, no HTML, links as their text. */
export function sentencesOf(markdown: string): string[] {
  const text = markdown
    .slice(0, MAX_PROMISE_TEXT)
    .replace(/\r\n?/g, '\n')
    .replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(^ {0,3}\1[^\n]*$|(?![\s\S]))/gm, '\n')
    .replace(/<!--[\s\S]*?(-->|(?![\s\S]))/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/!?\[([^\]\n]{0,500})\]\([^)\n]{0,2048}\)/g, '$1')
    .replace(/<[^>\n]{0,1000}>/g, ' ')
    .replace(/[*_]{1,3}/g, '');
  const out: string[] = [];
  // A paragraph's lines form sentences together; headings, list items and table rows stand alone.
  for (const block of text.split(/\n(?:\s*\n|(?=\s{0,3}(?:[-*+]|\d{1,3}[.)]|#{1,6}|\|)\s))/)) {
    const flat = block
      .replace(/^\s*(?:[-*+]|\d{1,3}[.)]|#{1,6}|>)\s+/gm, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (!flat) continue;
    for (const s of flat.split(/(?<=[.!?;])\s+(?=[A-Z0-9"'(])/)) {
      const t = s.trim();
      if (t) out.push(t.slice(0, MAX_SENTENCE));
    }
  }
  return out;
}

/** What a stretch of a sentence is about: the kinds named in it, nearest to the duration first. */
function targetsBefore(sentence: string, at: number): PromiseTarget[] {
  // The clause that holds the duration: back to the previous duration or clause break, else the sentence start.
  const head = sentence.slice(0, at);
  const cut = Math.max(head.lastIndexOf(' and '), head.lastIndexOf(','), head.lastIndexOf(' while '));
  const clause = cut > 0 ? head.slice(cut) : head;
  const inClause = kinds(clause);
  if (inClause.length > 0) return inClause;
  const inSentence = kinds(sentence);
  return inSentence.length > 0 ? inSentence : ['pull-requests', 'issues'];
}

function kinds(text: string): PromiseTarget[] {
  const out: PromiseTarget[] = [];
  PR_WORD.lastIndex = 0;
  ISSUE_WORD.lastIndex = 0;
  if (PR_WORD.test(text)) out.push('pull-requests');
  if (ISSUE_WORD.test(text)) out.push('issues');
  PR_WORD.lastIndex = 0;
  ISSUE_WORD.lastIndex = 0;
  return out;
}

interface Found {
  at: number;
  term: PromiseTerm;
}

/** Every promised duration of one sentence, in order. */
function durationsIn(sentence: string, path: string): Found[] {
  const found: Found[] = [];
  const seen = new Set<number>();
  const add = (at: number, amountRaw: string | undefined, qualifier: string | undefined, unit: string) => {
    if (seen.has(at)) return;
    const amount = amountOf(amountRaw);
    const u = unitOf(qualifier, unit);
    if (amount === null || u === null) return;
    const t = term(amount, u, sentence, path);
    if (!t) return;
    seen.add(at);
    found.push({ at, term: t });
  };
  for (const m of sentence.matchAll(BOUNDED)) {
    // "in a few days", "in days": vague; "in 2 days" needs its number, "within a day" takes "a".
    const before = sentence.slice(Math.max(0, m.index - 1), m.index);
    if (/\w/.test(before)) continue;
    const [, num, qualifier, unit] = m;
    if (num === undefined && !/^(within|by)\b/i.test(m[0])) continue;
    if (num === undefined && !/\bnext\b/i.test(m[0]) && /^(by)\b/i.test(m[0])) continue;
    add(m.index, num, qualifier, unit);
  }
  for (const m of sentence.matchAll(NEXT_DAY)) {
    const business = m[2] !== undefined || m[1].toLowerCase() === 'next';
    // "the next day" after a weekend release is no promise; "next business day" and "same day" are.
    if (m[1].toLowerCase() === 'following' && !m[2]) continue;
    add(m.index, '1', business ? 'business' : undefined, 'day');
  }
  for (const m of sentence.matchAll(STATED)) add(m.index + m[0].length - 1, m[1], m[2], m[3]);
  for (const m of sentence.matchAll(ADJECTIVE)) add(m.index, m[1], m[2], m[3]);
  return found.sort((a, b) => a.at - b.at);
}

/** True when a sentence states something the host promises about answering. */
function isPromiseSentence(sentence: string): boolean {
  if (!RESPONSE_WORD.test(sentence)) return false;
  if (CONTRIBUTOR_SUBJECT.test(sentence)) return false;
  if (STALE.test(sentence)) return false;
  return true;
}

/** The response-time promise stated in a CONTRIBUTING (or similar) Markdown text, or null when none. */
export function parsePromiseText(markdown: string, path: string): ResponsePromise | null {
  const promise: ResponsePromise = { pullRequests: null, issues: null };
  for (const sentence of sentencesOf(markdown)) {
    if (!isPromiseSentence(sentence)) continue;
    for (const f of durationsIn(sentence, path)) {
      for (const target of targetsBefore(sentence, f.at)) {
        // The first statement for a kind wins: later ones are usually escalations ("…or ping us after a week").
        if (target === 'pull-requests' && !promise.pullRequests) promise.pullRequests = f.term;
        if (target === 'issues' && !promise.issues) promise.issues = f.term;
      }
    }
    if (promise.pullRequests && promise.issues) break;
  }
  return promise.pullRequests || promise.issues ? promise : null;
}

/** A compact duration as innersource.json may hold it: `48h`, `2d`, `1w`, `2bd`, or a phrase. */
const COMPACT = /^\s*(\d{1,3}(?:\.\d)?)\s*(h|hrs?|d|bd|wd|w|wk)\s*$/i;

/** Parses one innersource.json response-time value: hours as a number, or a duration in words. */
export function parsePromiseValue(value: unknown, path: string): PromiseTerm | null {
  if (typeof value === 'number')
    return Number.isFinite(value) ? term(value, 'hours', `${value} hours`, path) : null;
  if (typeof value !== 'string' || value.length > MAX_SENTENCE) return null;
  const quote = value.trim();
  const compact = COMPACT.exec(quote);
  if (compact) {
    const n = Number(compact[1]);
    const u = compact[2].toLowerCase();
    const unit: PromiseUnit =
      u === 'd' ? 'days' : u === 'bd' || u === 'wd' ? 'business-days' : u.startsWith('w') ? 'weeks' : 'hours';
    return term(n, unit, quote, path);
  }
  // "2 business days", "within 48 hours", "next business day": a bare duration is a bound here.
  const bounded = /^\s*(within|in|under|up to|at most|next|same)\b/i.test(quote) ? quote : `within ${quote}`;
  return durationsIn(bounded, path)[0]?.term ?? null;
}

/**
 * The keys of innersource.json read for a promise (an Agora extension; the InnerSource Portal schema has
 * none): `responseTime` for both kinds, `responseTime.pullRequests` / `responseTime.issues` per kind; the
 * snake-case spellings are accepted too. A value is hours as a number, or a duration in words.
 */
export function parsePromiseJson(json: Record<string, unknown>, path: string): ResponsePromise | null {
  const raw = own(json, 'responseTime') ?? own(json, 'response_time');
  if (raw === undefined || raw === null) return null;
  const promise: ResponsePromise = { pullRequests: null, issues: null };
  if (typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    promise.pullRequests = parsePromiseValue(
      own(o, 'pullRequests') ?? own(o, 'pull_requests') ?? own(o, 'prs') ?? own(o, 'mergeRequests'),
      path,
    );
    promise.issues = parsePromiseValue(own(o, 'issues'), path);
  } else {
    const t = parsePromiseValue(raw, path);
    promise.pullRequests = t;
    promise.issues = t;
  }
  return promise.pullRequests || promise.issues ? promise : null;
}

function own(o: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** The promise a repository states: innersource.json, when it has one, wins over CONTRIBUTING prose. */
export function responsePromiseOf(sources: {
  innersourceJson?: { path: string; json: Record<string, unknown> } | null;
  contributing?: { path: string; text: string } | null;
}): ResponsePromise | null {
  const declared = sources.innersourceJson
    ? parsePromiseJson(sources.innersourceJson.json, sources.innersourceJson.path)
    : null;
  const prose = sources.contributing
    ? parsePromiseText(sources.contributing.text, sources.contributing.path)
    : null;
  if (!declared) return prose;
  if (!prose) return declared;
  // Per kind: what innersource.json declares, else what the prose says.
  return {
    pullRequests: declared.pullRequests ?? prose.pullRequests,
    issues: declared.issues ?? prose.issues,
  };
}

/** Files as the snapshot or a check subject holds them: path → text (null when unread). */
type TextFiles = ReadonlyMap<string, { text: string | null }>;

/**
 * The promise of a repository from its own files: innersource.json (root, `.github/`, `docs/`) and the
 * CONTRIBUTING document the docs analyser found (never an inherited one). Malformed JSON is no promise here;
 * the innersource.json analyser reports it.
 */
export function responsePromiseFromFiles(files: TextFiles, docs: readonly DocFact[]): ResponsePromise | null {
  const byLower = new Map<string, string>();
  for (const path of files.keys()) byLower.set(path.toLowerCase(), path);
  let innersourceJson: { path: string; json: Record<string, unknown> } | null = null;
  for (const candidate of INNERSOURCE_PATHS) {
    const path = byLower.get(candidate);
    const text = path ? files.get(path)?.text : null;
    if (!path || !text) continue;
    try {
      const json: unknown = JSON.parse(text);
      if (isRecord(json)) innersourceJson = { path, json };
    } catch {
      // Reported by the innersource.json analyser.
    }
    break;
  }
  const doc = docs.find((d) => d.kind === 'contributing' && !d.inherited);
  const text = doc ? files.get(doc.path)?.text : null;
  return responsePromiseOf({
    innersourceJson,
    contributing: doc && text ? { path: doc.path, text } : null,
  });
}
