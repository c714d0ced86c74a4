// The one detector of communication channels (chat, mailing list, forum, issue tracker) in a README or
// COMMUNICATION.md, shared by the portal's project page and the `communication-channel` rule. Images are never
// links, and badges, CI and coverage pages are never channels, whatever their URL looks like.

export type ChannelKind = 'chat' | 'mailing-list' | 'forum' | 'issue-tracker';

/** A link target of a Markdown text, with its text (empty for a bare URL). */
export interface MarkdownLink {
  url: string;
  text: string;
}

/** Only this much of a document is read (a channel is near the top; regexes stay cheap). */
export const MAX_CHANNEL_TEXT = 100_000;

const CHAT_HOST =
  /(^|\.)(slack\.com|teams\.microsoft\.com|teams\.live\.com|matrix\.to|element\.io|discord\.gg|discord\.com|discordapp\.com|gitter\.im|zulipchat\.com|mattermost\.[a-z]+|rocket\.chat)$|^(chat|mattermost|zulip|matrix|element|rocketchat|slack)\./i;
const LIST_HOST = /^(lists|list|listserv|mailman|groups\.io)\.|(^|\.)groups\.io$/i;
const LIST_PATH = /\/mailman\/|\/mailing-?lists?(\/|$)|\/pipermail\//i;
const FORUM_HOST =
  /^(discourse|discuss|forum|forums|community)\.|(^|\.)discourse\.group$|^groups\.google\.com$/i;
const FORUM_PATH = /\/discussions(\/|$)|\/forums?(\/|$)/i;
const TRACKER_HOST = /^(jira|youtrack|bugzilla|bugs|issues)\.|(^|\.)atlassian\.net$/i;
const TRACKER_PATH =
  /\/issues(\/|$)|\/-\/issues|\/browse\/[A-Z][A-Z0-9]+|\/projects\/[^/]+\/issues|\/show_bug\.cgi/;

/** Badge, CI, coverage and registry services: their pages are status, never a way to reach the team. */
const NOT_CHANNEL_HOST =
  /(^|\.)(shields\.io|badgen\.net|badge\.fury\.io|coveralls\.io|codecov\.io|codeclimate\.com|travis-ci\.(org|com)|circleci\.com|appveyor\.com|sonarcloud\.io|snyk\.io|codacy\.com|deepscan\.io|bestpractices\.(dev|coreinfrastructure\.org)|securityscorecards\.dev|packagephobia\.com|bundlephobia\.com|npmjs\.(com|org)|npmcharts\.com|pypi\.org|crates\.io|docs\.rs|packagist\.org|rubygems\.org|nuget\.org|pkg\.go\.dev|goreportcard\.com|deps\.dev|libraries\.io|david-dm\.org|app\.netlify\.com|readthedocs\.(org|io)|opencollective\.com|herokucdn\.com|githubusercontent\.com)$/i;
/** A GitHub Actions or GitLab pipeline page, or a badge picture wherever it is served. */
const NOT_CHANNEL_PATH =
  /\/actions(\/|$)|\/workflows\/|\/-\/(pipelines|jobs|commits)|\/_build|\/badges?(\/|\.|$)|\.(svg|png|gif|jpe?g|webp|ico)$/i;

/** The kind of channel a link is, or null when it is none (a badge, CI or coverage page, a plain web page). */
export function channelKind(url: string): ChannelKind | null {
  if (/^mailto:/i.test(url)) return 'mailing-list';
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
  const host = u.hostname;
  const path = u.pathname;
  if (NOT_CHANNEL_HOST.test(host) || NOT_CHANNEL_PATH.test(path)) return null;
  if (CHAT_HOST.test(host)) return 'chat';
  if (LIST_HOST.test(host) || LIST_PATH.test(path)) return 'mailing-list';
  if (FORUM_HOST.test(host) || FORUM_PATH.test(path)) return 'forum';
  if (TRACKER_HOST.test(host) || TRACKER_PATH.test(path)) return 'issue-tracker';
  return null;
}

/** True for a link that only shows a status or a picture (a badge target, an image file). */
export function isBadgeLink(url: string): boolean {
  try {
    const u = new URL(url);
    return NOT_CHANNEL_HOST.test(u.hostname) || NOT_CHANNEL_PATH.test(u.pathname);
  } catch {
    return false;
  }
}

