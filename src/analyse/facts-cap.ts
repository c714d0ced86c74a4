// Keeps one repository's facts under a size budget (`crawl.maxFactsBytes`): a repository that declares
// millions of dependencies or files must not become a facts string of hundreds of megabytes.

import type { Finding, RepoFacts } from './facts.ts';
import { formatBytes, formatCount } from './limits.ts';

// The lists a repository can grow without bound, in the order they give way; findings go last.
const LISTS = [
  'packages',
  'ci',
  'docs',
  'owners',
  'sensitiveFiles',
  'largeFiles',
  'languages',
  'findings',
] as const;
// Room for the finding this adds.
const MARGIN = 1024;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

/**
 * Trims `facts` in place until its JSON fits in `maxBytes`: entries are dropped from the ends of the
 * longest lists (packages keep what the repository publishes first), then the README text is cut.
 * Returns the FACTS_LIMIT finding naming the limit and what was dropped, or null when nothing was.
 */
export function capFactsSize(facts: RepoFacts, maxBytes: number): Finding | null {
  const total = jsonBytes(facts);
  if (total <= maxBytes) return null;
  let excess = total - maxBytes + MARGIN;
  const dropped: string[] = [];
  // What other repositories re-use matters more than one more consumed package.
  facts.packages = [
    ...facts.packages.filter((p) => p.role === 'publishes'),
    ...facts.packages.filter((p) => p.role !== 'publishes'),
  ];
  const bySize = [...LISTS]
    .map((key) => ({ key, bytes: key === 'findings' ? 0 : jsonBytes(facts[key]) }))
    .sort((a, b) => b.bytes - a.bytes);
  for (const { key } of bySize) {
    if (excess <= 0) break;
    const list = facts[key] as unknown[];
    const before = list.length;
    if (before === 0) continue;
    // Keep the longest head of the list that fits what this list may still take (`[` `]`, commas).
    const listBytes = jsonBytes(list);
    const budget = listBytes - excess;
    let kept = 0;
    let used = 2;
    while (kept < before) {
      const next = used + jsonBytes(list[kept]) + (kept > 0 ? 1 : 0);
      if (next > budget) break;
      used = next;
      kept++;
    }
    list.length = kept;
    excess -= listBytes - used;
    if (kept < before) dropped.push(`${formatCount(before - kept)} of ${formatCount(before)} ${key}`);
  }
  if (excess > 0 && facts.readme) {
    const keep = Math.max(0, facts.readme.text.length - excess);
    facts.readme = { ...facts.readme, text: facts.readme.text.slice(0, keep), truncated: true };
    dropped.push('the end of the README');
  }
  const finding: Finding = {
    code: 'FACTS_LIMIT',
    severity: 'warning',
    message: `the facts of this repository came to ${formatBytes(total)}, over the limit of ${formatBytes(maxBytes)} per repository (crawl.maxFactsBytes); dropped ${dropped.join(', ')}`,
  };
  facts.findings.push(finding);
  return finding;
}
