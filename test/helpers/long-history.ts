// A real repository with a long linear history, written by one `git fast-import` (50,000 commits in a few
// seconds), for tests of what only long histories do (commit batches, crawls killed mid-history).

import { git, makeRepo } from './gitdir.ts';

const BASE_TIME = Date.parse('2020-01-01T00:00:00Z') / 1000;

/** Creates (in `dir`) a repo whose `main` has `commits` commits by `authors` people, an hour apart. */
export async function longHistoryRepo(dir: string, commits: number, authors = 25): Promise<string> {
  await makeRepo({ dir, commits: [] });
  const parts: string[] = [];
  for (let i = 0; i < commits; i++) {
    const a = i % authors;
    const when = BASE_TIME + i * 3600;
    parts.push(
      `commit refs/heads/main\nauthor Dev ${a} <dev${a}@example.com> ${when} +0000\n` +
        `committer Agora Test <test@agora.invalid> ${when} +0000\ndata 8\ncommit ${i % 10}\n` +
        `M 100644 inline src/f${i % 50}.ts\ndata ${String(i).length + 1}\n${i}\n\n`,
    );
  }
  parts.push('done\n');
  await git(dir, ['-c', 'pack.compression=1', 'fast-import', '--quiet', '--done'], parts.join(''));
  await git(dir, ['reset', '--hard', '--quiet', 'main']);
  return dir;
}
