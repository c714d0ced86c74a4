// The InnerSource Commons Repository Activity Score, re-expressed from the published formula in
// InnerSourceCommons/InnerSourcePatterns, patterns/2-structured/repository-activity-score.md (as used by
// SAP/project-portal-for-innersource). Forge-only terms are 0 without a forge; dates and participation come
// from git. One deliberate difference: the published code means to average the last 13 weeks but its
// `slice(participation - 13)` sums the whole array; we use the last 13 weeks, as its comment says.

import type { ActivityScore, ActivityScoreInputs } from './types.ts';

const DAY_MS = 86_400_000;

function daysSince(iso: string | null, now: Date): number {
  // Without a date the repo counts as long untouched / long existing: no recency bonus, no young boost.
  if (!iso) return Number.POSITIVE_INFINITY;
  return (now.getTime() - new Date(iso).getTime()) / DAY_MS;
}

/** Computes the Repository Activity Score and the terms it is made of. */
export function activityScore(inputs: ActivityScoreInputs, now: Date): ActivityScore {
  const base = 50;
  const popularity =
    (inputs.forks ?? 0) * 5 + (inputs.watchers ?? 0) + (inputs.stars ?? 0) / 3 + (inputs.openIssues ?? 0) / 5;
  let score = base + popularity;

  const sinceUpdate = daysSince(inputs.updatedAt, now);
  // 1 + (0..1): 1 when updated today, 0 when more than 100 days ago.
  const recencyMultiplier = 1 + (100 - Math.min(sinceUpdate, 100)) / 100;
  score *= recencyMultiplier;

  // 1 + (0..1): 0 below 3 commits a week on average over 13 weeks, 1 from 10 a week.
  const perWeek = inputs.commitsLast13Weeks / 13;
  const participationMultiplier = 1 + Math.min(Math.max(perWeek - 3, 0), 7) / 7;
  score *= participationMultiplier;

  // Up to 1000 for a repo updated this year, fading with the days since update, and scaled down by age so
  // that only young projects get it.
  const sinceCreation = daysSince(inputs.createdAt, now);
  const boost = (1000 - Math.min(sinceUpdate, 365) * 2.74) * ((365 - Math.min(sinceCreation, 365)) / 365);
  score += boost;

  const description = (inputs.description?.length ?? 0) > 30 ? 50 : 0;
  score += description;
  const guidelines = inputs.hasContributingGuidelines ? 100 : 0;
  score += guidelines;

  const logScaled = score > 3000;
  if (logScaled) score = 3000 + Math.log(score) * 100;

  return {
    score: Math.round(score - base),
    inputs,
    terms: {
      base,
      popularity,
      recencyMultiplier,
      participationMultiplier,
      boost,
      description,
      guidelines,
      logScaled,
    },
  };
}
