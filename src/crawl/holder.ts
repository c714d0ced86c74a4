// Who holds the crawl lock: `host:pid` of the crawling process, and whether that process is known to be dead.

import { hostname } from 'node:os';

/** The lock holder name of this process. */
export function thisHolder(): string {
  return `${hostname()}:${process.pid}`;
}

/** True when a `host:pid` lock holder is a process on this host that no longer exists. */
export function holderIsDead(lockHolder: string): boolean {
  const m = /^(.*):(\d+)$/.exec(lockHolder);
  if (!m || m[1] !== hostname()) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