const FENCE = /^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(^ {0,3}\1[^\n]*$|(?![\s\S]))/gm;
const INLINE_CODE = /`[^`\n]*`/g;
const DEFINITION = /^ {0,3}\[([^\]\n]{1,200})\]:[ \t]*<?([^\s>]+)>?[^\n]*$/gm;
const IMAGE = /!\[[^\]\n]{0,500}\]\([^)\n]{0,2048}\)/g;
const IMAGE_REF = /!\[([^\]\n]{0,500})\](?:\[([^\]\n]{0,200})\])?/g;
// A destination stops at `(` as at `)`: `[a]([a]([a](…` then costs one short scan per `[`, not 2 048 steps (the
// hostile corpus's README took 80-490 ms of the server's event loop); `(x)` inside a URL is rare in READMEs, and
// such a URL is still found as a bare one.
const LINK = /\[([^\]\n]{0,500})\]\(\s*<?([^\s()>]{1,2048})>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;
const LINK_REF = /\[([^\]\n]{0,500})\](?:\[([^\]\n]{0,200})\])?/g;
const HTML_A = /<a\s[^>]*?href\s*=\s*["']([^"'\s]{1,2048})["'][^>]*>([\s\S]{0,500}?)<\/a>/gi;
const HTML_TAG = /<[^>\n]{0,1000}>/g;
const BARE_URL = /\b(?:https?:\/\/[^\s)>\]"'`<]{1,2048}|mailto:[^\s)>\]"'`<]{1,320})/gi;
const EMAIL = /\b[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,200}\.[a-z]{2,}\b/gi;

function label(s: string): string {
  return s
    .replace(/<[^>]*>/g, '')
    .replace(/[*_`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function cleanUrl(url: string): string {
  return url.replace(/[.,;:!?]+$/, '');
}

/**
 * The link targets of a Markdown text in reading order: inline, reference-style and HTML `<a>` links, bare
 * URLs, and (with `addresses`) bare email addresses as `mailto:`. Images and the definitions only images use
 * are left out; so is code. A linked badge (`[![chat](badge.svg)](https://discord.gg/x)`) gives its target.
 */
export function markdownLinks(markdown: string, addresses = false): MarkdownLink[] {
  let text = markdown.slice(0, MAX_CHANNEL_TEXT).replace(/\r\n?/g, '\n');
  text = text.replace(FENCE, '\n').replace(INLINE_CODE, ' ');
  const definitions = new Map<string, string>();
  text = text.replace(DEFINITION, (_, name: string, url: string) => {
    const key = name.trim().toLowerCase();
    if (!definitions.has(key)) definitions.set(key, url);
    return '';
  });
  const found: { at: number; link: MarkdownLink }[] = [];
  // Each match is blanked (same length, so positions keep reading order) before the next, wider pattern runs.
  const blank = (s: string) => ' '.repeat(s.length);
  text = text.replace(IMAGE, blank).replace(IMAGE_REF, (m, alt: string, ref?: string) => {
    const key = (ref || alt).trim().toLowerCase();
    return definitions.has(key) ? blank(m) : m;
  });
  text = text.replace(HTML_A, (m, url: string, inner: string, at: number) => {
    found.push({ at, link: { url: cleanUrl(url), text: label(inner) } });
    return blank(m);
  });
  text = text.replace(HTML_TAG, blank);
  text = text.replace(LINK, (m, inner: string, url: string, at: number) => {
    found.push({ at, link: { url: cleanUrl(url), text: label(inner) } });
    return blank(m);
  });
  text = text.replace(LINK_REF, (m, inner: string, ref: string | undefined, at: number) => {
    const url = definitions.get((ref || inner).trim().toLowerCase());
    if (url === undefined) return m;
    found.push({ at, link: { url: cleanUrl(url), text: label(inner) } });
    return blank(m);
  });
  text = text.replace(BARE_URL, (m, at: number) => {
    found.push({ at, link: { url: cleanUrl(m), text: '' } });
    return blank(m);
  });
  if (addresses) {
    for (const m of text.matchAll(EMAIL)) {
      found.push({ at: m.index ?? 0, link: { url: `mailto:${m[0]}`, text: m[0] } });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.link);
}

/** A channel found in a document. */
export interface FoundChannel {
  kind: ChannelKind | 'link';
  url: string;
  text: string;
}

/**
 * The channels of a document: links of a recognised kind; with `all` (a COMMUNICATION.md, where every link is
 * about reaching the team) every other link too, as `link`, and bare addresses. Badges are never included.
 */
export function channelsIn(markdown: string, all = false): FoundChannel[] {
  const out: FoundChannel[] = [];
  for (const link of markdownLinks(markdown, all)) {
    if (isBadgeLink(link.url)) continue;
    const kind = channelKind(link.url);
    if (kind) out.push({ kind, ...link });
    else if (all && /^(https?|mailto):/i.test(link.url)) out.push({ kind: 'link', ...link });
  }
  return out;
}
