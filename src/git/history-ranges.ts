// Splits a long history into revision ranges that parallel `git log` processes can read: one `git log` is the
// floor of a first crawl of a long history while the crawl's own thread is mostly idle, so a history split in
// k ranges is read by k processes at once. The ranges partition the history exactly (no commit lost or read
// twice, merges included), see `historyRanges`.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AgoraError } from '../errors.ts';
import { runGit } from './exec.ts';

/** One range: the commits reachable from `head` and not from `since` (all of `head`'s history when null). */
export interface HistoryRange {
  head: string;
  since: string | null;
}

export interface SplitOptions {
  /** At most this many ranges. */
  ranges: number;
  /** Each range spans at least this many first-parent commits; a shorter chain is not split. */
  minChainPerRange: number;
  timeoutMs: number;
}

/**
 * Ranges that together hold exactly `head`'s history, newest first, or null when the history is too short to
 * split (or its first-parent chain cannot be read: the caller reads it whole, as before). Boundaries are
 * commits B1, B2, … spaced evenly along the first-parent chain; range i is `B(i-1) ^B(i)`. Each B(i) is an
 * ancestor of B(i-1), so what B(i) reaches is a subset of what B(i-1) reaches and the differences partition
 * the history: a commit on a merged side branch belongs to the one range whose boundary first reaches it.
 */
export async function historyRanges(
  gitDir: string,
  head: string,
  opts: SplitOptions,
): Promise<HistoryRange[] | null> {
  if (opts.ranges < 2) return null;
  let chain: string[];
  try {
    const { stdout } = await runGit(['rev-list', '--first-parent', '--end-of-options', head, '--'], {
      gitDir,
      timeoutMs: opts.timeoutMs,
    });
    chain = stdout.toString('latin1').split('\n').filter(Boolean);
  } catch (err) {
    if (err instanceof AgoraError && err.code === 'GIT_TIMEOUT') throw err;
    return null;
  }
  const count = Math.min(opts.ranges, Math.floor(chain.length / opts.minChainPerRange));
  if (count < 2) return null;
  const bounds: string[] = [head];
  for (let i = 1; i < count; i++) bounds.push(chain[Math.floor((i * chain.length) / count)]);
  return bounds.map((b, i) => ({ head: b, since: bounds[i + 1] ?? null }));
}

/**
 * Bytes in the repository's pack files, from the file system (no git process): a cheap hint of a history's
 * size, so short histories never pay for the first-parent walk. Loose objects are left out: git packs them
 * once there are a few thousand, so a long history is always mostly packed.
 */
export async function packBytes(gitDir: string): Promise<number> {
  const dir = join(gitDir, 'objects', 'pack');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let total = 0;
  for (const name of names) {
    if (!name.endsWith('.pack')) continue;
    try {
      total += (await stat(join(dir, name))).size;
    } catch {
      // Removed by a concurrent repack: the hint is only a hint.
    }
  }
  return total;
}
