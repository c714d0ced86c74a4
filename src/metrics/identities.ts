// Who made a commit: an author email merged by the organisation-wide alias file (mailmap format), and whether
// the author is a bot. Repo `.mailmap`s were already applied by git during the crawl.

import picomatch from 'picomatch';

/** Maps commit emails (lower-cased) to canonical emails; parsed from a mailmap text. */
export type AliasMap = Map<string, string>;

const EMAIL = /<([^<>]*)>/g;

/**
 * Parses mailmap text (`Name <canonical@x> <commit@x>`, `<canonical@x> <commit@x>`, `Name <x>`) into an alias
 * map. Lines with one email only change names, which identities ignore. Unreadable lines are skipped.
 */
export function parseMailmap(text: string): AliasMap {
  const map: AliasMap = new Map();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    const emails = [...line.matchAll(EMAIL)].map((m) => m[1].trim().toLowerCase());
    if (emails.length < 2 || !emails[0] || !emails[1]) continue;
    // A name between the two emails restricts the rule to that commit name; identities are emails, so the
    // rule applies to the commit email whatever the name (documented in docs/metrics.md).
    if (emails[0] !== emails[1]) map.set(emails[1], emails[0]);
  }
  return map;
}

/** The canonical identity of an email: followed through the alias map (chains resolved, cycles stopped). */
export function canonicalEmail(email: string, aliases: AliasMap): string {
  let current = email.trim().toLowerCase();
  const seen = new Set<string>();
  while (aliases.has(current) && !seen.has(current)) {
    seen.add(current);
    current = aliases.get(current) as string;
  }
  return current;
}

const BOT_EMAIL =
  /(\[bot\]@|^bot@|^noreply@github\.com$|^[^@]*bot@users\.noreply\.github\.com$|dependabot|renovate)/;

/** True when an identity is a bot: flagged at crawl time, a `[bot]` name or address, or in the config's `bots:`. */
export function makeBotTest(
  patterns: string[],
): (email: string, name: string, storedIsBot: boolean) => boolean {
  const matchers = patterns.map((p) => picomatch(p.toLowerCase(), { nocase: true, dot: true }));
  return (email, name, storedIsBot) => {
    if (storedIsBot) return true;
    const e = email.toLowerCase();
    const n = name.toLowerCase();
    if (n.endsWith('[bot]') || BOT_EMAIL.test(e)) return true;
    for (const m of matchers) if (m(e) || m(n)) return true;
    return false;
  };
}

/** The forge login a GitHub noreply address encodes (`123+login@users.noreply.github.com`), else null. */
export function loginFromEmail(email: string): string | null {
  const m = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/.exec(email.toLowerCase());
  return m ? m[1] : null;
}
