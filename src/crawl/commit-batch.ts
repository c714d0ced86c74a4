// How many commits a crawl writes per transaction while it reads a history.

/** Commits are written in batches of this size, so a huge history is never held in memory whole. */
export const COMMIT_BATCH = 20_000;

/**
 * The commit batch: COMMIT_BATCH, or `AGORA_COMMIT_BATCH` (100–20 000) when set (tests of a crawl killed between
 * batches use small ones, so their history need not be tens of thousands of commits).
 */
export function commitBatch(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.AGORA_COMMIT_BATCH?.trim();
  const n = text ? Number(text) : Number.NaN;
  return Number.isInteger(n) && n >= 100 && n <= COMMIT_BATCH ? n : COMMIT_BATCH;
}
