// Forge logins as people: a login's team at a time (by a `login:` member entry, else by any email the login
// is known by: emails the forge's commit listing paired with it, GitHub noreply addresses, member entries that
// give both `email:` and `login:`), and whether a login is automation (the forge's own flag, `[bot]` logins,
// GitLab project/group bot users, the config's `bots:`; `bots.notBots` wins). One definition of a bot for
// commits and forge items: src/analyse/bots.ts.

import { type BotConfig, isBot, isDeclaredPerson } from '../analyse/bots.ts';
import type { TeamConfig } from '../config/schema.ts';
import type { TeamModel } from './teams.ts';

/** Login (lower-cased) → emails (lower-cased) it is known by. */
export type LoginEmails = ReadonlyMap<string, readonly string[]>;

const GITLAB_BOT = /^(project|group)_\d+_bot(_[0-9a-f]+|\d*)$/;

/** The bot test for forge logins. */
export function makeLoginBotTest(config: BotConfig): (login: string, forgeSaysBot: boolean) => boolean {
  return (login, forgeSaysBot) => {
    const l = login.trim().toLowerCase();
    if (isDeclaredPerson(l, '', config)) return false;
    return forgeSaysBot || GITLAB_BOT.test(l) || isBot(l, '', config);
  };
}

/** Pairs from the config: member entries giving both an email and a login. */
export function configLoginEmails(teams: Record<string, TeamConfig>): [string, string][] {
  const out: [string, string][] = [];
  for (const t of Object.values(teams)) {
    for (const m of t.members) {
      if (typeof m !== 'string' && m.login && m.email && !/[*?[\]{}]/.test(m.email)) {
        out.push([m.login.replace(/^@/, '').toLowerCase(), m.email.toLowerCase()]);
      }
    }
  }
  return out;
}

/** Merges login → email pairs into one map. */
export function mergeLoginEmails(...sources: Iterable<[string, string]>[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const source of sources) {
    for (const [login, email] of source) {
      const list = out.get(login);
      if (!list) out.set(login, [email]);
      else if (!list.includes(email)) list.push(email);
    }
  }
  return out;
}

/**
 * A login's team at `time` (unix seconds): a membership of the login itself first (a `login:` entry), else of
 * the first of its emails that has one. Null: unaffiliated.
 */
export function loginTeamAt(
  model: TeamModel,
  logins: LoginEmails,
  login: string,
  time: number,
): string | null {
  const l = login.toLowerCase();
  const direct = model.teamAt(l, time);
  if (direct !== null) return direct;
  for (const email of logins.get(l) ?? []) {
    const team = model.teamAt(email, time);
    if (team !== null) return team;
  }
  return null;
}
