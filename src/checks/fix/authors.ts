// The most active recent committers of a working tree: `agora fix` names them as owners when nothing
// declares ownership (CODEOWNERS accepts emails).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isBot } from '../../analyse/bots.ts';

/** Up to `max` emails of the most frequent human authors of the last 200 commits; [] outside git. */
export function recentAuthors(root: string, max = 2): string[] {
  if (!existsSync(join(root, '.git'))) return [];
  const r = spawnSync('git', ['-C', root, 'log', '-n', '200', '--format=%aN%x00%aE'], {
    encoding: 'utf8',
    timeout: 10_000,
    env: { ...process.env, LC_ALL: 'C.UTF-8', GIT_NO_LAZY_FETCH: '1' },
  });
  if (r.status !== 0) return [];
  const counts = new Map<string, number>();
  for (const line of r.stdout.split('\n')) {
    const [name, email] = line.split('\0');
    if (!email || isBot(name ?? '', email)) continue;
    const e = email.toLowerCase();
    counts.set(e, (counts.get(e) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([e]) => e);
}
