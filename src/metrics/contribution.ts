// A contribution: commits by one identity to one repo at one time. A raw commit is a contribution of 1;
// the store hands back grouped ones (same identity, repo and time bucket) to keep large organisations fast.

export interface Contribution {
  repoId: string;
  /** Canonical identity: lower-cased email after the alias file. */
  identity: string;
  name: string;
  isBot: boolean;
  /** Unix seconds; for a grouped contribution, the earliest commit in its bucket. */
  time: number;
  commits: number;
}

/** Returns who a contribution's author belonged to at that time (null = unaffiliated). */
export type TeamAt = (identity: string, time: number) => string | null;

export const DAY = 86_400;
