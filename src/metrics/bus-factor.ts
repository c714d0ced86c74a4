// CHAOSS contributor absence factor ("bus factor") and its team-level twin, the elephant factor.

/** The fewest contributors whose counts together make more than half of the total (0 for no commits). */
export function absenceFactor(counts: Iterable<number>): number {
  const sorted = [...counts].filter((c) => c > 0).sort((a, b) => b - a);
  const total = sorted.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let sum = 0;
  let n = 0;
  for (const c of sorted) {
    sum += c;
    n++;
    if (sum * 2 > total) return n;
  }
  return n;
}
