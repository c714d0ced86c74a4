// The roll-up's monthly series: the month not over yet is flagged partial, whatever the day.

import { describe, expect, it } from 'vitest';
import { computeRollup } from './rollup.ts';

const at = (iso: string) => Date.parse(iso) / 1000;

function rollup(now: string, owner: string | null = 'team-a') {
  return computeRollup({
    now: at(now),
    windowDays: 90,
    repos: [{ id: 'a', firstCommitAt: at('2024-01-01T00:00:00Z') }],
    ownerOf: () => owner,
    contributions: [
      { repoId: 'a', identity: 'x@b', name: 'X', isBot: false, time: at(now) - 3600, commits: 1 },
    ],
    teamAt: () => 'team-b',
    edges: [],
    standards: null,
  });
}

describe('organisation roll-up series', () => {
  it('flags the current month, and only it, as partial', () => {
    const r = rollup('2025-06-03T10:00:00Z');
    expect(r.series.at(-1)).toMatchObject({
      month: '2025-06',
      partial: true,
      reposWithOutsideContributions: 1,
    });
    expect(r.series.slice(0, -1).some((p) => 'partial' in p)).toBe(false);
  });

  it('flags the current month even on its last second', () => {
    const r = rollup('2025-06-30T23:59:59Z');
    expect(r.series.at(-1)).toMatchObject({ month: '2025-06', partial: true });
  });

  it('does not measure the outside share where no repo has an owning team with known members', () => {
    const measured = rollup('2025-06-03T10:00:00Z');
    expect(measured.shareWithOutsideContributions).toBe(1);
    expect(measured.series.at(-1)?.shareWithOutsideContributions).toBe(1);
    // No teams configured: every commit is "outside" of nothing; 0% would read as a fact.
    const unmeasured = rollup('2025-06-03T10:00:00Z', null);
    expect(unmeasured.shareWithOutsideContributions).toBeNull();
    expect(unmeasured.series.map((p) => p.shareWithOutsideContributions)).toEqual(Array(12).fill(null));
    expect(unmeasured.reposWithOutsideContributions).toBe(0);
    expect(unmeasured.notes.join(' ')).toContain('not measured');
  });
});
