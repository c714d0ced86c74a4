import { describe, expect, it } from 'vitest';
import { activityScore } from './activity.ts';
import type { ActivityScoreInputs } from './types.ts';

// A transcription of the published formula (InnerSourceCommons/InnerSourcePatterns,
// patterns/2-structured/repository-activity-score.md), kept in the published shape with GitHub field names,
// with its clock injectable and the participation slice taking the last 13 entries (see activity.ts).
function publishedFormula(repo: any, now: Date): number {
  let iScore = 50;
  iScore +=
    repo.forks_count * 5 + repo.watchers_count + repo.stargazers_count / 3 + repo.open_issues_count / 5;
  const iDaysSinceLastUpdate = (now.getTime() - new Date(repo.updated_at).getTime()) / 1000 / 86400;
  iScore = iScore * (1 + (100 - Math.min(iDaysSinceLastUpdate, 100)) / 100);
  const meta = repo._InnerSourceMetadata;
  if (meta.participation) {
    const avg =
      meta.participation.slice(meta.participation.length - 13).reduce((a: number, b: number) => a + b) / 13;
    iScore = iScore * (1 + Math.min(Math.max(avg - 3, 0), 7) / 7);
  }
  let iBoost = 1000 - Math.min(iDaysSinceLastUpdate, 365) * 2.74;
  const iDaysSinceCreation = (now.getTime() - new Date(repo.created_at).getTime()) / 1000 / 86400;
  iBoost *= (365 - Math.min(iDaysSinceCreation, 365)) / 365;
  iScore += iBoost;
  iScore += meta.description.length > 30 || meta.motivation.length > 30 ? 50 : 0;
  iScore += meta.guidelines ? 100 : 0;
  if (iScore > 3000) iScore = 3000 + Math.log(iScore) * 100;
  return Math.round(iScore - 50);
}

const NOW = new Date('2025-03-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

const cases: { label: string; inputs: ActivityScoreInputs; participation: number[] }[] = [
  {
    label: 'popular and busy (log scale)',
    inputs: {
      forks: 120,
      watchers: 300,
      stars: 900,
      openIssues: 40,
      createdAt: daysAgo(900),
      updatedAt: daysAgo(1),
      commitsLast13Weeks: 0,
      description: 'A shared payment client used across the company',
      hasContributingGuidelines: true,
    },
    participation: [12, 15, 9, 11, 20, 14, 13, 10, 8, 16, 12, 11, 19],
  },
  {
    label: 'young project',
    inputs: {
      forks: 1,
      watchers: 2,
      stars: 3,
      openIssues: 4,
      createdAt: daysAgo(30),
      updatedAt: daysAgo(2),
      commitsLast13Weeks: 0,
      description: 'tiny',
      hasContributingGuidelines: false,
    },
    participation: [0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 8, 9],
  },
  {
    label: 'dormant',
    inputs: {
      forks: 0,
      watchers: 0,
      stars: 0,
      openIssues: 0,
      createdAt: daysAgo(2000),
      updatedAt: daysAgo(500),
      commitsLast13Weeks: 0,
      description: 'An old library nobody touched for a long while now',
      hasContributingGuidelines: true,
    },
    participation: new Array(13).fill(0),
  },
  {
    label: 'moderate participation',
    inputs: {
      forks: 3,
      watchers: 7,
      stars: 12,
      openIssues: 9,
      createdAt: daysAgo(200),
      updatedAt: daysAgo(40),
      commitsLast13Weeks: 0,
      description: null,
      hasContributingGuidelines: true,
    },
    participation: [5, 6, 4, 7, 5, 6, 3, 4, 6, 5, 7, 6, 4],
  },
];

describe('activityScore', () => {
  for (const c of cases) {
    it(`matches the published formula: ${c.label}`, () => {
      const inputs = { ...c.inputs, commitsLast13Weeks: c.participation.reduce((a, b) => a + b, 0) };
      const expected = publishedFormula(
        {
          forks_count: inputs.forks,
          watchers_count: inputs.watchers,
          stargazers_count: inputs.stars,
          open_issues_count: inputs.openIssues,
          updated_at: inputs.updatedAt,
          created_at: inputs.createdAt,
          _InnerSourceMetadata: {
            participation: c.participation,
            description: inputs.description ?? '',
            motivation: '',
            guidelines: inputs.hasContributingGuidelines ? 'CONTRIBUTING.md' : undefined,
          },
        },
        NOW,
      );
      expect(activityScore(inputs, NOW).score).toBe(expected);
    });
  }

  it('uses 0 for forge-only terms without a forge', () => {
    const withZeros = activityScore(
      { ...cases[1].inputs, forks: 0, watchers: 0, stars: 0, openIssues: 0 },
      NOW,
    );
    const withNulls = activityScore(
      { ...cases[1].inputs, forks: null, watchers: null, stars: null, openIssues: null },
      NOW,
    );
    expect(withNulls.score).toBe(withZeros.score);
    expect(withNulls.terms.popularity).toBe(0);
  });

  it('computes a hand-worked example (docs/metrics.md)', () => {
    // 50 base; updated 10 days ago → ×1.9 = 95; 39 commits in 13 weeks = 3/week → ×1;
    // created 100 days ago → boost (1000 − 27.4) × 265/365 = 706.14…; +50 description; +0 → 851.14 − 50 → 801.
    const r = activityScore(
      {
        forks: null,
        watchers: null,
        stars: null,
        openIssues: null,
        createdAt: daysAgo(100),
        updatedAt: daysAgo(10),
        commitsLast13Weeks: 39,
        description: 'Shared ledger service for every payment product',
        hasContributingGuidelines: false,
      },
      NOW,
    );
    expect(r.score).toBe(801);
    expect(r.terms.logScaled).toBe(false);
  });
});
