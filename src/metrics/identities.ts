// Who made a commit: an author email merged by the organisation-wide alias file (mailmap format), and whether
// the author is a bot (by the crawl's definition in src/analyse/bots.ts). Repo `.mailmap`s were already applied by git during the crawl.

import { type BotConfig, botRules, isBot, isDeclaredPerson } from '../analyse/bots.ts';

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

/**
 * The metrics' bot test, by the one definition (src/analyse/bots.ts) and the config's `bots:`: the crawl's
 * stored flag stands (it came from the same rules, with names), the config's `add` applies to commits crawled
 * before it was written, and its `notBots` takes a person back from either.
 */
export function makeBotTest(
  config: BotConfig,
): (email: string, name: string, storedIsBot: boolean) => boolean {
  const rules = botRules(config);
  return (email, name, storedIsBot) => {
    if (isDeclaredPerson(name, email, rules)) return false;
    return storedIsBot || isBot(name, email, rules);
  };
}

/** Whether the metrics' bot test reads author names: only for the config's entries, which may be names. */
export function botTestReadsNames(config: BotConfig): boolean {
  const rules = botRules(config);
  return rules.add.length > 0 || rules.notBots.length > 0;
}

/** The forge login a GitHub noreply address encodes (`123+login@users.noreply.github.com`), else null. */
export function loginFromEmail(email: string): string | null {
  const m = /^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$/.exec(email.toLowerCase());
  return m ? m[1] : null;
}
