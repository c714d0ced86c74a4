// The standards readiness level as a badge: the word is always shown, colour only reinforces it.

import type { ReadinessLevel } from '../lib/types.ts';

const LABEL: Record<ReadinessLevel, string> = {
  gold: 'Gold',
  silver: 'Silver',
  bronze: 'Bronze',
  none: 'Not ready',
};

export function LevelBadge({ level }: { level: ReadinessLevel }) {
  return (
    <span className={`badge level-${level}`} title="Standards readiness level">
      <span className="visually-hidden">Standards level: </span>
      {LABEL[level] ?? level}
    </span>
  );
}

export function levelLabel(level: string): string {
  return LABEL[level as ReadinessLevel] ?? level;
}
